import { type ValidationIssue, Topics } from '@csp/contracts';
import { type BusMessage, deadLetterMessage, DLQ_HEADERS, type MessageBus, type OutgoingMessage } from '@csp/message-bus';

export interface RejectedMessage {
  message: BusMessage;
  errors: ValidationIssue[];
}

const MAX_REASONS = 50;
const MAX_REASON_LENGTH = 500;

/**
 * Publishes rejected messages to `cs.ingest.dlq.v1` and resolves once the brokers acknowledged them. Each copy is
 * what `deadLetterMessage` builds for every dead-letter topic (original key, value and headers, plus origin
 * topic, scope, partition, offset, attempts, group and time in `x-dlq-*`), except that `x-dlq-error` holds the
 * reasons as a JSON array of `{ path, message }` (JSON Pointers, as in the HTTP 400 answer) instead of an
 * exception's text. A copy the brokers refuse as too large goes again without its value, so one oversized
 * message cannot stall the partition; its value is still at the origin offset until retention removes it.
 */
export async function publishRejections(bus: Pick<MessageBus, 'publish'>, rejections: readonly RejectedMessage[], groupId: string, failedAt: Date): Promise<void> {
  const copies = rejections.map(({ message, errors }) => rejectedCopy(message, errors, groupId, failedAt));
  try {
    await bus.publish(Topics.ingestDlq, copies);
  } catch (error) {
    if (!tooLarge(error)) throw error;
    // One message of the batch is too large; find it by sending them one by one (order per key is kept).
    for (const [i, copy] of copies.entries()) {
      await bus.publish(Topics.ingestDlq, [copy]).catch((single: unknown) => {
        if (!tooLarge(single)) throw single;
        const { errors, message } = rejections[i];
        const dropped = { path: '', message: `value of ${Buffer.byteLength(message.value)} bytes dropped: too large for ${Topics.ingestDlq}` };
        return bus.publish(Topics.ingestDlq, [rejectedCopy({ ...message, value: '' }, [...errors, dropped], groupId, failedAt)]);
      });
    }
  }
}

function rejectedCopy(message: BusMessage, errors: readonly ValidationIssue[], groupId: string, failedAt: Date): OutgoingMessage {
  const copy = deadLetterMessage(message, { groupId, attempts: message.attempt, error: 'rejected', failedAt, partition: partitionOf(message.scope) });
  return { ...copy, headers: { ...copy.headers, [DLQ_HEADERS.error]: reasonsHeader(errors) } };
}

/** Always valid JSON: bounded by dropping whole reasons and shortening messages, never by cutting the text. */
function reasonsHeader(errors: readonly ValidationIssue[]): string {
  const shown = errors.slice(0, MAX_REASONS).map(({ path, message }) => ({ path: path.slice(0, MAX_REASON_LENGTH), message: message.slice(0, MAX_REASON_LENGTH) }));
  if (errors.length > MAX_REASONS) shown.push({ path: '', message: `and ${errors.length - MAX_REASONS} more` });
  return JSON.stringify(shown);
}

/** Kafka scopes are `topic:partition` (topic names cannot contain ':'); other buses have no partition. */
function partitionOf(scope: string): number | undefined {
  const partition = Number(scope.slice(scope.lastIndexOf(':') + 1));
  return scope.includes(':') && Number.isInteger(partition) ? partition : undefined;
}

/** kafkajs wraps the broker's MESSAGE_TOO_LARGE (non-retriable) in one or more errors with a `cause`. */
function tooLarge(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { type, cause } = error as { type?: unknown; cause?: unknown };
  return type === 'MESSAGE_TOO_LARGE' || tooLarge(cause, depth + 1);
}
