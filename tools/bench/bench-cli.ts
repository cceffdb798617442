import { InvalidArgumentError } from 'commander';

/** Commander parser for options that must be a positive integer. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export const DATABASE_HELP =
  '\nEnvironment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres): the server on which a fresh\n' +
  'database is created for the run and dropped at the end.';

/** Runs a benchmark's main: a failure is printed plainly and exits 1 (no unhandled-rejection noise). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`\nbenchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
