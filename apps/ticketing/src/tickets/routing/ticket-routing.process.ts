import {
  type CustomerIdentifiedData, customerIdFor, type CustomersMergedData, type CustomersUnmergedData, type CustomerTierChangedData, derivedId,
  type TicketMessageAddedData, type TicketOpenedData,
} from '@csp/contracts';
import { ConcurrencyError, type EventStore, type RecordedEvent, type StreamAppend } from '@csp/event-store';
import type { DeliveredEvent } from '@csp/message-bus';
import {
  type AssignableTeam, assignableTeams, chooseAssignee, decideTicket, drainQueue, evolveTicket, type OpenedTicket, reevaluateRoute, routeTicket, type RoutingInput,
  type RoutingRulesDocument, type TeamsDocument, type TicketEvent, type TicketState, WORKING_STATUSES,
} from '@csp/ticketing-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { isRoutingConfigured } from '../../config/config-documents';
import type { ConfigStore } from '../../config/config-store';
import { TicketStreams } from '../ticket-streams';

const ROUTING = { kind: 'system', id: 'routing' } as const;
const ASSIGNMENT = { kind: 'system', id: 'assignment' } as const;
const WORKING: readonly string[] = WORKING_STATUSES;

/** Where routing reads and writes its assignment state: the data source, or a team-locked transaction. */
type Queryable = Pick<EntityManager, 'query'>;

/** A new ticket routed (as `state`, at the stream's `revision`), to be assigned and appended with its team's next turn. */
interface RoutedTicket {
  ticketId: string;
  state: TicketState;
  revision: bigint | 'no_stream';
  route: { event: TicketEvent; id: string }[];
  causeId: string;
}

interface Waiting extends RoutedTicket {
  done(written: boolean): void;
  failed(error: unknown): void;
}

/** Who holds a ticket after an assignment decision (agentId undefined: queued). */
interface Held {
  ticketId: string;
  agentId?: string;
}

/**
 * Routing and assignment, as a process over the ticket events: a new ticket is classified by the routing rules
 * (first match wins) and given to an agent by its team's strategy, or queued; tickets routed before the
 * customer's tier was known are routed again when it arrives; a team's queue is drained as capacity frees.
 * Every event it writes has an id derived from the event that caused it, so redeliveries change nothing.
 */
export class TicketRoutingProcess {
  private readonly tickets: TicketStreams;
  /** Per team, the end of the line of this process's transactions holding the team's lock (see `inTeam`). */
  private readonly teamTurns = new Map<string, Promise<unknown>>();
  /** Per team, the new tickets waiting for its next turn (see `assignTogether`). */
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(
    private readonly store: EventStore,
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
      case 'cs.customer.identified.v1': {
        const { customer, traits } = event.data as CustomerIdentifiedData;
        return traits?.tier ? this.tierKnown(customerIdFor(customer), traits.tier, event.id) : undefined;
      }
      case 'cs.customer.tier-changed.v1': {
        const { customerId, to } = event.data as CustomerTierChangedData;
        return this.tierKnown(customerId, to, event.id);
      }
      case 'cs.customer.merged.v1':
        return this.merged(event.data as CustomersMergedData, event.id);
      case 'cs.customer.unmerged.v1':
        return this.unmerged(event.data as CustomersUnmergedData, event.id);
      case 'cs.ticket.assigned.v1': {
        const { ticketId, agentId } = event.data as { ticketId: string; agentId: string };
        // Usually recorded with the assignment already (same value): written again, so that a hold is never lost
        // when the turn's transaction failed after its append, or when another consumer saw the assignment.
        return this.holds(ticketId, agentId);
      }
      case 'cs.ticket.unassigned.v1':
        return this.holds((event.data as { ticketId: string }).ticketId, undefined);
      case 'cs.ticket.status-changed.v1': {
        // A solved or closed ticket no longer counts against its assignee's capacity; a reopened one does again.
        const { ticketId, to } = event.data as { ticketId: string; to: string };
        const { state } = await this.tickets.load(ticketId);
        if (state.status === 'none') return;
        // Load changes under the team's lock too, so an assignment deciding meanwhile sees it.
        if (WORKING.includes(to)) return this.inTeam(state.teamId, (q) => this.holds(ticketId, state.assigneeId, undefined, q));
        await this.inTeam(state.teamId, (q) => this.holds(ticketId, undefined, undefined, q));
        if (state.teamId) await this.drain(state.teamId, event.id);
        return;
      }
    }
  }

  /**
   * Routes and assigns a new ticket with one read of its stream and one append (the route and the assignment
   * decided together on the state as read): the path every inbound message takes, so its round trips count. The
   * new tickets of a team that wait for its lock meanwhile are assigned together, in one turn (`assignTogether`).
   */
  private async routeAndAssign(ticketId: string, causeId: string): Promise<void> {
    const rules = await this.rules();
    if (!rules) return; // nothing configured: tickets wait unrouted until routing rules exist
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(TicketStreams.streamOf(ticketId));
      const input = await this.inputOf(history, rules.document.rules.some((rule) => rule.when.tier !== undefined));
      if (!input) return;
      const { state, revision } = TicketStreams.fold(history);
      const route = decideTicket({ type: 'RouteTicket', ...routeTicket(rules.document, input.routing), rulesVersion: rules.version || undefined, now: this.now() }, state);
      const routed: RoutedTicket = { ticketId, state: route.reduce(evolveTicket, state), revision, route: route.map((event, i) => ({ event, id: derivedId(`route-${i}`, causeId) })), causeId };
      const teamId = routed.state.status === 'none' ? undefined : routed.state.teamId;
      // After a conflict (an agent acted meanwhile, here or in a ticket decided together) it goes alone.
      const written = !teamId
        ? await this.appendRoute(routed)
        : attempt === 1
        ? await this.assignTogether(teamId, routed)
        : await this.inTeam(teamId, (q) => this.assignTurn(teamId, [routed], q));
      if (written) return;
      if (attempt >= 5) throw new ConcurrencyError(TicketStreams.streamOf(ticketId), String(revision), 'changed while routing, five times');
    }
  }

  /** A ticket routed to no team: its route alone. False on a conflict. */
  private async appendRoute(routed: RoutedTicket): Promise<boolean> {
    if (routed.route.length === 0) return true;
    try {
      await this.tickets.appendDecided(routed.ticketId, routed.revision, routed.route, { causationId: routed.causeId });
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }

  /**
   * Queues a routed ticket for its team's next turn: the tickets waiting when the turn starts are assigned one
   * after the other in it (each seeing the load the previous ones left) and written with one append and one
   * statement for the load, so a burst costs a team a few turns instead of one per ticket. Resolves after the
   * turn committed: true, or false when one ticket of the turn changed meanwhile (nothing of the turn is written).
   */
  private assignTogether(teamId: string, routed: RoutedTicket): Promise<boolean> {
    return new Promise((done, failed) => {
      const queued = this.waiting.get(teamId);
      if (queued) return void queued.push({ ...routed, done, failed });
      this.waiting.set(teamId, [{ ...routed, done, failed }]);
      // The tickets waiting when the turn starts (or fails to), taken once: later ones wait for the next turn.
      let turn: Waiting[] | undefined;
      const take = () => {
        if (turn) return turn;
        turn = this.waiting.get(teamId) ?? [];
        this.waiting.delete(teamId);
        return turn;
      };
      this.inTeam(teamId, (q) => this.assignTurn(teamId, take(), q)).then(
        (written) => {
          for (const w of take()) w.done(written);
        },
        (error: unknown) => {
          for (const w of take()) w.failed(error);
        },
      );
    });
  }

  /**
   * One turn of a team (holding its lock): assigns the routed tickets in order on one read of the team's load,
   * appends every ticket's route and assignment in one `appendMany` and records who holds what in one statement.
   * False when a ticket changed since it was read (the append wrote nothing).
   */
  private async assignTurn(teamId: string, routed: readonly RoutedTicket[], q: Queryable): Promise<boolean> {
    const team = assignableTeams((await this.configs.get<TeamsDocument>('teams')).document).get(teamId);
    const teamState = team && routed.some((r) => needsAssignment(r.state)) ? await this.teamLoad(q, team.id, team.agents.map((a) => a.id)) : undefined;
    let cursor: string | undefined;
    const appends: StreamAppend[] = [];
    const held: Held[] = [];
    for (const r of routed) {
      const assignment = team && teamState ? this.decideAssignment(team, r.state, r.causeId, teamState.load, cursor ?? teamState.cursor) : { events: [] };
      const decided = [...r.route, ...assignment.events];
      if (decided.length > 0) appends.push(TicketStreams.decidedAppend(r.ticketId, r.revision, decided, { causationId: r.causeId }));
      if (assignment.events.length === 0) continue;
      held.push({ ticketId: r.ticketId, agentId: assignment.agentId });
      if (assignment.agentId) teamState?.load.set(assignment.agentId, (teamState.load.get(assignment.agentId) ?? 0) + 1);
      cursor = assignment.cursor?.agentId ?? cursor;
    }
    try {
      await this.store.appendMany(appends);
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
    await this.holdsMany(held, cursor ? { teamId, agentId: cursor } : undefined, q);
    return true;
  }

  /** Assigns a working, routed, unassigned ticket (after a re-route). */
  private async assign(ticketId: string, causeId: string): Promise<void> {
    const { state } = await this.tickets.load(ticketId);
    if (state.status === 'none') return;
    await this.inTeam(state.teamId, async (q) => {
      const { state: current, revision } = await this.tickets.load(ticketId); // as it is under the team's lock
      const assignment = await this.assignment(current, causeId, q);
      if (assignment.events.length === 0) return;
      await this.tickets.appendDecided(ticketId, revision, assignment.events, { causationId: causeId });
      await this.holds(ticketId, assignment.agentId, assignment.cursor, q);
    });
  }

  /**
   * Runs `work` holding the team's assignment lock (a transaction-level advisory lock), so assignments in one team
   * are decided one after the other, whichever ticket, process or instance decides them: each sees the load the
   * previous one left. Different teams, and tickets that need no assignment, go side by side.
   * Within this process they also queue here first, one after the other per team: otherwise every consumer lane
   * waiting for the lock would hold a pooled connection in an open transaction, and the pool (10) runs dry for
   * the whole service while one team's assignments go one by one anyway.
   */
  private async inTeam<T>(teamId: string | undefined, work: (q: Queryable) => Promise<T>): Promise<T> {
    if (!teamId) return work(this.dataSource);
    const turn = (this.teamTurns.get(teamId) ?? Promise.resolve()).then(() =>
      this.dataSource.transaction(async (manager) => {
        // A durable commit: the bus stores its checkpoints at most once a second (log bus), so no later durable
        // commit is sure to flush an asynchronous one before the events that wrote it are acknowledged.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
          `ticketing.assignment:${teamId}`,
        ]);
        return work(manager);
      }),
    );
    const settled = turn.catch(() => undefined);
    this.teamTurns.set(teamId, settled);
    try {
      return await turn;
    } finally {
      if (this.teamTurns.get(teamId) === settled) this.teamTurns.delete(teamId);
    }
  }

  /** The assignment of a ticket in `state` by its team's strategy: to an agent, to the queue, or none needed. */
  private async assignment(state: TicketState, causeId: string, q: Queryable): Promise<Assignment> {
    if (!needsAssignment(state) || state.status === 'none' || !state.teamId) return { events: [] };
    const team = assignableTeams((await this.configs.get<TeamsDocument>('teams')).document).get(state.teamId);
    if (!team) return { events: [] };
    const { load, cursor } = await this.teamLoad(q, team.id, team.agents.map((a) => a.id));
    return this.decideAssignment(team, state, causeId, load, cursor);
  }

  /** The team's strategy on its load and round-robin cursor as they are now. */
  private decideAssignment(team: AssignableTeam, state: TicketState, causeId: string, load: ReadonlyMap<string, number>, cursor: string | undefined): Assignment {
    if (!needsAssignment(state) || state.status === 'none' || state.teamId !== team.id) return { events: [] };
    const choice = chooseAssignee(team, load, state.requiredSkills, cursor);
    const ids = (step: string) => (event: TicketEvent, i: number) => ({ event, id: derivedId(`${step}-${i}`, causeId) });
    if ('queued' in choice) {
      return { events: decideTicket({ type: 'UnassignTicket', reason: 'no_agent_available', actor: ASSIGNMENT, now: this.now() }, state).map(ids('queue')) };
    }
    return {
      events: decideTicket({ type: 'AssignTicket', agentId: choice.agentId, teamId: team.id, strategy: choice.strategy, actor: ASSIGNMENT, now: this.now() }, state).map(ids('assign')),
      agentId: choice.agentId,
      cursor: choice.nextCursor ? { teamId: team.id, agentId: choice.nextCursor } : undefined,
    };
  }

  /** Capacity freed in a team: give its queued tickets (oldest first) to whoever can take them. */
  private async drain(teamId: string, causeId: string): Promise<void> {
    const team = assignableTeams((await this.configs.get<TeamsDocument>('teams')).document).get(teamId);
    if (!team) return;
    await this.inTeam(teamId, (q) => this.drainLocked(team, causeId, q));
  }

  private async drainLocked(team: AssignableTeam, causeId: string, q: Queryable): Promise<void> {
    const teamId = team.id;
    const queued: { id: string }[] = await q.query(
      `SELECT id FROM tickets WHERE team_id = $1 AND assignee_id IS NULL AND status = ANY($2) ORDER BY created_at LIMIT 100`, [teamId, WORKING],
    );
    if (queued.length === 0) return;
    const queue = [];
    for (const { id } of queued) {
      const { state } = await this.tickets.load(id);
      if (state.status !== 'none' && !state.assigneeId) queue.push({ ticketId: id, requiredSkills: (state as OpenedTicket).requiredSkills });
    }
    const { load, cursor } = await this.teamLoad(q, team.id, team.agents.map((a) => a.id));
    const drained = drainQueue(team, queue, load, cursor);
    for (const [i, a] of drained.assignments.entries()) {
      await this.tickets.execute(a.ticketId, { type: 'AssignTicket', agentId: a.agentId, teamId, strategy: a.strategy, actor: ASSIGNMENT, now: this.now() }, this.ids(`drain-${a.ticketId}`, causeId));
      const last = i === drained.assignments.length - 1;
      await this.holds(a.ticketId, a.agentId, last && drained.cursor ? { teamId, agentId: drained.cursor } : undefined, q);
    }
  }

  /** A tier arrived: remember it, and route the customer's open tickets again when that changes their route. */
  private async tierKnown(customerId: string, tier: string, causeId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO customer_tiers (customer_id, tier) VALUES ($1, $2) ON CONFLICT (customer_id) DO UPDATE SET tier = EXCLUDED.tier, updated_at = now()`, [customerId, tier],
    );
    await this.rerouteCustomer(customerId, causeId);
  }

  /**
   * Customer-profile found two customers to be one: the merged-away id answers as the survivor from now on (ids
   * merged into it earlier too), so its tickets take the survivor's tier.
   */
  private async merged({ survivorId, mergedId }: CustomersMergedData, causeId: string): Promise<void> {
    await this.dataSource.query(
      `WITH earlier AS (UPDATE customer_aliases SET survivor_id = $2, updated_at = now() WHERE survivor_id = $1)
       INSERT INTO customer_aliases (customer_id, survivor_id) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE SET survivor_id = EXCLUDED.survivor_id, updated_at = now()`,
      [mergedId, survivorId],
    );
    await this.rerouteCustomer(survivorId, causeId);
  }

  /** A merge was undone: the id is a customer of its own again, with its own tier. */
  private async unmerged({ mergedId }: CustomersUnmergedData, causeId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM customer_aliases WHERE customer_id = $1', [mergedId]);
    await this.rerouteCustomer(mergedId, causeId);
  }

  /** Routes the open tickets of a customer (and of the ids merged into it) again where the rules now differ. */
  private async rerouteCustomer(customerId: string, causeId: string): Promise<void> {
    const rules = await this.rules();
    if (!rules) return;
    const open: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM tickets WHERE status = ANY($2)
         AND (customer_id = $1 OR customer_id IN (SELECT customer_id FROM customer_aliases WHERE survivor_id = $1))`,
      [customerId, WORKING],
    );
    for (const { id } of open) {
      const history = await this.store.readStream(TicketStreams.streamOf(id));
      const input = await this.inputOf(history);
      const { state } = TicketStreams.fold(history);
      if (!input || state.status === 'none' || !state.teamId) continue;
      const previous = { teamId: state.teamId, priority: state.priority, category: state.category ?? '', requiredSkills: state.requiredSkills };
      const again = reevaluateRoute(rules.document, input.routing, previous);
      if (!again.changed) continue;
      await this.tickets.execute(id, { type: 'RouteTicket', ...again.route, rulesVersion: rules.version || undefined, now: this.now() }, this.ids(`reroute-${id}`, causeId));
      if (again.changes.includes('teamId')) {
        await this.tickets.execute(id, { type: 'UnassignTicket', reason: 'team_changed', actor: ROUTING, now: this.now() }, this.ids(`unassign-${id}`, causeId));
        await this.assign(id, causeId);
      }
    }
  }

  /**
   * The ticket as it was opened (first message, original priority) plus the customer's known tier, unless no rule
   * asks for it (`withTier` false: a round trip saved on every new ticket).
   */
  private async inputOf(history: readonly RecordedEvent[], withTier = true): Promise<{ routing: RoutingInput } | undefined> {
    const opened = history.find((e) => e.type === 'cs.ticket.opened.v1')?.data as TicketOpenedData | undefined;
    const first = history.find((e) => e.type === 'cs.ticket.message-added.v1')?.data as TicketMessageAddedData | undefined;
    if (!opened) return undefined;
    // The tier of the customer the ticket's customer answers as (after a merge), else its own.
    const rows: { tier: RoutingInput['tier'] }[] = !withTier ? [] : await this.dataSource.query(
      `SELECT coalesce(
         (SELECT t.tier FROM customer_aliases a JOIN customer_tiers t ON t.customer_id = a.survivor_id WHERE a.customer_id = $1),
         (SELECT tier FROM customer_tiers WHERE customer_id = $1)) AS tier`,
      [opened.customerId],
    );
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

  /** Working tickets per agent of a team, and the team's round-robin cursor: one round trip. */
  private async teamLoad(q: Queryable, teamId: string, agentIds: string[]): Promise<{ load: Map<string, number>; cursor?: string }> {
    const [row]: { loads: Record<string, number> | null; cursor: string | null }[] = await q.query(
      `SELECT (SELECT json_object_agg(a.agent_id, a.n) FROM (SELECT agent_id, count(*) AS n FROM agent_assignments WHERE agent_id = ANY($1) GROUP BY agent_id) a) AS loads,
              (SELECT last_agent_id FROM team_cursors WHERE team_id = $2) AS cursor`,
      [agentIds, teamId],
    );
    return { load: new Map(Object.entries(row.loads ?? {}).map(([agent, n]) => [agent, Number(n)])), cursor: row.cursor ?? undefined };
  }

  /**
   * Records who works a ticket now (undefined: nobody, e.g. solved or queued) and, with `cursor`, the team's
   * round-robin turn, in one statement. Idempotent.
   */
  private async holds(ticketId: string, agentId: string | undefined, cursor?: { teamId: string; agentId: string }, q: Queryable = this.dataSource): Promise<void> {
    const held = agentId === undefined
      ? 'DELETE FROM agent_assignments WHERE ticket_id = $1 AND $2::text IS NULL'
      : 'INSERT INTO agent_assignments (ticket_id, agent_id) VALUES ($1, $2) ON CONFLICT (ticket_id) DO UPDATE SET agent_id = EXCLUDED.agent_id';
    await q.query(
      `WITH held AS (${held})
       INSERT INTO team_cursors (team_id, last_agent_id) SELECT $3, $4 WHERE $3::text IS NOT NULL
       ON CONFLICT (team_id) DO UPDATE SET last_agent_id = EXCLUDED.last_agent_id`,
      [ticketId, agentId ?? null, cursor?.teamId ?? null, cursor?.agentId ?? null],
    );
  }

  /** `holds` for the tickets of one turn, in one statement: assigned ones held, queued ones held by nobody. */
  private async holdsMany(held: readonly Held[], cursor: { teamId: string; agentId: string } | undefined, q: Queryable): Promise<void> {
    if (held.length === 0 && !cursor) return;
    const assigned = held.filter((h) => h.agentId !== undefined);
    await q.query(
      `WITH held AS (
         INSERT INTO agent_assignments (ticket_id, agent_id) SELECT * FROM unnest($1::uuid[], $2::text[])
         ON CONFLICT (ticket_id) DO UPDATE SET agent_id = EXCLUDED.agent_id),
       freed AS (DELETE FROM agent_assignments WHERE ticket_id = ANY($3::uuid[]))
       INSERT INTO team_cursors (team_id, last_agent_id) SELECT $4, $5 WHERE $4::text IS NOT NULL
       ON CONFLICT (team_id) DO UPDATE SET last_agent_id = EXCLUDED.last_agent_id`,
      [assigned.map((h) => h.ticketId), assigned.map((h) => h.agentId), held.filter((h) => h.agentId === undefined).map((h) => h.ticketId), cursor?.teamId ?? null, cursor?.agentId ?? null],
    );
  }

  private ids(step: string, causeId: string) {
    return { eventId: (i: number) => derivedId(`${step}-${i}`, causeId), metadata: { causationId: causeId } };
  }
}

interface Assignment {
  events: { event: TicketEvent; id: string }[];
  agentId?: string;
  cursor?: { teamId: string; agentId: string };
}

/** A working, routed ticket nobody holds. */
function needsAssignment(state: TicketState): boolean {
  return state.status !== 'none' && WORKING.includes(state.status) && Boolean(state.teamId) && !state.assigneeId;
}
