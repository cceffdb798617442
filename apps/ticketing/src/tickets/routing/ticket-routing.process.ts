import { type CustomerIdentifiedData, customerIdFor, derivedId, type TicketOpenedData, type TicketMessageAddedData } from '@csp/contracts';
import type { EventStore } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import {
  assignableTeams, chooseAssignee, drainQueue, type OpenedTicket, reevaluateRoute, routeTicket, type RoutingInput, type RoutingRulesDocument,
  type TeamsDocument, WORKING_STATUSES,
} from '@csp/ticketing-domain';
import type { DataSource } from 'typeorm';
import { isRoutingConfigured } from '../../config/config-documents';
import type { ConfigStore } from '../../config/config-store';
import { TicketStreams } from '../ticket-streams';

const ROUTING = { kind: 'system', id: 'routing' } as const;
const ASSIGNMENT = { kind: 'system', id: 'assignment' } as const;
const WORKING: readonly string[] = WORKING_STATUSES;

/**
 * Routing and assignment, as a process over the ticket events: a new ticket is classified by the routing rules
 * (first match wins) and given to an agent by its team's strategy, or queued; tickets routed before the
 * customer's tier was known are routed again when it arrives; a team's queue is drained as capacity frees.
 * Every event it writes has an id derived from the event that caused it, so redeliveries change nothing.
 */
export class TicketRoutingProcess {
  private readonly tickets: TicketStreams;

  constructor(
    store: EventStore,
    private readonly dataSource: DataSource,
    private readonly configs: ConfigStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.tickets = new TicketStreams(store);
  }

  async handle(event: DeliveredEvent): Promise<void> {
    switch (event.type) {
      case 'cs.ticket.opened.v1':
        return this.routeAndAssign((event.data as TicketOpenedData).ticketId, event.id);
      case 'cs.customer.identified.v1':
        return this.tierKnown(event);
      case 'cs.ticket.assigned.v1': {
        const { ticketId, agentId } = event.data as { ticketId: string; agentId: string };
        return this.holds(ticketId, agentId);
      }
      case 'cs.ticket.unassigned.v1':
        return this.holds((event.data as { ticketId: string }).ticketId, undefined);
      case 'cs.ticket.status-changed.v1': {
        // A solved or closed ticket no longer counts against its assignee's capacity; a reopened one does again.
        const { ticketId, to } = event.data as { ticketId: string; to: string };
        const { state } = await this.tickets.load(ticketId);
        if (state.status === 'none') return;
        if (WORKING.includes(to)) return this.holds(ticketId, state.assigneeId);
        await this.holds(ticketId, undefined);
        if (state.teamId) await this.drain(state.teamId, event.id);
        return;
      }
    }
  }

  private async routeAndAssign(ticketId: string, causeId: string): Promise<void> {
    const rules = await this.rules();
    if (!rules) return; // nothing configured: tickets wait unrouted until routing rules exist
    const input = await this.inputOf(ticketId);
    if (!input) return;
    const route = routeTicket(rules.document, input.routing);
    await this.tickets.execute(ticketId, { type: 'RouteTicket', ...route, rulesVersion: rules.version || undefined, now: this.now() }, this.ids('route', causeId));
    await this.assign(ticketId, causeId);
  }

  private async assign(ticketId: string, causeId: string): Promise<void> {
    const { state } = await this.tickets.load(ticketId);
    if (state.status === 'none' || !WORKING.includes(state.status) || !state.teamId || state.assigneeId) return;
    const team = assignableTeams((await this.configs.get<TeamsDocument>('teams')).document).get(state.teamId);
    if (!team) return;
    const choice = chooseAssignee(team, await this.load(team.agents.map((a) => a.id)), state.requiredSkills, await this.cursor(team.id));
    if ('queued' in choice) {
      await this.tickets.execute(ticketId, { type: 'UnassignTicket', reason: 'no_agent_available', actor: ASSIGNMENT, now: this.now() }, this.ids('queue', causeId));
      return;
    }
    await this.tickets.execute(ticketId, { type: 'AssignTicket', agentId: choice.agentId, teamId: team.id, strategy: choice.strategy, actor: ASSIGNMENT, now: this.now() }, this.ids('assign', causeId));
    await this.holds(ticketId, choice.agentId);
    await this.saveCursor(team.id, choice.nextCursor);
  }

  /** Capacity freed in a team: give its queued tickets (oldest first) to whoever can take them. */
  private async drain(teamId: string, causeId: string): Promise<void> {
    const team = assignableTeams((await this.configs.get<TeamsDocument>('teams')).document).get(teamId);
    if (!team) return;
    const queued: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM tickets WHERE team_id = $1 AND assignee_id IS NULL AND status = ANY($2) ORDER BY created_at LIMIT 100`, [teamId, WORKING],
    );
    if (queued.length === 0) return;
    const queue = [];
    for (const { id } of queued) {
      const { state } = await this.tickets.load(id);
      if (state.status !== 'none' && !state.assigneeId) queue.push({ ticketId: id, requiredSkills: (state as OpenedTicket).requiredSkills });
    }
    const drained = drainQueue(team, queue, await this.load(team.agents.map((a) => a.id)), await this.cursor(team.id));
    for (const a of drained.assignments) {
      await this.tickets.execute(a.ticketId, { type: 'AssignTicket', agentId: a.agentId, teamId, strategy: a.strategy, actor: ASSIGNMENT, now: this.now() }, this.ids(`drain-${a.ticketId}`, causeId));
      await this.holds(a.ticketId, a.agentId);
    }
    if (drained.cursor) await this.saveCursor(teamId, drained.cursor);
  }

  /** A tier arrived: remember it, and route the customer's open tickets again when that changes their route. */
  private async tierKnown(event: DeliveredEvent): Promise<void> {
    const data = event.data as CustomerIdentifiedData;
    const tier = data.traits?.tier;
    if (!tier) return;
    const customerId = customerIdFor(data.customer);
    await this.dataSource.query(
      `INSERT INTO customer_tiers (customer_id, tier) VALUES ($1, $2) ON CONFLICT (customer_id) DO UPDATE SET tier = EXCLUDED.tier, updated_at = now()`, [customerId, tier],
    );
    const rules = await this.rules();
    if (!rules) return;
    const open: { id: string }[] = await this.dataSource.query(`SELECT id FROM tickets WHERE customer_id = $1 AND status = ANY($2)`, [customerId, WORKING]);
    for (const { id } of open) {
      const input = await this.inputOf(id);
      const { state } = await this.tickets.load(id);
      if (!input || state.status === 'none' || !state.teamId) continue;
      const previous = { teamId: state.teamId, priority: state.priority, category: state.category ?? '', requiredSkills: state.requiredSkills };
      const again = reevaluateRoute(rules.document, input.routing, previous);
      if (!again.changed) continue;
      await this.tickets.execute(id, { type: 'RouteTicket', ...again.route, rulesVersion: rules.version || undefined, now: this.now() }, this.ids(`reroute-${id}`, event.id));
      if (again.changes.includes('teamId')) {
        await this.tickets.execute(id, { type: 'UnassignTicket', reason: 'team_changed', actor: ROUTING, now: this.now() }, this.ids(`unassign-${id}`, event.id));
        await this.assign(id, event.id);
      }
    }
  }

  /** The ticket as it was opened (first message, original priority) plus the customer's known tier. */
  private async inputOf(ticketId: string): Promise<{ routing: RoutingInput } | undefined> {
    const events = await this.tickets.history(ticketId);
    const opened = events.find((e) => e.type === 'cs.ticket.opened.v1')?.data as TicketOpenedData | undefined;
    const first = events.find((e) => e.type === 'cs.ticket.message-added.v1')?.data as TicketMessageAddedData | undefined;
    if (!opened) return undefined;
    const rows: { tier: RoutingInput['tier'] }[] = await this.dataSource.query('SELECT tier FROM customer_tiers WHERE customer_id = $1', [opened.customerId]);
    return {
      routing: {
        category: opened.category, priority: opened.priority, channel: opened.channel, tier: rows[0]?.tier, language: opened.language, subject: opened.subject, body: first?.body ?? '',
      },
    };
  }

  private async rules(): Promise<{ version: number; document: RoutingRulesDocument } | undefined> {
    const stored = await this.configs.get('routing-rules');
    return isRoutingConfigured(stored.document) ? { version: stored.version, document: stored.document } : undefined;
  }

  /** Working tickets per agent. */
  private async load(agentIds: string[]): Promise<Map<string, number>> {
    const rows: { agent_id: string; n: string }[] = await this.dataSource.query(
      'SELECT agent_id, count(*) AS n FROM agent_assignments WHERE agent_id = ANY($1) GROUP BY agent_id', [agentIds],
    );
    return new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
  }

  /** Records who works a ticket now (undefined: nobody, e.g. solved or queued). Idempotent. */
  private async holds(ticketId: string, agentId: string | undefined): Promise<void> {
    if (agentId === undefined) await this.dataSource.query('DELETE FROM agent_assignments WHERE ticket_id = $1', [ticketId]);
    else await this.dataSource.query(
      'INSERT INTO agent_assignments (ticket_id, agent_id) VALUES ($1, $2) ON CONFLICT (ticket_id) DO UPDATE SET agent_id = EXCLUDED.agent_id', [ticketId, agentId],
    );
  }

  private async cursor(teamId: string): Promise<string | undefined> {
    const rows: { last_agent_id: string }[] = await this.dataSource.query('SELECT last_agent_id FROM team_cursors WHERE team_id = $1', [teamId]);
    return rows[0]?.last_agent_id;
  }

  private async saveCursor(teamId: string, agentId: string | undefined): Promise<void> {
    if (!agentId) return;
    await this.dataSource.query(
      `INSERT INTO team_cursors (team_id, last_agent_id) VALUES ($1, $2) ON CONFLICT (team_id) DO UPDATE SET last_agent_id = EXCLUDED.last_agent_id`, [teamId, agentId],
    );
  }

  private ids(step: string, causeId: string) {
    return { eventId: (i: number) => derivedId(`${step}-${i}`, causeId), metadata: { causationId: causeId } };
  }
}
