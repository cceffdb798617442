import { type BusinessCalendar, CALENDAR_24X7, type CalendarsDocument } from '@csp/ticketing-domain';
import type { ConfigStore } from './config-store';

/** A lookup of `/v1/config/calendars` by id; an unknown or absent id means around the clock. */
export async function businessCalendars(configs: ConfigStore): Promise<(calendarId: string | undefined) => BusinessCalendar> {
  const calendars = (await configs.get<CalendarsDocument>('calendars')).document.calendars ?? [];
  return (calendarId) => {
    const found = calendarId ? calendars.find((c) => c.id === calendarId) : undefined;
    return found ? ({ ...found, holidays: found.holidays ?? [] } as BusinessCalendar) : CALENDAR_24X7;
  };
}
