import { createLogger } from './create-logger';
import { runWithCorrelationId } from './correlation-context';
import { PinoNestLogger } from './pino-nest-logger';

function capture(level: 'info' | 'debug' = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ serviceName: 'svc', level, instanceId: 'svc-1', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { lines, nest: new PinoNestLogger(logger) };
}

describe('PinoNestLogger', () => {
  it('writes JSON lines with service, level word, context and message', () => {
    const { lines, nest } = capture();
    nest.log('ready', 'Bootstrap');
    expect(lines[0]).toMatchObject({ level: 'info', service: 'svc', instance: 'svc-1', context: 'Bootstrap', msg: 'ready' });
    expect(lines[0]?.['time']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('keeps the stack Nest passes to error()', () => {
    const { lines, nest } = capture();
    const stack = new Error('boom').stack ?? '';
    nest.error('failed', stack, 'Worker');
    nest.error('failed without context', stack);
    nest.error('failed plainly', 'Worker');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'failed', context: 'Worker', stack });
    expect(lines[1]).toMatchObject({ msg: 'failed without context', stack });
    expect(lines[1]).not.toHaveProperty('context');
    expect(lines[2]).toMatchObject({ msg: 'failed plainly', context: 'Worker' });
    expect(lines[2]).not.toHaveProperty('stack');
  });

  it('logs objects as fields and errors with their stack', () => {
    const { lines, nest } = capture();
    nest.warn({ msg: 'slow', durationMs: 1200 }, 'Db');
    nest.error(new Error('broken'), 'Db');
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'slow', durationMs: 1200, context: 'Db' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'broken', err: { message: 'broken', stack: expect.stringContaining('Error: broken') } });
  });

  it("demotes Nest's wiring chatter to debug and maps verbose to trace", () => {
    const { lines, nest } = capture('info');
    nest.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    nest.verbose('details', 'X');
    nest.debug('more', 'X');
    nest.fatal('down', 'X');
    expect(lines.map((line) => line['level'])).toEqual(['fatal']);
  });

  it('adds the current correlation id to every line', () => {
    const { lines, nest } = capture();
    runWithCorrelationId('req-9', () => nest.log('inside', 'Handler'));
    nest.log('outside', 'Handler');
    expect(lines[0]).toMatchObject({ msg: 'inside', correlationId: 'req-9' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });
});
