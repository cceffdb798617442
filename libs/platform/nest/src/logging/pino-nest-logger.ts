import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

// Nest's boot chatter (one line per module and route) is useful only when debugging the wiring.
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
const STACK = /\n\s+at /;

/** Nest's `LoggerService` over pino: Nest's own logs and every `new Logger(context)` become JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.write(context !== undefined && WIRING_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  private write(level: Level, message: unknown, params: unknown[], mayHaveStack = false): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const context = contextOf(params);
    if (context !== undefined) fields['context'] = context;
    const stack = mayHaveStack ? stackOf(params) : undefined;
    if (stack !== undefined) fields['stack'] = stack;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}

/** Nest appends the context as the last string argument (`Logger.error(message, stack, context)`). */
function contextOf(params: unknown[]): string | undefined {
  const last = params[params.length - 1];
  if (typeof last !== 'string' || STACK.test(last)) return undefined;
  return last;
}

function stackOf(params: unknown[]): string | undefined {
  const candidate = params.length >= 2 ? params[params.length - 2] : params[0];
  return typeof candidate === 'string' && (params.length >= 2 || STACK.test(candidate)) ? candidate : undefined;
}
