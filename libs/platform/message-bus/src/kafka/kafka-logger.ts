import { type LogEntry, logLevel, type logCreator } from 'kafkajs';

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

const LEVELS: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

const NAMES: Record<number, string> = { 1: 'ERROR', 2: 'WARN', 4: 'INFO', 5: 'DEBUG' };

export function toKafkaLogLevel(level: KafkaLogLevel): logLevel {
  return LEVELS[level];
}

export type LogSink = (line: string) => void;

/**
 * kafkajs logs a multi-line JSON blob per event by default, and reports routine rebalances at ERROR level
 * from the connection layer. This keeps one compact line per entry, and drops the connection layer's
 * "rebalancing" responses, which the runner reports again (as a warning) when it re-joins.
 */
export function quietLogCreator(sink: LogSink = (line) => process.stderr.write(`${line}\n`)): logCreator {
  return () => (entry: LogEntry) => {
    if (isRoutineRebalance(entry)) return;
    const { message, timestamp: _timestamp, error, groupId } = entry.log;
    const details = [groupId && `group=${groupId}`, error && `error=${String(error)}`].filter(Boolean).join(' ');
    sink(`kafkajs ${NAMES[entry.level] ?? entry.level} [${entry.namespace}] ${message}${details ? ` ${details}` : ''}`);
  };
}

function isRoutineRebalance(entry: LogEntry): boolean {
  return entry.namespace === 'Connection' && /rebalancing/i.test(String(entry.log.error ?? ''));
}
