import { assessHealth, foldTags, type IdentityConfig, type IdentityObservation, parseKey, resolveIdentities, sharedIdentities } from '@csp/customer-profile-domain';
import { birthdayOf, nextGreeting, zoneOf } from '../care/birthday-time';
import { BIRTHDAY_KIND } from '../care/birthday-greetings';
import { signalsOf } from '../health/health-signals.store';
import { idOfKey } from '../identity/identity-graph';
import { type HealthFact, type IdFacts, later, type ProfileFold } from './profile-fold';

/** A customers row, column by column as the projection leaves it. */
export interface CustomerRowValues {
  id: string; name: string | null; traits: Record<string, unknown>; tier: string | null; tags: string[]; merged_from: string[];
  segments: string[]; churn_risk: string | null; first_seen_at: string | null; last_seen_at: string | null;
  health_signals: unknown; health_score: number; health_reasons: string[];
}

/** Every row of the read model except the timeline (written while the log is read), as the per-event projection leaves them. */
export interface ProfileRows {
  customers: CustomerRowValues[];
  aliases: { alias_id: string; identity_key: string; customer_id: string }[];
  identities: { kind: string; value: string; customer_id: string; shared: boolean }[];
  observations: { id: string; identities: string; verified: boolean; first_at: string; first_event_id: string }[];
  observationIdentities: { identity_key: string; observation_id: string }[];
  shared: string[];
  decisions: { event_id: string; kind: string; a: string; b: string; at: string }[];
  greetings: { id: string; kind: string; due_at: string; payload: string }[];
}

export interface RowsOptions {
  identity: IdentityConfig;
  /** The time health is assessed and greetings are planned at (the projection's care clock). */
  now: Date;
  /** Plan birthday greetings (the projection does when it is given BirthdayGreetings). */
  birthdays: boolean;
}

/**
 * The read model's rows from the folded log: identities resolved once over every observation and decision (the
 * projection resolves component by component, with the same result), then each surviving customer's row, health
 * and greeting from the facts of every id that answers as it, with the functions the projection uses.
 */
export function profileRows(fold: ProfileFold, o: RowsOptions): ProfileRows {
  const observations = [...fold.observations.entries()];
  const asInput = observations.map(([, ob]): IdentityObservation => ({ id: ob.eventId, at: ob.at, identities: ob.keys.map(parseKey), verified: ob.verified }));
  const resolved = resolveIdentities(asInput, [...fold.decisions.values()], o.identity);
  const keys = [...new Set(observations.flatMap(([, ob]) => ob.keys))];
  const aliases = keys.map((key) => ({ alias_id: idOfKey(key), identity_key: key, customer_id: resolved.aliases[idOfKey(key)] }));
  const answersAs = (id: string) => resolved.aliases[id] ?? id;
  const members = new Map<string, string[]>();
  for (const a of aliases) members.set(a.customer_id, [...(members.get(a.customer_id) ?? []), a.alias_id]);
  const mergedFrom = new Map(resolved.customers.map((c) => [c.id, c.mergedFrom]));
  // A row for every customer the projection refreshed or resolved, unless it now answers as another one.
  const rowIds = new Set([...resolved.customers.map((c) => c.id), ...[...fold.touched].map(answersAs)].filter((id) => answersAs(id) === id));
  const customers = [...rowIds].sort().map((id) => customerRow(id, [...new Set([id, ...(members.get(id) ?? [])])], fold, mergedFrom.get(id) ?? [], o.now));
  return {
    customers,
    aliases,
    identities: resolved.customers.flatMap((c) => [
      ...c.identities.map((i) => ({ ...i, customer_id: c.id, shared: false })), ...c.shared.map((i) => ({ ...i, customer_id: c.id, shared: true })),
    ]),
    observations: observations.map(([id, ob]) => ({ id, identities: JSON.stringify(ob.keys.map(parseKey)), verified: ob.verified, first_at: ob.at, first_event_id: ob.eventId })),
    observationIdentities: observations.flatMap(([id, ob]) => ob.keys.map((key) => ({ identity_key: key, observation_id: id }))),
    shared: [...sharedIdentities(asInput.filter((ob) => ob.verified), o.identity)],
    decisions: [...fold.decisions.values()].map((d) => ({ event_id: d.id, kind: d.kind, a: d.a, b: d.b, at: d.at })),
    greetings: o.birthdays ? greetingsOf(customers, o.now) : [],
  };
}

/** What the projection's refresh and care step leave in a customer's row, from the facts of its ids. */
function customerRow(id: string, ids: readonly string[], fold: ProfileFold, mergedFrom: string[], now: Date): CustomerRowValues {
  const facts = ids.flatMap((m) => fold.facts.get(m) ?? []);
  const byTime = <T extends { at: string; eventId: string }>(list: T[]) => list.sort((x, y) => (later(x, y) ? 1 : later(y, x) ? -1 : 0));
  const traits: Record<string, unknown> = Object.assign({}, ...byTime(facts.flatMap((f) => f.traits)).map((t) => t.traits ?? {}));
  const names = facts.flatMap((f) => (f.name ? [f.name] : []));
  const name = names.reduce<(typeof names)[number] | undefined>((max, n) => (!max || later(n, max) ? n : max), undefined);
  const visits = facts.flatMap((f) => (f.lastVisit ? [f.lastVisit] : [])).sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
  const health: HealthFact[] = [...byTime(facts.flatMap((f) => f.health)), ...visits.slice(0, 1)];
  const signals = signalsOf(health);
  const assessment = assessHealth(signals, now);
  return {
    id,
    name: (traits['name'] as string | undefined) ?? name?.name ?? null,
    traits,
    tier: typeof traits['tier'] === 'string' ? traits['tier'] : null,
    tags: foldTags(byTime(facts.flatMap((f) => f.tagChanges))),
    merged_from: mergedFrom,
    segments: [],
    churn_risk: assessment.churnRisk,
    first_seen_at: extreme(facts, 'first'),
    last_seen_at: extreme(facts, 'last'),
    health_signals: signals,
    health_score: assessment.score,
    health_reasons: assessment.reasons,
  };
}

function extreme(facts: readonly IdFacts[], which: 'first' | 'last'): string | null {
  const times = facts.flatMap((f) => (f[which] ? [f[which] as string] : [])).sort();
  return (which === 'first' ? times[0] : times[times.length - 1]) ?? null;
}

/**
 * The greetings BirthdayGreetings.plan would schedule for the rows. The next greeting depends only on the day, the
 * zone and `now`, and working it out builds Intl formatters (about a millisecond each): once per day and zone.
 */
function greetingsOf(customers: readonly CustomerRowValues[], now: Date): ProfileRows['greetings'] {
  const known = new Map<string, ReturnType<typeof nextGreeting>>();
  return customers.flatMap((c) => {
    const birthday = birthdayOf(c.traits['birthday']);
    if (!birthday) return [];
    const key = `${birthday.month}-${birthday.day} ${String(c.traits['timezone'])}`;
    const next = known.get(key) ?? nextGreeting(birthday, zoneOf(c.traits['timezone']), now);
    known.set(key, next);
    const payload = JSON.stringify({ customerId: c.id, year: next.year, ...birthday });
    return [{ id: `birthday:${c.id}:${next.year}`, kind: BIRTHDAY_KIND, due_at: next.at.toISOString(), payload }];
  });
}
