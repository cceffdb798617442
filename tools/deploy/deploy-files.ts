// Shared by the deploy specs: the compose file, the Dockerfiles and what they must agree on.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const workspaceRoot = join(__dirname, '..', '..');

/** Each app, its port (docs/api.md) and the consumer group whose dead-letter topic it needs. */
export const APPS = [
  { name: 'ingestion', port: 3001 },
  { name: 'ticketing', port: 3002 },
  { name: 'customer-profile', port: 3003 },
  { name: 'analytics', port: 3004 },
] as const;

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> };
  ports?: string[];
  environment?: Record<string, string> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  volumes?: (string | { source?: string; target?: string })[];
  entrypoint?: string | string[];
  command?: string | string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readWorkspaceFile(relativePath: string): string {
  return readFileSync(join(workspaceRoot, relativePath), 'utf8');
}

export function workspaceFileExists(relativePath: string): boolean {
  return existsSync(join(workspaceRoot, relativePath));
}

/** Parses docker-compose.yml as Compose does: YAML 1.1 merge keys (`<<: *anchor`) resolved. */
export function readCompose(): ComposeFile {
  return parse(readWorkspaceFile('docker-compose.yml'), { merge: true }) as ComposeFile;
}

/** Environment as a map whether it was written as a map or as `KEY=value` lines. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(env.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
}

/** depends_on as `service -> condition` (the short list form means `service_started`). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v?.condition ?? 'service_started']));
}

export function dockerfileOf(service: ComposeService): string | undefined {
  if (!service.build) return undefined;
  if (typeof service.build === 'string') return join(service.build, 'Dockerfile');
  return join(service.build.context ?? '.', service.build.dockerfile ?? 'Dockerfile');
}

/** The one script string a `sh -c`-style one-shot service runs. */
export function scriptOf(service: ComposeService): string {
  const command = service.command ?? '';
  return Array.isArray(command) ? command.join('\n') : command;
}

/**
 * What Compose does to a value before the container sees it: `${VAR}`, `${VAR:-default}` and
 * `${VAR:?message}` (an error when unset or empty) from the operator's environment, then `$$` -> `$`.
 */
export function interpolate(value: string, hostEnv: Record<string, string> = {}): string {
  return value
    .replace(/(?<!\$)\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, operator?: string, word = '') => {
      const set = hostEnv[name] !== undefined && hostEnv[name] !== '';
      if (set) return hostEnv[name];
      if (operator === '?') throw new Error(`${name}: ${word}`);
      return operator === '-' ? word : '';
    })
    .replace(/\$\$/g, '$');
}

