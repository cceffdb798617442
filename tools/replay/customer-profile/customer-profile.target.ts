import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from '@csp/customer-profile-domain';
import { identityConfigFrom, profileProjection } from './profile-app';
import { categoriesOf } from '../event-log-pages';
import type { ReplayTarget } from '../replay-target';
import { replayCustomerProfile } from './profile-replay';
import { LIVE_SCHEMA } from './profile-schemas';

const int = new Intl.NumberFormat('en-US');

export const customerProfileTarget: ReplayTarget = {
  name: 'customer-profile',
  description:
    `Recreates the customer-profile read model (PostgreSQL schema ${LIVE_SCHEMA}: 360 view, identity graph, timeline, ` +
    'birthday deadlines) from the event store into a fresh schema; the running service answers from the old one ' +
    'until the new one has caught up, then both switch in one transaction.',
  env: {
    IDENTITY_BLOCKLIST: 'as the service has it: the identity graph decides with it',
    IDENTITY_BLOCKED_EMAIL_DOMAINS: 'as the service has it',
    IDENTITY_MAX_PER_KIND: 'as the service has it',
    CUSTOMER_SUCCESS_LEAD_EMAIL: 'as the service has it (risk alerts)',
    PROFILE_REPLAY_PER_EVENT: '1 = rebuild event by event with the projection instead of set-based (slower; announces what it decides anew, e.g. merges after a change of IDENTITY_* settings)',
  },
  async run({ events, databaseUrl, countEvents, progress, env, pageSize }) {
    if (!databaseUrl) throw new Error(`the ${LIVE_SCHEMA} schema lives in PostgreSQL: with EVENTSTORE_URL, set DATABASE_URL to the service's database too`);
    try {
      progress.start(await countEvents(categoriesOf(profileProjection().topics)));
      const leadEmail = env['CUSTOMER_SUCCESS_LEAD_EMAIL'] || undefined;
      const summary = await replayCustomerProfile({
        events, databaseUrl, pageSize, identity: identityConfig(env), care: { leadEmail }, onProgress: (done) => progress.update(done),
        perEvent: env['PROFILE_REPLAY_PER_EVENT'] === '1',
      });
      progress.stop();
      const { kept } = summary;
      return [
        `customer-profile rebuilt into schema ${LIVE_SCHEMA}: ${int.format(summary.events)} events in ${summary.seconds.toFixed(1)} s ` +
          `(${int.format(Math.round(summary.events / Math.max(summary.seconds, 0.001)))} events/s), ` +
          `${int.format(summary.caughtUp)} of them in the final pass with the live projection waiting; rebuilt ${summary.mode}`,
        `  kept from the old schema: ${int.format(kept.deadlines)} deadlines, ${int.format(kept.outbox)} outbox rows not yet relayed`,
        ...Object.entries(summary.rows).map(([table, n]) => `  ${table.padEnd(26)} ${int.format(n).padStart(12)} rows`),
      ];
    } finally {
      progress.stop();
    }
  },
};

/** The identity configuration the service builds from the same variables (its own function). */
function identityConfig(env: NodeJS.ProcessEnv): IdentityConfig {
  const maxPerKind = Number(env['IDENTITY_MAX_PER_KIND'] || DEFAULT_IDENTITY_CONFIG.maxPerKind);
  if (!Number.isInteger(maxPerKind) || maxPerKind < 1) throw new Error(`IDENTITY_MAX_PER_KIND must be a positive integer, not ${env['IDENTITY_MAX_PER_KIND']}`);
  return identityConfigFrom({ blocklist: env['IDENTITY_BLOCKLIST'], blockedEmailDomains: env['IDENTITY_BLOCKED_EMAIL_DOMAINS'], maxPerKind });
}
