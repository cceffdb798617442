import { StringEnum, SurveyKind } from '@csp/contracts';
import { type Static, Type } from '@sinclair/typebox';

/** `/v1/config/surveys`: the satisfaction survey sent when a ticket is solved. */
export const SurveysDocumentSchema = Type.Object(
  {
    onSolve: Type.Object(
      {
        enabled: Type.Boolean(),
        kinds: Type.Array(SurveyKind(), { minItems: 1, maxItems: 3, uniqueItems: true, description: "CSAT, optionally NPS and CES, e.g. ['csat']" }),
        channel: Type.Optional(StringEnum(['same', 'email'] as const, { description: "where to send it: the ticket's channel (default) or always email" })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SurveysDocument = Static<typeof SurveysDocumentSchema>;
