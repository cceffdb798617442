import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 360 read model. Facts (timeline, tickets) are keyed by the id the producing event named (customerIdFor of
 * its identifiers); `customer_aliases` maps every such id to the customer it answers as now, so a merge or an
 * unmerge re-keys nothing: it rewrites aliases, and each customer's facts follow.
 */
export class CreateCustomers1763900000200 implements MigrationInterface {
  name = 'CreateCustomers1763900000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE customers (
      id uuid PRIMARY KEY,
      name text,
      traits jsonb NOT NULL DEFAULT '{}',
      tier text,
      tags text[] NOT NULL DEFAULT '{}',
      merged_from uuid[] NOT NULL DEFAULT '{}',
      segments text[] NOT NULL DEFAULT '{}',
      churn_risk text,
      first_seen_at timestamptz,
      last_seen_at timestamptz
    )`);
    await q.query('CREATE INDEX customers_tags ON customers USING gin (tags)');
    await q.query('CREATE INDEX customers_tier ON customers (tier, id)');
    await q.query('CREATE INDEX customers_segments ON customers USING gin (segments)');
    await q.query(`CREATE TABLE customer_aliases (
      alias_id uuid PRIMARY KEY,
      identity_key text NOT NULL,
      customer_id uuid NOT NULL
    )`);
    await q.query('CREATE INDEX customer_aliases_customer ON customer_aliases (customer_id)');
    await q.query(`CREATE TABLE customer_identities (
      kind text NOT NULL,
      value text NOT NULL,
      customer_id uuid NOT NULL,
      shared boolean NOT NULL DEFAULT false,
      PRIMARY KEY (kind, value, customer_id)
    )`);
    await q.query('CREATE INDEX customer_identities_customer ON customer_identities (customer_id)');
    await q.query(`CREATE TABLE identity_observations (
      id text PRIMARY KEY,
      identities jsonb NOT NULL,
      verified boolean NOT NULL,
      first_at timestamptz NOT NULL,
      first_event_id text NOT NULL
    )`);
    await q.query(`CREATE TABLE observation_identities (
      identity_key text NOT NULL,
      observation_id text NOT NULL REFERENCES identity_observations (id) ON DELETE CASCADE,
      PRIMARY KEY (identity_key, observation_id)
    )`);
    // Shared identifiers (a family email): they glue nobody, so resolution never walks through them.
    await q.query('CREATE TABLE shared_identities (identity_key text PRIMARY KEY)');
    await q.query(`CREATE TABLE identity_decisions (
      event_id text PRIMARY KEY,
      kind text NOT NULL,
      a uuid NOT NULL,
      b uuid NOT NULL,
      at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX identity_decisions_a ON identity_decisions (a)');
    await q.query('CREATE INDEX identity_decisions_b ON identity_decisions (b)');
    await q.query(`CREATE TABLE customer_timeline (
      event_id text PRIMARY KEY,
      customer_id uuid NOT NULL,
      type text NOT NULL,
      at timestamptz NOT NULL,
      data jsonb NOT NULL
    )`);
    await q.query('CREATE INDEX customer_timeline_customer ON customer_timeline (customer_id, at DESC, event_id DESC)');
    await q.query('CREATE INDEX customer_timeline_type ON customer_timeline (customer_id, type, at DESC)');
    await q.query(`CREATE TABLE customer_tickets (
      ticket_id uuid PRIMARY KEY,
      customer_id uuid NOT NULL,
      number integer NOT NULL,
      status text NOT NULL,
      status_at timestamptz NOT NULL,
      category text,
      channel text NOT NULL,
      subject text NOT NULL,
      opened_at timestamptz NOT NULL,
      solved_at timestamptz
    )`);
    await q.query('CREATE INDEX customer_tickets_customer ON customer_tickets (customer_id, opened_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['customer_tickets', 'customer_timeline', 'identity_decisions', 'shared_identities', 'observation_identities', 'identity_observations', 'customer_identities', 'customer_aliases', 'customers']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
