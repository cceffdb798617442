import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from '@csp/customer-profile-domain';
import { categoryOf, type EventStore, idOf, type RecordedEvent } from '@csp/event-store';
import { type DeliveredEvent, eventToMessage, RAW_MESSAGE_TYPE } from '@csp/message-bus';
import type { ClientBase } from 'pg';
import { categoriesOf, logPages, toBusMessage } from '../event-log-pages';
import { type LogPage, profileProjection, rebuildProfileSetBased, type SetRebuildResult } from './profile-app';

/**
 * The log of the projection's categories as the bus would deliver it, page by page; the next page is read while
 * the caller works on this one.
 */
export async function* deliveredPages(store: EventStore, pageSize: number): AsyncGenerator<LogPage> {
  const pages = logPages(store, categoriesOf(profileProjection().topics), { pageSize });
  let next = pages.next();
  try {
    for (;;) {
      const page = await next;
      if (page.done) return;
      next = pages.next();
      // A read ahead that fails after the caller stopped must not surface as an unhandled rejection.
      next.catch(() => undefined);
      const events = page.value.flatMap((e) => deliveredOf(e) ?? []);
      yield { events, lastPosition: page.value[page.value.length - 1].position, scope: toBusMessage(page.value[0]).scope };
    }
  } finally {
    await pages.return(undefined);
  }
}

/**
 * What `messageToEvent(toBusMessage(event))` gives, without writing the data as JSON and parsing it back (the
 * store parsed it already): the same headers, the data object itself.
 */
export function deliveredOf(event: RecordedEvent): DeliveredEvent | undefined {
  if (event.type === RAW_MESSAGE_TYPE) return undefined;
  const { headers: h, key } = eventToMessageHeaders(event);
  return {
    id: h['ce_id'], type: h['ce_type'], source: h['ce_source'], time: h['ce_time'], subject: h['ce_subject'], category: categoryOf(h['ce_subject']),
    streamId: idOf(h['ce_subject']), key, data: event.data, correlationId: h['ce_correlationid'],
    causationId: h['ce_causationid'], recordedAt: h['ce_recordedat'], revision: h['ce_streamrevision'],
  };
}

/** The bus message's headers and key (eventToMessage, with the data left out of the JSON it writes). */
function eventToMessageHeaders(event: RecordedEvent) {
  const { headers, key } = eventToMessage({ ...event, data: null });
  return { headers: headers as Record<string, string>, key };
}

/**
 * The set-based rebuild (apps/customer-profile/src/rebuild) of the whole log into `schema`'s empty tables: what
 * `npm run replay -- customer-profile` and bench:profile run. Throws NeedsPerEventRebuild (nothing written) for a
 * log it does not decide; the caller then runs projectLog.
 */
export function rebuildFromLog(
  client: ClientBase, store: EventStore,
  o: { schema: string; pageSize: number; identity?: IdentityConfig; clock?: () => Date; birthdays?: boolean; onPage?(events: number): void },
): Promise<SetRebuildResult> {
  return rebuildProfileSetBased(client, deliveredPages(store, o.pageSize), { ...o, identity: o.identity ?? DEFAULT_IDENTITY_CONFIG });
}
