import type { ValidationIssue } from '@csp/contracts';
import { fieldSpec, OPERATORS_OF, type FieldKind } from './segment-fields';
import { schemaIssues } from './schema-issues';
import { SegmentsDocumentSchema, type SegmentCondition, type SegmentsDocument } from './segments.document';

export type SegmentsValidation = { ok: true; document: SegmentsDocument } | { ok: false; errors: ValidationIssue[] };

/**
 * Validates a segments document as PUT: the schema first, then what a schema cannot say. Ids are unique;
 * every condition node is exactly one of all / any / not / a test; a test names a known field, an operator
 * that makes sense for it and a value of the right type. Every problem comes with its JSON Pointer.
 */
export function validateSegments(value: unknown): SegmentsValidation {
  const errors = schemaIssues(SegmentsDocumentSchema, value);
  if (errors.length > 0) return { ok: false, errors };
  const document = value as SegmentsDocument;
  const seen = new Map<string, number>();
  const problems = document.segments.flatMap((segment, i) => {
    const earlier = seen.get(segment.id);
    if (earlier === undefined) seen.set(segment.id, i);
    const duplicate = earlier === undefined ? [] : [{ path: `/segments/${i}/id`, message: `duplicates the segment id '${segment.id}' of /segments/${earlier}` }];
    return [...duplicate, ...conditionProblems(segment.conditions, `/segments/${i}/conditions`)];
  });
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, document };
}

function conditionProblems(c: SegmentCondition, path: string): ValidationIssue[] {
  const kinds = (['all', 'any', 'not', 'field'] as const).filter((k) => c[k] !== undefined);
  if (kinds.length !== 1) return [{ path, message: kinds.length === 0 ? 'must have one of all, any, not or field' : `must have only one of ${kinds.join(', ')}` }];
  if (c.all) return c.all.flatMap((child, i) => conditionProblems(child, `${path}/all/${i}`));
  if (c.any) return c.any.flatMap((child, i) => conditionProblems(child, `${path}/any/${i}`));
  if (c.not) return conditionProblems(c.not, `${path}/not`);
  return testProblems(c, path);
}

function testProblems(c: SegmentCondition, path: string): ValidationIssue[] {
  const field = c.field ?? '';
  const spec = fieldSpec(field);
  if (!spec) return [{ path: `${path}/field`, message: `unknown field '${field}'` }];
  if (c.op === undefined) return [{ path: `${path}/op`, message: 'is required' }];
  if (!OPERATORS_OF[spec.kind].includes(c.op)) return [{ path: `${path}/op`, message: `'${c.op}' does not apply to '${field}'; use one of: ${OPERATORS_OF[spec.kind].join(', ')}` }];
  const problem = valueProblem(c.op, spec.kind, c.value);
  if (problem) return [{ path: `${path}/value`, message: problem }];
  const unknown = spec.values && ['eq', 'neq', 'in'].includes(c.op) ? [c.value].flat().filter((v) => !spec.values?.includes(String(v))) : [];
  return unknown.length > 0 ? [{ path: `${path}/value`, message: `must be one of: ${spec.values?.join(', ')}` }] : [];
}

const isTime = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v));

const isScalar = (v: unknown) => typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean' || (typeof v === 'string' && v.length <= 500);

function valueProblem(op: string, kind: FieldKind, value: unknown): string | undefined {
  if (value !== undefined && !(isScalar(value) || (Array.isArray(value) && value.length >= 1 && value.length <= 200 && value.every(isScalar)))) {
    return 'must be a text (at most 500 characters), a number, true or false, or a list of 1 to 200 of them';
  }
  if (op === 'exists') return typeof value === 'boolean' ? undefined : 'must be true or false';
  if (value === undefined) return 'is required';
  if (op === 'withinDays') return typeof value === 'number' && value > 0 ? undefined : 'must be a number of days > 0';
  if (op === 'in') return Array.isArray(value) ? undefined : 'must be a list of values';
  if (Array.isArray(value)) return `must be a single value for '${op}'`;
  if (op === 'contains') return typeof value === 'string' ? undefined : 'must be a text';
  if (['gt', 'gte', 'lt', 'lte'].includes(op)) {
    if (kind === 'number') return typeof value === 'number' ? undefined : 'must be a number';
    if (kind === 'time') return isTime(value) ? undefined : 'must be a date or date-time (ISO 8601)';
    return typeof value === 'number' || isTime(value) ? undefined : 'must be a number or a date';
  }
  if (kind === 'number') return typeof value === 'number' ? undefined : 'must be a number';
  return undefined;
}
