import type { Static, TObject, TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

export type Environment = Record<string, string | undefined>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown at startup when the environment does not fit the schema: the message lists every problem on one line. */
export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(readonly problems: readonly ConfigProblem[]) {
    const plural = problems.length === 1 ? 'problem' : 'problems';
    super(`Invalid configuration (${problems.length} ${plural}): ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the variables named by `schema` from `env`, applies defaults, converts numbers, booleans
 * (true/false/1/0/yes/no/on/off) and comma lists, validates, and returns the typed config. An empty variable
 * counts as unset. Values are never echoed for plain strings, so a secret cannot end up in a startup log.
 */
export function loadConfig<T extends TObject>(schema: T, env: Environment = process.env): Static<T> {
  const input: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const info = describe(property);
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (info.default !== undefined) input[name] = structuredClone(info.default);
      continue;
    }
    input[name] = coerce(raw, info);
  }
  const validate = configAjv().compile(schema);
  if (validate(input)) return input as Static<T>;
  const order = Object.keys(schema.properties);
  const problems = uniqueProblems((validate.errors ?? []).map(toProblem));
  throw new ConfigError(problems.sort((a, b) => order.indexOf(a.variable) - order.indexOf(b.variable)));
}

interface PropertyInfo {
  type?: string;
  default?: unknown;
  items?: PropertyInfo;
}

/** The type, default and item type of a property, looking through `allOf` (what `Type.Composite` produces). */
function describe(schema: TSchema): PropertyInfo {
  const parts: TSchema[] = Array.isArray(schema['allOf']) ? [schema, ...schema['allOf']] : [schema];
  const info: PropertyInfo = {};
  for (const part of parts) {
    if (typeof part['type'] === 'string') info.type = part['type'];
    if (part['default'] !== undefined) info.default = part['default'];
    if (part['items'] && typeof part['items'] === 'object') info.items = describe(part['items'] as TSchema);
  }
  return info;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** Converts what can be converted; anything else stays a string so validation reports it with the variable name. */
function coerce(raw: string, info: PropertyInfo): unknown {
  const text = raw.trim();
  switch (info.type) {
    case 'integer':
    case 'number':
      return NUMBER.test(text) ? Number(text) : raw;
    case 'boolean':
      if (TRUE.has(text.toLowerCase())) return true;
      return FALSE.has(text.toLowerCase()) ? false : raw;
    case 'array':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
        .map((item) => coerce(item, info.items ?? {}));
    default:
      return raw;
  }
}

function configAjv(): Ajv {
  // verbose: errors carry the failing value and its schema, needed to phrase messages per variable.
  return addFormats(new Ajv({ allErrors: true, verbose: true, strict: false }));
}

function toProblem(error: ErrorObject): ConfigProblem {
  const [variable = '', index] = error.instancePath.split('/').slice(1);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return { variable: String(params['missingProperty']), message: 'is required but not set' };
  const message = describeError(error, params);
  return { variable, message: index === undefined ? message : `entry ${Number(index) + 1} ${message}` };
}

function describeError(error: ErrorObject, params: Record<string, unknown>): string {
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const got = `(got '${String(error.data)}')`;
  switch (error.keyword) {
    case 'type':
      return `must be ${params['type'] === 'integer' ? 'an integer' : `a ${String(params['type'])}`} ${got}`;
    case 'enum':
      return `must be one of ${(params['allowedValues'] as unknown[]).join(', ')} ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params['comparison'])} ${String(params['limit'])} ${got}`;
    case 'minLength':
      return `must be at least ${String(params['limit'])} characters long`;
    case 'maxLength':
      return `must be at most ${String(params['limit'])} characters long`;
    case 'minItems':
      return `must list at least ${String(params['limit'])} comma-separated value(s)`;
    case 'pattern':
    case 'format':
      return typeof schema['description'] === 'string' ? `must be ${schema['description']}` : (error.message ?? error.keyword);
    default:
      return error.message ?? error.keyword;
  }
}

function uniqueProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.variable}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
