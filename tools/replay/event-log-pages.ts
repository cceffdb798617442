import { TOPIC_CATEGORIES, topicOfCategory } from '@csp/contracts';
import type { EventStore, RecordedEvent } from '@csp/event-store';
import { type BusMessage, eventToMessage } from '@csp/message-bus';

/** The stream categories the given topics carry: what a replay of those topics reads from the global log. */
export function categoriesOf(topics: readonly string[]): string[] {
  return topics.flatMap((topic) => TOPIC_CATEGORIES[topic] ?? []);
}

/**
 * The global log after `after`, page by page, only the given categories. PostgreSQL's readAll may end a page
 * early (it never skips an event that commits later), so only an empty page means the end.
 */
export async function* logPages(
  store: EventStore, categories: readonly string[], options: { after?: bigint; pageSize: number },
): AsyncGenerator<RecordedEvent[]> {
  let after = options.after ?? 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: options.pageSize, filter: { categories } });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].position;
  }
}

/** The message the log bus would deliver for a stored event (same headers, topic and position). */
export function toBusMessage(event: RecordedEvent): BusMessage {
  const message = eventToMessage(event);
  return {
    topic: topicOfCategory(event.category) ?? event.category,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
    scope: 'log',
    position: event.position,
    attempt: 1,
  };
}
