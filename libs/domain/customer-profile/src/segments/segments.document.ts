import { Obj, Str, StringEnum } from '@csp/contracts';
import { Type, type Static } from '@sinclair/typebox';

export const SEGMENT_OPERATORS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'withinDays'] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];
export type Scalar = string | number | boolean;

/**
 * One node of a segment's conditions: `{ all: [...] }` (every one holds), `{ any: [...] }` (at least one),
 * `{ not: {...} }`, or a test `{ field, op, value }`. One object shape with optional members rather than a
 * union, so a mistake is reported at the member that is wrong instead of as "matches no variant".
 */
export const SegmentConditionSchema = Type.Recursive(
  (This) =>
    Obj({
      all: Type.Optional(Type.Array(This, { minItems: 1, maxItems: 50 })),
      any: Type.Optional(Type.Array(This, { minItems: 1, maxItems: 50 })),
      not: Type.Optional(This),
      field: Type.Optional(Str(200, { description: 'e.g. tier, traits.company, orders.lifetimeValue.EUR, health.score, tags' })),
      op: Type.Optional(StringEnum(SEGMENT_OPERATORS)),
      // Checked per operator by validateSegments, which can say what the operator expects.
      value: Type.Optional(Type.Unsafe<Scalar | Scalar[]>({})),
    }),
  { $id: 'SegmentCondition' },
);
export type SegmentCondition = Static<typeof SegmentConditionSchema>;

export const SegmentSchema = Obj({
  id: Str(100, { pattern: '^[a-z0-9][a-z0-9_-]*$', description: 'stable id, used in segment events and ?segment=' }),
  name: Str(200),
  description: Type.Optional(Type.String({ maxLength: 1_000 })),
  conditions: SegmentConditionSchema,
});
export type Segment = Static<typeof SegmentSchema>;

/** The segments document (`PUT /v1/config/segments`): every segment, replaced as a whole. */
export const SegmentsDocumentSchema = Obj({
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  segments: Type.Array(SegmentSchema, { maxItems: 200 }),
});
export type SegmentsDocument = Static<typeof SegmentsDocumentSchema>;
