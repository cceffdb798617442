import { logLevel } from 'kafkajs';
import { quietLogCreator, toKafkaLogLevel } from './kafka-logger';

describe('kafka logger', () => {
  const entry = (namespace: string, level: logLevel, log: Record<string, unknown>) => ({
    namespace,
    level,
    label: 'X',
    log: { timestamp: '2025-01-01T00:00:00.000Z', message: 'm', ...log },
  });

  it('maps our level names to kafkajs levels', () => {
    expect(['nothing', 'error', 'warn', 'info', 'debug'].map((l) => toKafkaLogLevel(l as never))).toEqual([
      logLevel.NOTHING,
      logLevel.ERROR,
      logLevel.WARN,
      logLevel.INFO,
      logLevel.DEBUG,
    ]);
  });

  it('writes one compact line per entry with group and error', () => {
    const lines: string[] = [];
    const log = quietLogCreator((line) => lines.push(line))(logLevel.WARN);
    log(entry('Runner', logLevel.WARN, { message: 'The group is rebalancing, re-joining', groupId: 'g_1', error: 'x' }));
    expect(lines).toEqual(['kafkajs WARN [Runner] The group is rebalancing, re-joining group=g_1 error=x']);
  });

  it("drops the connection layer's routine rebalance responses", () => {
    const lines: string[] = [];
    const log = quietLogCreator((line) => lines.push(line))(logLevel.ERROR);
    log(entry('Connection', logLevel.ERROR, { error: 'The group is rebalancing, so a rejoin is needed' }));
    log(entry('Connection', logLevel.ERROR, { error: 'Connection timeout' }));
    expect(lines).toEqual(['kafkajs ERROR [Connection] m error=Connection timeout']);
  });
});
