/**
 * Generates invalid variants of a valid event `data` from its JSON Schema, each with the JSON Pointer the
 * validator must report. The catalogue specs use it so every field of every type is covered without a
 * hand-written list that would fall behind the schemas. Pure and deterministic.
 */

export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  [keyword: string]: unknown;
}

export type MutationKind = 'missing' | 'wrong-type' | 'out-of-range';

export interface Mutation {
  kind: MutationKind;
  /** JSON Pointer of the field inside `data` (the validator reports it under `/data`). */
  pointer: string;
  label: string;
  data: unknown;
}

/** A value of a different JSON type than the schema asks for. */
function wrongTypeValue(schema: SchemaNode): unknown {
  switch (schema.type) {
    case 'string': return 42;
    case 'integer':
    case 'number': return '42';
    case 'boolean': return 'true';
    case 'array': return { not: 'an array' };
    default: return ['not an object'];
  }
}

// Values each format rejects (and its pattern-less lookalike would accept).
const INVALID_FORMAT: Record<string, string> = {
  uuid: 'not-a-uuid',
  'date-time': '2025-03-14',
  date: '2025-02-30',
  uri: 'not a uri',
  email: 'jane.example.com',
};

/** Values that break one constraint (range, length, enum, format, pattern, size) of the schema each. */
function outOfRangeValues(schema: SchemaNode, valid: unknown): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (schema.enum) out.push(['not in enum', '__not_an_allowed_value__']);
  if (schema.format && INVALID_FORMAT[schema.format]) out.push([`not a ${schema.format}`, INVALID_FORMAT[schema.format]]);
  if (schema.pattern) out.push(['pattern', '!!']);
  if (schema.minLength) out.push(['too short', '']);
  if (schema.maxLength !== undefined) out.push(['too long', 'x'.repeat(schema.maxLength + 1)]);
  if (schema.minimum !== undefined) out.push(['below minimum', schema.minimum - 1]);
  if (schema.maximum !== undefined) out.push(['above maximum', schema.maximum + 1]);
  if (schema.type === 'integer') out.push(['not an integer', 1.5]);
  const items = Array.isArray(valid) ? valid : [];
  if (schema.minItems) out.push(['too few items', []]);
  if (schema.maxItems !== undefined) out.push(['too many items', Array(schema.maxItems + 1).fill(items[0] ?? 'x')]);
  if (schema.maxProperties !== undefined) {
    out.push(['too many properties', Object.fromEntries(Array.from({ length: schema.maxProperties + 1 }, (_, i) => [`k${i}`, i]))]);
  }
  return out;
}

function setAt(root: unknown, path: string[], value: unknown, remove = false): unknown {
  const copy = structuredClone(root);
  let node = copy as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

const pointerOf = (path: string[]) => path.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * Every invalid variant of `data`: each required field removed, and each present field given a wrong type
 * or an out-of-range value, recursing into present objects and the first item of present arrays.
 */
export function mutationsOf(schema: SchemaNode, data: unknown): Mutation[] {
  const out: Mutation[] = [];
  const visit = (node: SchemaNode, value: unknown, path: string[]): void => {
    if (node.type === 'array' && node.items && Array.isArray(value) && value.length > 0) {
      visitField(node.items, value[0], [...path, '0']);
    }
    if (node.type !== 'object' || !node.properties || typeof value !== 'object' || value === null) return;
    for (const name of node.required ?? []) {
      const field = [...path, name];
      out.push({ kind: 'missing', pointer: pointerOf(field), label: `without ${name}`, data: setAt(data, field, undefined, true) });
    }
    for (const [name, child] of Object.entries(node.properties)) {
      if (name in value) visitField(child, (value as Record<string, unknown>)[name], [...path, name]);
    }
  };
  const visitField = (node: SchemaNode, value: unknown, path: string[]): void => {
    const pointer = pointerOf(path);
    out.push({ kind: 'wrong-type', pointer, label: `${pointer} of the wrong type`, data: setAt(data, path, wrongTypeValue(node)) });
    for (const [label, bad] of outOfRangeValues(node, value)) {
      out.push({ kind: 'out-of-range', pointer, label: `${pointer} ${label}`, data: setAt(data, path, bad) });
    }
    visit(node, value, path);
  };
  visit(schema, data, []);
  return out;
}
