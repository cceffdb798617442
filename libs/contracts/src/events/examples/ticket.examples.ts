import { TicketingConfigChanged } from '../config.events';
import { SlaAchieved, SlaActivated, SlaBreached, SlaPaused, SlaResumed, SlaWarned } from '../sla.events';
import {
  SurveyRequested, TicketMerged, TicketMessageAdded, TicketOpened, TicketReopened, TicketStatusChanged,
} from '../ticket.events';
import { TicketAssigned, TicketPriorityChanged, TicketRouted, TicketUnassigned } from '../ticket-routing.events';
import {
  ADMIN, AGENT, EVENT_ID, JANE_ID, MESSAGE_ID, OTHER_TICKET_ID, SURVEY_ID, SYSTEM, TICKET_ID, example,
} from './example';

const ticket = { ticketId: TICKET_ID, customerId: JANE_ID };
const firstResponse = { ...ticket, target: 'first_response', policyId: 'sla-high' } as const;
const owners = { agentId: 'agent-maria', teamId: 'team-support' };

/** Realistic `data` of every ticketing integration event, following one ticket through its life. */
export const TICKET_EXAMPLES: ReadonlyArray<[string, unknown]> = [
  example(TicketOpened, {
    ...ticket,
    number: 1042,
    channel: 'email',
    subject: 'Order 77813 arrived damaged',
    priority: 'normal',
    category: 'complaint',
    teamId: 'team-support',
    openedBy: 'system',
    sourceEventId: EVENT_ID,
    threadId: '<CA+order-77813@mail.example.com>',
    language: 'en-GB',
    followUpOf: '5f0c8d2e-7a1b-4c3d-9e8f-0a1b2c3d4e5f',
    openedAt: '2025-03-14T09:26:53.589Z',
  }),
  example(TicketMessageAdded, {
    ...ticket,
    messageId: MESSAGE_ID,
    author: 'agent',
    authorId: 'agent-maria',
    public: true,
    body: 'Hi Jane, sorry about that! A replacement is on its way, tracking number follows.',
    channel: 'email',
    sourceEventId: EVENT_ID,
    at: '2025-03-14T09:41:10Z',
  }),
  example(TicketRouted, {
    ...ticket,
    teamId: 'team-support',
    category: 'complaint',
    priority: 'high',
    requiredSkills: ['german', 'returns'],
    ruleId: 'rule-damaged-delivery',
    rulesVersion: 7,
    at: '2025-03-14T09:26:53.701Z',
  }),
  example(TicketAssigned, {
    ...ticket,
    agentId: 'agent-maria',
    teamId: 'team-support',
    strategy: 'least_loaded',
    previousAgentId: 'agent-tom',
    actor: SYSTEM,
    at: '2025-03-14T09:26:53.802Z',
  }),
  example(TicketUnassigned, {
    ...ticket,
    teamId: 'team-support',
    reason: 'time_rule',
    previousAgentId: 'agent-tom',
    actor: { kind: 'system', id: 'time-rules' },
    at: '2025-03-14T09:46:53Z',
  }),
  example(TicketPriorityChanged, { ...ticket, from: 'normal', to: 'high', reason: 'routing', actor: SYSTEM, at: '2025-03-14T09:26:53.701Z' }),
  example(TicketStatusChanged, { ...ticket, from: 'open', to: 'solved', actor: AGENT, at: '2025-03-14T15:02:00Z' }),
  example(TicketReopened, {
    ...ticket,
    previousSolvedAt: '2025-03-14T15:02:00Z',
    reopenCount: 1,
    by: 'customer',
    actor: { kind: 'connector', id: 'mail-connector' },
    at: '2025-03-15T08:12:30Z',
  }),
  example(TicketMerged, { ...ticket, intoTicketId: OTHER_TICKET_ID, actor: AGENT, at: '2025-03-14T10:05:00Z' }),
  example(SlaActivated, {
    ...firstResponse,
    targetMinutes: 60,
    calendarId: 'cal-berlin',
    dueAt: '2025-03-14T10:26:53.589Z',
    at: '2025-03-14T09:26:53.589Z',
  }),
  example(SlaPaused, { ...ticket, target: 'resolution', policyId: 'sla-high', businessMinutes: 95, at: '2025-03-14T11:01:00Z' }),
  example(SlaResumed, {
    ...ticket,
    target: 'resolution',
    policyId: 'sla-high',
    dueAt: '2025-03-17T09:30:00Z',
    businessMinutes: 95,
    at: '2025-03-14T13:20:00Z',
  }),
  example(SlaWarned, { ...firstResponse, dueAt: '2025-03-14T10:26:53.589Z', businessMinutesLeft: 15, ...owners, at: '2025-03-14T10:11:53.589Z' }),
  example(SlaAchieved, { ...firstResponse, dueAt: '2025-03-14T10:26:53.589Z', businessMinutes: 14, ...owners, at: '2025-03-14T09:41:10Z' }),
  example(SlaBreached, {
    ...ticket,
    target: 'next_response',
    policyId: 'sla-high',
    dueAt: '2025-03-15T12:12:30Z',
    businessMinutes: 241,
    ...owners,
    at: '2025-03-15T12:12:30Z',
  }),
  example(SurveyRequested, {
    surveyId: SURVEY_ID,
    ...ticket,
    kinds: ['csat', 'nps'],
    channel: 'email',
    ...owners,
    at: '2025-03-14T15:02:00Z',
  }),
  example(TicketingConfigChanged, {
    kind: 'calendars',
    version: 3,
    document: {
      calendars: [
        {
          id: 'cal-berlin',
          timezone: 'Europe/Berlin',
          weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }],
          holidays: ['2025-04-18', '2025-04-21'],
        },
      ],
    },
    actor: ADMIN,
    at: '2025-03-01T08:00:00Z',
  }),
];
