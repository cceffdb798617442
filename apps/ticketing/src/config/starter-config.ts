import type { CalendarsDocument, RoutingRulesDocument, SlaPoliciesDocument, SurveysDocument, TeamsDocument, TimeRulesDocument } from '@csp/ticketing-domain';
import type { ConfigKind, ConfigStore } from './config-store';

/**
 * The embedded default's starter configuration (`STARTER_CONFIG=embedded`, set by `npm start`), so a fresh
 * install works end to end before anyone configures it: one support team whose members are the holders of the
 * `agent` and `lead` tokens of `.data/credentials.json`, a business calendar, an SLA policy per priority,
 * everything routed to that team, and a CSAT survey on solve. At the first start each is stored as version 1 of
 * its kind (starterConfigSeeder), so analytics (calendars), replays and simulations see it as events; PUT
 * `/v1/config/<kind>` replaces it.
 */
export const STARTER_CONFIG: Record<ConfigKind, Record<string, unknown>> = {
  teams: {
    agents: [
      { id: 'embedded-agent', name: 'Demo agent', skills: ['first-line'], capacity: 20, available: true },
      { id: 'embedded-lead', name: 'Demo lead', skills: ['first-line', 'escalations'], capacity: 10, available: true },
    ],
    teams: [{ id: 'support', name: 'Support', strategy: 'least_loaded', leadId: 'embedded-lead', members: ['embedded-agent', 'embedded-lead'] }],
  } satisfies TeamsDocument,
  'routing-rules': {
    rules: [{ id: 'urgent-words', name: 'Urgent wording', when: { keywords: { any: ['urgent', 'asap', 'immediately'] } }, then: { priority: 'high' } }],
    default: { teamId: 'support', category: 'general' },
  } satisfies RoutingRulesDocument,
  calendars: {
    calendars: [
      {
        id: 'office-hours', name: 'Office hours (UTC)', timezone: 'UTC',
        weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '08:00', end: '18:00' }]])),
        holidays: [],
      },
    ],
  } satisfies CalendarsDocument,
  'sla-policies': {
    policies: [
      { id: 'urgent', when: { priority: ['urgent'] }, targets: { first_response: 30, next_response: 60, resolution: 240 }, warnBeforeMinutes: 10, onBreach: { notifyLead: true } },
      { id: 'high', when: { priority: ['high'] }, targets: { first_response: 60, next_response: 240, resolution: 1_440 }, calendarId: 'office-hours', warnBeforeMinutes: 15, onBreach: { notifyLead: true, raisePriority: true } },
      { id: 'normal', when: { priority: ['normal'] }, targets: { first_response: 240, next_response: 480, resolution: 2_880 }, calendarId: 'office-hours', onBreach: { notifyLead: true } },
      { id: 'low', when: { priority: ['low'] }, targets: { first_response: 480, resolution: 7_200 }, calendarId: 'office-hours' },
    ],
  } satisfies SlaPoliciesDocument,
  surveys: { onSolve: { enabled: true, kinds: ['csat'] } } satisfies SurveysDocument,
  'time-rules': {
    rules: [{ id: 'unanswered-2h', name: 'No reply within 2 hours', when: { condition: 'no_agent_reply', minutes: 120 }, then: { action: 'notify_lead' } }],
  } satisfies TimeRulesDocument,
};

/** Stores the starter documents as events at start where no document of the kind is stored yet. */
export function starterConfigSeeder(configs: ConfigStore) {
  let seeded: ConfigKind[] = [];
  return {
    name: 'ticketing-starter-config',
    async start() {
      seeded = await configs.seedFallbacks(Object.keys(STARTER_CONFIG) as ConfigKind[], { kind: 'system', id: 'starter-config' }, new Date());
    },
    async stop() {
      // nothing runs after the start
    },
    health: () => ({ alive: true, seeded }),
  };
}
