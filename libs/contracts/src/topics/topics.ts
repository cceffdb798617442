/**
 * Every Kafka topic of the platform, versioned, in one place. The log bus (embedded default) serves the same
 * topic names from the event store's global log: a topic is the set of stream categories its relay publishes.
 */
export const Topics = {
  /** Connectors -> ingestion (CloudEvents Kafka binding). */
  ingest: 'cs.ingest.v1',
  /** Invalid messages from `cs.ingest.v1`, with the reasons in headers. */
  ingestDlq: 'cs.ingest.dlq.v1',
  /** Ingestion's relay: every accepted connector event (key: customer id). */
  interactions: 'cs.interactions.v1',
  /** Ticketing's relay: ticket lifecycle, SLA outcomes, survey requests, configuration (key: ticket id). */
  ticketing: 'cs.ticketing.v1',
  /** Ticketing and customer-profile: outbound messages and their delivery outcomes (key: customer id). */
  outbound: 'cs.outbound.v1',
  /** Customer-profile's relay: identity, merges, tier, segments, health, erasure (key: customer id). */
  customers: 'cs.customers.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Stream categories whose events each topic carries (what the relays publish, what the log bus reads). */
export const TOPIC_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  [Topics.interactions]: ['interaction'],
  [Topics.ticketing]: ['ticket', 'ticketingConfig'],
  [Topics.outbound]: ['outbound'],
  [Topics.customers]: ['customer', 'profileConfig'],
};

/** The dead-letter topic of a consumer group: messages its handler could not process, with the reason. */
export function deadLetterTopicFor(groupId: string): string {
  return `cs.dlq.${groupId}.v1`;
}

/** Topic of a stream category (inverse of TOPIC_CATEGORIES), used by the relays. */
export function topicOfCategory(category: string): string | undefined {
  return Object.entries(TOPIC_CATEGORIES).find(([, categories]) => categories.includes(category))?.[0];
}

/** A service's relay routes (category -> topic) for the stream categories it owns, from TOPIC_CATEGORIES. */
export function relayRoutesFor(categories: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    categories.map((category) => {
      const topic = topicOfCategory(category);
      if (!topic) throw new Error(`stream category '${category}' is not published on any topic (see TOPIC_CATEGORIES)`);
      return [category, topic];
    }),
  );
}
