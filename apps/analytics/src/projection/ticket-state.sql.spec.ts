import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECOMPUTE_TICKETS, recomputeTicketsSql } from './ticket-state.sql';

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('the tickets recompute statement', () => {
  it('is the statement migration 0007 backfills with, over every ticket', () => {
    const migration = readFileSync(join(__dirname, '..', 'clickhouse', 'migrations', '0007_tickets.sql'), 'utf8');
    const backfill = migration.slice(migration.indexOf('INSERT INTO tickets'), migration.indexOf(';', migration.indexOf('INSERT INTO tickets')));
    expect(squash(backfill)).toBe(squash(recomputeTicketsSql()));
  });

  it('looks the worker\'s tickets up by id (the key of ticket_events)', () => {
    expect(squash(RECOMPUTE_TICKETS)).toContain('FROM ticket_events AS e WHERE e.ticket_id IN {ids:Array(UUID)} GROUP BY e.ticket_id');
  });
});
