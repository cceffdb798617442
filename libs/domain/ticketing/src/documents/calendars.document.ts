import { Str } from '@csp/contracts';
import { type Static, Type } from '@sinclair/typebox';

const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'HH:MM local time; 24:00 = end of day' });
const Day = Type.Optional(Type.Array(Type.Object({ start: Time, end: Time }, { additionalProperties: false }), { maxItems: 10 }));

/** `/v1/config/calendars`: business hours per weekday in a timezone, and holidays (local dates). */
export const CalendarsDocumentSchema = Type.Object(
  {
    calendars: Type.Array(
      Type.Object(
        {
          id: Str(100),
          name: Type.Optional(Str(200)),
          timezone: Str(100, { description: 'IANA timezone, e.g. Europe/Berlin' }),
          weeklyHours: Type.Object({ mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day }, { additionalProperties: false }),
          holidays: Type.Optional(Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, local' }), { maxItems: 1000, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type CalendarsDocument = Static<typeof CalendarsDocumentSchema>;
