import type { SimEvent } from '@csp/simulator';
import { postBatch, type HttpTarget } from './http-sender';
import type { KafkaSender } from './kafka-sender';
import { Pacer, requestSize } from './pacer';
import { emptyTally, recordAnswer, recordKafka, type SendTally } from './send-tally';

export interface SendOptions {
  /** Ingestion's HTTP intake; absent when sending to Kafka only. */
  http?: HttpTarget;
  kafka?: Pick<KafkaSender, 'send'>;
  /** Events per second; 0 sends as fast as ingestion answers. */
  rate: number;
  batchSize: number;
  /** Aborting stops the run after the request in flight (Ctrl-C). */
  signal?: AbortSignal;
  onProgress?: (delivered: number, tally: SendTally) => void;
}

export interface SendReport {
  tally: SendTally;
  /** Events handed to every target of the run. */
  delivered: number;
  seconds: number;
  stopped: boolean;
  /** Why the run ended early, when it failed (the tally still holds what was sent before). */
  error?: Error;
}

/**
 * Sends the events in order, in requests of up to `batchSize`, paced at `rate`, to HTTP and/or Kafka, and
 * tallies ingestion's answers per event type. One request at a time keeps the time order of the simulation.
 */
export async function sendTraffic(events: readonly SimEvent[], options: SendOptions): Promise<SendReport> {
  const tally = emptyTally(events);
  const size = requestSize(options.batchSize, options.rate);
  const pacer = new Pacer(options.rate);
  const started = performance.now();
  const report = (delivered: number, stopped: boolean, error?: Error): SendReport => ({
    tally, delivered, stopped, error, seconds: (performance.now() - started) / 1_000,
  });
  let delivered = 0;
  try {
    for (let i = 0; i < events.length; i += size) {
      if (options.signal?.aborted) return report(delivered, true);
      await pacer.waitTurn(options.signal);
      const batch = events.slice(i, i + size);
      if (options.kafka) {
        await options.kafka.send(batch);
        recordKafka(tally, batch);
      }
      if (options.http) {
        const { answer, throttled } = await postBatch(options.http, batch, options.signal);
        recordAnswer(tally, batch, answer);
        tally.throttled += throttled;
      }
      pacer.record(batch.length);
      delivered += batch.length;
      options.onProgress?.(delivered, tally);
    }
    return report(delivered, false);
  } catch (error) {
    if (options.signal?.aborted && (error as Error).name === 'AbortError') return report(delivered, true);
    return report(delivered, false, error instanceof Error ? error : new Error(String(error)));
  }
}
