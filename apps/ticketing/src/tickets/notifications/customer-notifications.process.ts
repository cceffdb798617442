import { derivedId, type OutboundRequestedData, type SurveyRequestedData, type TicketStatusChangedData } from '@csp/contracts';
import type { EventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import type { SurveysDocument } from '@csp/ticketing-domain';
import type { DataSource } from 'typeorm';
import type { ConfigStore } from '../../config/config-store';
import { requestOutbound } from '../../outbound/request-outbound';
import { TicketStreams } from '../ticket-streams';

const PROGRESS: Record<string, string> = {
  pending: 'is waiting for your answer',
  on_hold: 'is on hold while we work on it with others',
  solved: 'is solved',
  open: 'is open again',
};

interface Contact {
  channel: OutboundRequestedData['channel'];
  address: string;
  email: string | null;
}

/**
 * Keeps the customer informed (transparency): a progress update on every status change they should know
 * about, and the satisfaction survey of `/v1/config/surveys` when the ticket is solved. Ids derive from the
 * status change, so a redelivery never sends twice.
 */
export class CustomerNotificationsProcess {
  private readonly tickets: TicketStreams;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly configs: ConfigStore,
  ) {
    this.tickets = new TicketStreams(store);
  }

  async handle(event: DeliveredEvent): Promise<void> {
    if (event.type !== 'cs.ticket.status-changed.v1') return;
    const change = event.data as TicketStatusChangedData;
    const text = PROGRESS[change.to];
    if (!text || change.to === 'closed') return;
    const contact = await this.contactOf(change.ticketId);
    const { state } = await this.tickets.load(change.ticketId);
    if (!contact || state.status === 'none') return;
    await this.request(event, {
      messageId: derivedId('progress', event.id), kind: 'progress_update', channel: contact.channel, to: contact.address,
      customerId: change.customerId, ticketId: change.ticketId,
      subject: `[#${state.number}] Your request ${text}`, body: `Your request #${state.number} ${text}.`, at: change.at,
    });
    if (change.to === 'solved') await this.survey(event, change, contact, state.number, { agentId: state.assigneeId, teamId: state.teamId });
  }

  private async survey(event: DeliveredEvent, change: TicketStatusChangedData, contact: Contact, number: number, owners: { agentId?: string; teamId?: string }) {
    const { document } = await this.configs.get<SurveysDocument>('surveys');
    if (!document.onSolve?.enabled) return;
    const byEmail = document.onSolve.channel === 'email' && contact.email;
    const channel = byEmail ? 'email' : contact.channel;
    const to = byEmail ? (contact.email as string) : contact.address;
    const surveyId = derivedId('survey', event.id);
    const requested: SurveyRequestedData = {
      surveyId, ticketId: change.ticketId, customerId: change.customerId, kinds: document.onSolve.kinds, channel: channel === 'webhook' ? 'webform' : channel,
      ...(owners.agentId ? { agentId: owners.agentId } : {}), ...(owners.teamId ? { teamId: owners.teamId } : {}), at: change.at,
    };
    // A fact about the ticket that guards no invariant of it: appended beside the ticket's events, not decided.
    await this.store.append(
      TicketStreams.streamOf(change.ticketId),
      [{ id: derivedId('survey-requested', event.id), type: 'cs.survey.requested.v1', data: requested, metadata: { partitionKey: change.ticketId, causationId: event.id } }],
      { expectedRevision: 'any' },
    );
    const questions = document.onSolve.kinds.map((k) => ({ csat: 'How satisfied are you with our help (1-5)?', nps: 'How likely are you to recommend us (0-10)?', ces: 'How easy was it to get help (1-7)?' })[k]);
    await this.request(event, {
      messageId: derivedId('survey-invitation', event.id), kind: 'survey_invitation', channel, to, customerId: change.customerId, ticketId: change.ticketId, surveyId,
      subject: `[#${number}] How did we do?`, body: `${questions.join('\n')}\nSurvey ${surveyId}`, at: change.at,
    });
  }

  private request(cause: DeliveredEvent, data: OutboundRequestedData): Promise<void> {
    return requestOutbound(this.store, data, { causationId: cause.id });
  }

  private async contactOf(ticketId: string): Promise<Contact | undefined> {
    const rows: Contact[] = await this.dataSource.query('SELECT channel, address, email FROM ticket_contacts WHERE ticket_id = $1', [ticketId]);
    return rows[0];
  }
}
