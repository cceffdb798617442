import { EventCatalogue } from '../catalogue/event-catalogue';
import { topicOfCategory } from '../topics/topics';
import { ALL_EVENTS, INTEGRATION_EVENTS, PUBLIC_EVENTS } from './all-events';
import type { SchemaNode } from './schema-mutations';

/** The public event types of api.md ("Event types"): the contract connectors rely on. */
const API_MD_TYPES = [
  'cs.customer.identified.v1', 'cs.message.received.v1', 'cs.call.completed.v1', 'cs.social.mentioned.v1',
  'cs.page.viewed.v1', 'cs.product.viewed.v1', 'cs.cart.abandoned.v1', 'cs.marketing.engaged.v1',
  'cs.order.placed.v1', 'cs.order.refunded.v1', 'cs.survey.answered.v1',
];

/** Every sub-schema with its JSON Pointer, for rules that must hold at any depth. */
function nodesOf(schema: SchemaNode, pointer = ''): Array<[string, SchemaNode]> {
  const children: Array<[string, SchemaNode]> = [
    ...Object.entries(schema.properties ?? {}).map(([k, s]): [string, SchemaNode] => [`${pointer}/${k}`, s]),
    ...(schema.items ? [[`${pointer}/items`, schema.items] as [string, SchemaNode]] : []),
  ];
  return [[pointer, schema], ...children.flatMap(([p, s]) => nodesOf(s, p))];
}

const allNodes = ALL_EVENTS.flatMap((d) => nodesOf(d.schema as SchemaNode).map(([p, s]) => [`${d.type} ${p}`, s] as const));

describe('the event catalogue', () => {
  it('compiles every schema under Ajv strict mode', () => {
    expect(new EventCatalogue(ALL_EVENTS).list()).toHaveLength(ALL_EVENTS.length);
  });

  it('names every type cs.<noun>.<verb>.v<version>, once', () => {
    const name = /^cs\.[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*\.v(\d+)$/;
    expect(ALL_EVENTS.filter((d) => name.exec(d.type)?.[3] !== String(d.version)).map((d) => d.type)).toEqual([]);
    expect(new Set(ALL_EVENTS.map((d) => d.type)).size).toBe(ALL_EVENTS.length);
  });

  it('uses stream categories without "-" (streams are <category>-<id>) that a relay topic carries', () => {
    expect(ALL_EVENTS.filter((d) => !/^[A-Za-z]+$/.test(d.category)).map((d) => d.type)).toEqual([]);
    expect(ALL_EVENTS.filter((d) => topicOfCategory(d.category) === undefined).map((d) => d.type)).toEqual([]);
  });

  it('makes exactly the types of api.md public, owned by ingestion, in the interaction stream', () => {
    expect(ALL_EVENTS.filter((d) => d.public).map((d) => d.type).sort()).toEqual([...API_MD_TYPES].sort());
    expect(PUBLIC_EVENTS.map((d) => d.type).sort()).toEqual([...API_MD_TYPES].sort());
    expect(PUBLIC_EVENTS.filter((d) => d.owner !== 'ingestion' || d.category !== 'interaction')).toEqual([]);
    expect(INTEGRATION_EVENTS.filter((d) => d.public || d.owner === 'ingestion')).toEqual([]);
  });

  it('describes every type for GET /v1/event-types', () => {
    expect(ALL_EVENTS.filter((d) => d.description.length < 20).map((d) => d.type)).toEqual([]);
  });
});

describe('every schema, at any depth', () => {
  it('rejects unknown properties (additionalProperties: false), except the open config documents', () => {
    const objects = allNodes.filter(([, s]) => s.type === 'object');
    const open = objects.filter(([, s]) => s['additionalProperties'] !== false).map(([at]) => at);
    expect(open).toEqual(['cs.ticketing.config-changed.v1 /document', 'cs.customer-profile.config-changed.v1 /document']);
    expect(objects.length).toBeGreaterThan(ALL_EVENTS.length);
  });

  it('bounds every free string with maxLength and every array with maxItems', () => {
    const unbounded = allNodes
      .filter(([, s]) => (s.type === 'string' && !s.enum && s.maxLength === undefined) || (s.type === 'array' && s.maxItems === undefined))
      .map(([at]) => at);
    expect(unbounded).toEqual([]);
  });
});

describe('integration events', () => {
  const requiredOf = (d: (typeof ALL_EVENTS)[number]) => (d.schema as SchemaNode).required ?? [];
  const propsOf = (d: (typeof ALL_EVENTS)[number]) => (d.schema as SchemaNode).properties ?? {};

  it('say when it happened (a required ISO date-time)', () => {
    const undated = INTEGRATION_EVENTS.filter((d) => !requiredOf(d).some((k) => propsOf(d)[k]?.format === 'date-time'));
    expect(undated.map((d) => d.type)).toEqual([]);
  });

  it('carry the ids their consumers key on', () => {
    const keys: Record<string, string[][]> = {
      ticket: [['ticketId', 'customerId']],
      customer: [['customerId'], ['survivorId', 'mergedId']],
      outbound: [['messageId']],
      ticketingConfig: [['kind', 'version']],
      profileConfig: [['kind', 'version']],
    };
    const missing = INTEGRATION_EVENTS.filter(
      (d) => !(keys[d.category] ?? []).some((ids) => ids.every((id) => requiredOf(d).includes(id))),
    );
    expect(missing.map((d) => d.type)).toEqual([]);
  });
});
