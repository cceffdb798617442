import { Roles, ValidationError } from '@csp/platform-nest';
import {
  countSlaOutcome, emptySlaOutcomes, schemaIssues, SlaPoliciesDocumentSchema,
  type SlaPoliciesDocument, type SlaTarget, simulateSla, type SimulatedTicket, TICKET_EVENT_TYPES, type TicketEvent,
} from '@csp/ticketing-domain';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { businessCalendars } from '../config/business-calendars';
import { CONFIG_STORE, type ConfigStore } from '../config/config-store';
import { TICKETING_DEPS, type TicketingDeps } from '../ticketing.deps';

const MAX_TICKETS = 20_000;

/**
 * `POST /v1/simulations/sla { policies, from, to }`: how the tickets opened in [from, to) would have fared
 * under candidate SLA policies, beside how they actually fared. Reads events only; changes nothing.
 */
@ApiTags('simulations')
@Controller('v1/simulations')
export class SlaSimulationController {
  constructor(
    @Inject(TICKETING_DEPS) private readonly deps: TicketingDeps,
    @Inject(CONFIG_STORE) private readonly configs: ConfigStore,
  ) {}

  @Post('sla')
  @HttpCode(200)
  @Roles('admin', 'manager', 'lead', 'analyst')
  async simulate(@Body() body: unknown) {
    const { policies, from, to } = parse(body);
    const rows: { id: string; customer_id: string; created_at: Date; tier: string | null }[] = await this.deps.dataSource.query(
      `SELECT t.id, t.customer_id, t.created_at, c.tier FROM tickets t LEFT JOIN customer_tiers c ON c.customer_id = t.customer_id
       WHERE t.created_at >= $1 AND t.created_at < $2 ORDER BY t.created_at LIMIT $3`,
      [from, to, MAX_TICKETS + 1],
    );
    if (rows.length > MAX_TICKETS) throw new ValidationError([{ path: '/from', message: `the period holds more than ${MAX_TICKETS} tickets; simulate a shorter one` }]);
    const tickets: SimulatedTicket[] = [];
    const actual = emptySlaOutcomes();
    for (const row of rows) {
      const history = await this.deps.runtime.store.readStream(`ticket-${row.id}`);
      for (const e of history) {
        if (e.type === 'cs.sla.achieved.v1' || e.type === 'cs.sla.breached.v1') countSlaOutcome(actual, (e.data as { target: SlaTarget }).target, e.type === 'cs.sla.achieved.v1');
      }
      const events = history.filter((e) => (TICKET_EVENT_TYPES as readonly string[]).includes(e.type)).map((e) => ({ type: e.type, data: e.data }) as TicketEvent);
      tickets.push({ ticketId: row.id, customerId: row.customer_id, openedAt: row.created_at.toISOString(), tier: row.tier ?? undefined, events });
    }
    const calendarOf = await businessCalendars(this.configs);
    const until = new Date(Math.min(to.getTime(), Date.now()));
    return { from: from.toISOString(), to: to.toISOString(), tickets: rows.length, actual, simulated: simulateSla(tickets, policies, calendarOf, until) };
  }
}

function parse(body: unknown): { policies: SlaPoliciesDocument; from: Date; to: Date } {
  const b = (body ?? {}) as { policies?: unknown; from?: unknown; to?: unknown };
  const errors = schemaIssues(SlaPoliciesDocumentSchema, b.policies).map((e) => ({ path: `/policies${e.path}`, message: e.message }));
  const from = typeof b.from === 'string' ? new Date(b.from) : undefined;
  const to = typeof b.to === 'string' ? new Date(b.to) : undefined;
  if (!from || Number.isNaN(from.getTime())) errors.push({ path: '/from', message: 'is required (an RFC 3339 time)' });
  if (!to || Number.isNaN(to.getTime())) errors.push({ path: '/to', message: 'is required (an RFC 3339 time)' });
  else if (from && to <= from) errors.push({ path: '/to', message: 'must be after from' });
  if (errors.length > 0) throw new ValidationError(errors);
  return { policies: b.policies as SlaPoliciesDocument, from: from as Date, to: to as Date };
}
