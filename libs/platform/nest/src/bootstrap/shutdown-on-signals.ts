import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';

/** How long a signal-triggered shutdown may take before the process is forced out (orchestrators kill anyway). */
export const SHUTDOWN_TIMEOUT_MS = 15_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * On SIGINT/SIGTERM: `app.close(signal)` runs Nest's order (onModuleDestroy, beforeApplicationShutdown, HTTP server
 * closed: no new connections, in-flight requests finish; then onApplicationShutdown, where consumers stop), then
 * the process exits 0, or 1 when closing failed or took longer than the timeout. A second signal during the
 * shutdown kills the process at once (the handlers are gone by then).
 */
export function shutdownOnSignals(app: NestFastifyApplication, logger: Logger, timeoutMs = SHUTDOWN_TIMEOUT_MS): void {
  let started = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    void shutdown(app, logger, signal, timeoutMs);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  // Closed some other way (tests, or by us): leave the process's signals alone.
  app.getHttpServer().once('close', () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  });
}

async function shutdown(app: NestFastifyApplication, logger: Logger, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  logger.info(`received ${signal}: closing the HTTP server, then stopping consumers`);
  setTimeout(() => {
    logger.error(`shutdown took longer than ${timeoutMs} ms; exiting`);
    exitAfterFlush(logger, 1);
  }, timeoutMs).unref();
  try {
    // Nest's close(signal) passes the signal on to the hooks; its typings only declare close().
    await (app.close as (this: NestFastifyApplication, signal?: string) => Promise<void>).call(app, signal);
    logger.info('stopped');
    exitAfterFlush(logger, 0);
  } catch (error) {
    logger.error({ err: error }, `shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
    exitAfterFlush(logger, 1);
  }
}

/** pino writes stdout asynchronously: exiting before the flush would drop the last lines. */
function exitAfterFlush(logger: Logger, code: number): void {
  logger.flush(() => process.exit(code));
}
