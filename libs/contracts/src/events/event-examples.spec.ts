import { EventCatalogue } from '../catalogue/event-catalogue';
import { ALL_EVENTS } from './all-events';
import { EVENT_EXAMPLES } from './event-examples';
import { mutationsOf, type Mutation, type SchemaNode } from './schema-mutations';

/**
 * Generated from the schemas: for every type, its example is valid, and every invalid variant of it (a required
 * field removed, a field of the wrong type or out of range, at any depth) is rejected at the exact JSON Pointer.
 */
const catalogue = new EventCatalogue(ALL_EVENTS);

function pathsOf(type: string, data: unknown): string[] | 'valid' {
  const result = catalogue.validate(type, data);
  return result.ok ? 'valid' : [...new Set(result.errors.map((e) => e.path))];
}

/** What is wrong with how the catalogue handled one mutation, or undefined when it was right. */
function misjudged(type: string, mutation: Mutation): string | undefined {
  const expected = `/data${mutation.pointer}`;
  const paths = pathsOf(type, mutation.data);
  if (paths === 'valid') return `${mutation.label}: accepted`;
  // A missing field is exactly one error; otherwise errors may repeat the field (e.g. format and length) but
  // must never spill onto a neighbour, so a connector is pointed at the one field it got wrong.
  const stray = paths.filter((p) => p !== expected && !p.startsWith(`${expected}/`));
  if (!paths.includes(expected) || stray.length > 0) return `${mutation.label}: reported ${paths.join(', ')}`;
  if (mutation.kind === 'missing' && paths.length !== 1) return `${mutation.label}: reported ${paths.join(', ')}`;
  return undefined;
}

describe.each(ALL_EVENTS.map((d) => [d.type, d] as const))('%s', (type, definition) => {
  const example = EVENT_EXAMPLES[type];
  const schema = definition.schema as SchemaNode;
  const mutations = example === undefined ? [] : mutationsOf(schema, example);

  it('has a valid example that uses every field of the schema', () => {
    expect(pathsOf(type, example)).toBe('valid');
    // Complete examples let the generated checks below reach every field.
    expect(Object.keys(example as object).sort()).toEqual(Object.keys(schema.properties ?? {}).sort());
  });

  it('rejects the data without each required field, at /data/<field>', () => {
    const missing = mutations.filter((m) => m.kind === 'missing');
    expect(missing.filter((m) => !m.pointer.slice(1).includes('/')).map((m) => m.pointer.slice(1)).sort()).toEqual(
      [...(schema.required ?? [])].sort(),
    );
    expect(missing.map((m) => misjudged(type, m)).filter(Boolean)).toEqual([]);
  });

  it('rejects a wrong type in any field, at its path', () => {
    const wrong = mutations.filter((m) => m.kind === 'wrong-type');
    expect(wrong.length).toBeGreaterThanOrEqual(Object.keys(schema.properties ?? {}).length);
    expect(wrong.map((m) => misjudged(type, m)).filter(Boolean)).toEqual([]);
  });

  it('rejects out-of-range values (length, range, enum, format, size), at their path', () => {
    const outOfRange = mutations.filter((m) => m.kind === 'out-of-range');
    expect(outOfRange.length).toBeGreaterThan(0);
    expect(outOfRange.map((m) => misjudged(type, m)).filter(Boolean)).toEqual([]);
  });
});

describe('EVENT_EXAMPLES', () => {
  it('has one example per catalogue type and none for unknown types', () => {
    expect(Object.keys(EVENT_EXAMPLES).sort()).toEqual(ALL_EVENTS.map((d) => d.type).sort());
  });
});

describe('mutationsOf', () => {
  // The generator itself must produce what the checks above rely on.
  const schema: SchemaNode = {
    type: 'object',
    required: ['n', 'tags'],
    properties: {
      n: { type: 'integer', minimum: 0, maximum: 10 },
      tags: { type: 'array', maxItems: 1, items: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 2 } } } },
    },
  };
  const mutations = mutationsOf(schema, { n: 3, tags: [{ id: 'a' }] });
  const summary = mutations.map((m) => `${m.kind} ${m.pointer} ${JSON.stringify(m.data)}`);

  it('removes required fields at every depth and breaks each constraint of present fields', () => {
    expect(summary).toEqual([
      'missing /n {"tags":[{"id":"a"}]}',
      'missing /tags {"n":3}',
      'wrong-type /n {"n":"42","tags":[{"id":"a"}]}',
      'out-of-range /n {"n":-1,"tags":[{"id":"a"}]}',
      'out-of-range /n {"n":11,"tags":[{"id":"a"}]}',
      'out-of-range /n {"n":1.5,"tags":[{"id":"a"}]}',
      'wrong-type /tags {"n":3,"tags":{"not":"an array"}}',
      'out-of-range /tags {"n":3,"tags":[{"id":"a"},{"id":"a"}]}',
      'wrong-type /tags/0 {"n":3,"tags":[["not an object"]]}',
      'missing /tags/0/id {"n":3,"tags":[{}]}',
      'wrong-type /tags/0/id {"n":3,"tags":[{"id":42}]}',
      'out-of-range /tags/0/id {"n":3,"tags":[{"id":"xxx"}]}',
    ]);
  });
});
