import { demoCommand, defaultUrl } from './demo-options';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = demoCommand(env).exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  return command.parse(args, { from: 'user' }).opts();
};

describe('demo options', () => {
  it('has the documented defaults', () => {
    expect(parse([])).toEqual({ seed: 42, customers: 200, days: 7, rate: 200, url: 'http://localhost:3001', dataDir: '.data', batchSize: 100, via: 'http', dryRun: false });
  });

  it('follows PORT_OFFSET and DATA_DIR like npm start', () => {
    expect(defaultUrl({ PORT_OFFSET: '500' })).toBe('http://localhost:3501');
    expect(parse([], { PORT_OFFSET: '10', DATA_DIR: '/tmp/csp' })).toMatchObject({ url: 'http://localhost:3011', dataDir: '/tmp/csp' });
  });

  it('parses numbers and rejects nonsense', () => {
    expect(parse(['--days', '0.5', '--rate', '0', '--customers', '5', '--via', 'both', '--dry-run'])).toMatchObject({ days: 0.5, rate: 0, customers: 5, via: 'both', dryRun: true });
    for (const bad of [['--customers', '0'], ['--days', '-1'], ['--rate', 'fast'], ['--batch-size', '501'], ['--via', 'smtp'], ['--seed', '1.5']]) {
      expect(() => parse(bad)).toThrow();
    }
  });
});
