import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/base-service-config';
import { currentCorrelationId } from './correlation-context';

export interface LoggerOptions {
  serviceName: string;
  level?: LogLevel;
  instanceId?: string;
  version?: string;
  /** Where lines go; stdout (written synchronously) by default. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/**
 * The process's root logger: one JSON object per line with `service`, an ISO `time`, the level as a word, and
 * the current `correlationId` whenever one is active, so lines of one request can be followed across services.
 */
export function createLogger(options: LoggerOptions): Logger {
  const base: Record<string, string> = { service: options.serviceName };
  if (options.instanceId) base['instance'] = options.instanceId;
  if (options.version) base['version'] = options.version;
  return pino(
    {
      level: options.level ?? 'info',
      base,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      redact: { paths: ['authorization', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    // Synchronous stdout: lines stay in order and none is lost when the process exits right after logging
    // (a failed start, the end of a shutdown); at one line per request the cost is negligible.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
