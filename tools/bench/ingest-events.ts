import { messageEvents } from '@csp/simulator';

export const STRUCTURED = 'application/cloudevents+json';
export const BATCH = 'application/cloudevents-batch+json';

/**
 * Request bodies of `count` new inbound messages from the traffic simulator (deterministic in `seed`; ids
 * `sim-<seed>-msg-<n>`, so each seed gives ids no other seed gives): one CloudEvent per body (structured
 * mode) or `batchSize` per body (batch mode). Serialised before the clock starts.
 */
export function eventBodies(o: { seed: string; count: number; customers: number; batchSize?: number }): Buffer[] {
  const events = messageEvents({ seed: o.seed, count: o.count, customers: o.customers });
  if (!o.batchSize) return events.map((e) => Buffer.from(JSON.stringify(e)));
  const bodies: Buffer[] = [];
  for (let i = 0; i < events.length; i += o.batchSize) bodies.push(Buffer.from(JSON.stringify(events.slice(i, i + o.batchSize))));
  return bodies;
}
