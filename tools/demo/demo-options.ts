import { Command, InvalidArgumentError, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Via = 'http' | 'kafka' | 'both';

export interface DemoOptions {
  seed: number;
  customers: number;
  days: number;
  rate: number;
  url: string;
  key?: string;
  dataDir: string;
  batchSize: number;
  via: Via;
  dryRun: boolean;
}

/** Ingestion's port, moved by PORT_OFFSET like `npm start` moves it. */
export function defaultUrl(env: NodeJS.ProcessEnv = process.env): string {
  const offset = Number(env['PORT_OFFSET'] ?? 0);
  return `http://localhost:${3001 + (Number.isInteger(offset) ? offset : 0)}`;
}

/** The demo connector key `npm start` wrote to `<data-dir>/credentials.json`. */
export function connectorKeyFrom(dataDir: string): string {
  const file = join(dataDir, 'credentials.json');
  if (!existsSync(file)) throw new Error(`no ${file}: start the platform with \`npm start\` (it writes the demo connector key there), or pass --key`);
  const key = (JSON.parse(readFileSync(file, 'utf8')) as { connector?: unknown }).connector;
  if (typeof key !== 'string' || key.length === 0) throw new Error(`${file} holds no "connector" key; pass --key`);
  return key;
}

const number = (check: (n: number) => boolean, what: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !check(n)) throw new InvalidArgumentError(`must be ${what}`);
  return n;
};
const wholeAtLeast = (min: number) => number((n) => Number.isInteger(n) && n >= min, `a whole number >= ${min}`);

const HELP_AFTER = `
Plays a simulated population of customers against the platform's public API, as its connectors would:
  /connectors/shop           customers with tiers and birthdays, orders, refunds, abandoned carts
  /connectors/web            pages and products viewed (cookie id, and the email once logged in)
  /connectors/marketing      newsletters opened and clicked, webinars, downloads, forms
  /connectors/helpdesk-mail, /connectors/chat, /connectors/phone, /connectors/social
                             emails, chats, texts, calls and social posts raising issues (billing, delivery,
                             refund, account, defect, product questions, complaints); some angry, some from
                             VIP customers, some follow-ups on the same thread
  /connectors/surveys        CSAT, NPS and CES answers after issues are solved

Compressed time: --days of activity, timestamped in the past up to now (CloudEvents "time"), are sent
in time order at --rate events per second.

Reproducible: the same --seed and --days give the same customers, events and event ids (customer i is the
same person whatever --customers). Running again re-sends the same ids, and ingestion reports them as
duplicates and stores nothing twice: a quick check of idempotent intake. Use another --seed for new traffic.

Environment:
  PORT_OFFSET     added to the default port 3001, as for npm start
  DATA_DIR        default of --data-dir
  KAFKA_BROKERS   host:9092,...; enables --via kafka|both (topic cs.ingest.v1, CloudEvents binary mode,
                  keyed by customer id)

Examples:
  npm run demo                                        200 customers, 7 days, 200 events/s over HTTP
  npm run demo -- --customers 1000 --days 30 --rate 0 as fast as ingestion takes it
  npm run demo -- --dry-run --customers 50 --days 3   what would be sent, with one example of each type
  KAFKA_BROKERS=localhost:9092 npm run demo -- --via both
`;

export function demoCommand(env: NodeJS.ProcessEnv = process.env): Command {
  return new Command('npm run demo --')
    .description('Seeded, reproducible traffic simulator: realistic connector events sent to ingestion.')
    .option('--seed <n>', 'seed of the population and its traffic', wholeAtLeast(0), 42)
    .option('--customers <n>', 'customers in the population', wholeAtLeast(1), 200)
    .option('--days <n>', 'days of simulated activity, ending now (fractions allowed)', number((n) => n > 0 && n <= 3_650, 'a number of days > 0'), 7)
    .option('--rate <n>', 'events per second; 0 = as fast as ingestion answers', number((n) => n >= 0, 'a number >= 0'), 200)
    .option('--url <url>', 'ingestion base URL', defaultUrl(env))
    .option('--key <key>', 'connector key (default: "connector" of <data-dir>/credentials.json)')
    .option('--data-dir <dir>', 'data directory of npm start', env['DATA_DIR'] ?? '.data')
    .option('--batch-size <n>', 'events per request, at most 500 (application/cloudevents-batch+json)', number((n) => Number.isInteger(n) && n >= 1 && n <= 500, 'a whole number from 1 to 500'), 100)
    .addOption(new Option('--via <target>', 'where to send: http, kafka (needs KAFKA_BROKERS) or both').choices(['http', 'kafka', 'both']).default('http'))
    .option('--dry-run', 'generate and print the summary and an example of each type, send nothing', false)
    .addHelpText('after', HELP_AFTER)
    .showHelpAfterError();
}
