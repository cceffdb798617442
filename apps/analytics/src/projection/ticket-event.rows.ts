import type {
  SlaAchievedData, SlaActivatedData, SurveyRequestedData, TicketingConfigChangedData, TicketAssignedData, TicketMergedData, TicketMessageAddedData, TicketOpenedData,
  TicketPriorityChangedData, TicketRoutedData, TicketStatusChangedData, TicketUnassignedData,
} from '@csp/contracts';
import type { TableRow } from '@csp/clickhouse';
import type { DeliveredEvent } from '@csp/message-bus';

type Data = Record<string, unknown>;

/**
 * Rows for an event of cs.ticketing.v1 (ticket lifecycle, SLA clocks, survey requests, calendars). Events
 * analytics does not use (warnings are not outcomes; configuration other than calendars) give no rows.
 */
export function ticketingEventRows(event: DeliveredEvent): TableRow[] {
  const revision = Number(event.revision ?? 0);
  const base = (type: string, ticketId: string, at: string) => ({ event_id: event.id, ticket_id: ticketId, type, at, revision });
  const ticket = (row: Data): TableRow[] => [{ table: 'ticket_events', row }];
  switch (event.type) {
    case 'cs.ticket.opened.v1': {
      const d = event.data as TicketOpenedData;
      return ticket({
        ...base('opened', d.ticketId, d.openedAt), number: d.number, customer_id: d.customerId, channel: d.channel,
        team: d.teamId ?? '', category: d.category ?? '', priority: d.priority, status: 'open',
      });
    }
    case 'cs.ticket.message-added.v1': {
      const d = event.data as TicketMessageAddedData;
      return ticket({ ...base('message-added', d.ticketId, d.at), author: d.author, public: d.public ? 1 : 0, message_id: d.messageId });
    }
    case 'cs.ticket.status-changed.v1': {
      const d = event.data as TicketStatusChangedData;
      return ticket({ ...base('status-changed', d.ticketId, d.at), status: d.to });
    }
    case 'cs.ticket.reopened.v1': {
      const d = event.data as { ticketId: string; at: string };
      return ticket(base('reopened', d.ticketId, d.at));
    }
    case 'cs.ticket.merged.v1': {
      const d = event.data as TicketMergedData;
      return ticket({ ...base('merged', d.ticketId, d.at), into_ticket_id: d.intoTicketId });
    }
    case 'cs.ticket.routed.v1': {
      const d = event.data as TicketRoutedData;
      return ticket({ ...base('routed', d.ticketId, d.at), team: d.teamId, category: d.category, priority: d.priority });
    }
    case 'cs.ticket.assigned.v1': {
      const d = event.data as TicketAssignedData;
      return ticket({ ...base('assigned', d.ticketId, d.at), team: d.teamId, agent: d.agentId });
    }
    case 'cs.ticket.unassigned.v1': {
      const d = event.data as TicketUnassignedData;
      return ticket({ ...base('unassigned', d.ticketId, d.at), team: d.teamId, agent: '' });
    }
    case 'cs.ticket.priority-changed.v1': {
      const d = event.data as TicketPriorityChangedData;
      return ticket({ ...base('priority-changed', d.ticketId, d.at), priority: d.to });
    }
    case 'cs.survey.requested.v1': {
      const d = event.data as SurveyRequestedData;
      return [{
        table: 'survey_requests',
        row: {
          survey_id: d.surveyId, event_id: event.id, ticket_id: d.ticketId, customer_id: d.customerId, kinds: d.kinds,
          channel: d.channel, agent: d.agentId ?? '', team: d.teamId ?? '', at: d.at,
        },
      }];
    }
    case 'cs.ticketing.config-changed.v1': {
      const d = event.data as Partial<TicketingConfigChangedData>;
      // Only calendars matter here (business hours); the document is kept whole, as JSON, per version.
      if (d.kind !== 'calendars' || !d.version || !d.at) return [];
      return [{ table: 'calendars', row: { version: d.version, event_id: event.id, at: d.at, document: JSON.stringify(d.document ?? {}) } }];
    }
    default:
      return slaRows(event, revision);
  }
}

const SLA_TYPES: Record<string, string> = {
  'cs.sla.activated.v1': 'activated', 'cs.sla.paused.v1': 'paused', 'cs.sla.resumed.v1': 'resumed',
  'cs.sla.warned.v1': 'warned', 'cs.sla.achieved.v1': 'achieved', 'cs.sla.breached.v1': 'breached',
};

function slaRows(event: DeliveredEvent, revision: number): TableRow[] {
  const type = SLA_TYPES[event.type];
  if (!type) return [];
  // Every SLA event shares the clock fields; owners and minutes are present on the ones that carry them.
  const d = event.data as Partial<SlaAchievedData> & Pick<Partial<SlaActivatedData>, 'calendarId'> & { ticketId: string; target: string; policyId: string; at: string };
  return [{
    table: 'sla_events',
    row: {
      event_id: event.id, ticket_id: d.ticketId, type, target: d.target, policy_id: d.policyId, at: d.at,
      due_at: d.dueAt ?? null, business_minutes: d.businessMinutes ?? null, agent: d.agentId ?? '', team: d.teamId ?? '', revision,
      calendar_id: d.calendarId ?? '',
    },
  }];
}
