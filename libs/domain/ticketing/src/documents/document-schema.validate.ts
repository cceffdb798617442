import type { ValidationIssue } from '@csp/contracts';
import type { TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** The outcome of validating a configuration document: the typed document, or every problem with its path. */
export type DocumentValidation<T> = { ok: true; document: T } | { ok: false; errors: ValidationIssue[] };

// Same options as the event catalogue, so both report problems the same way; no formats are used here.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * Schema problems of `value`, each with a JSON Pointer relative to the document (`/rules/2/when/tier/0`,
 * `''` for the document itself). Empty when `value` fits the schema.
 */
export function schemaIssues<S extends TSchema>(schema: S, value: unknown): ValidationIssue[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map(toIssue);
}

function toIssue(error: ErrorObject): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${escapePointer(String(params['missingProperty']))}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${error.instancePath}/${escapePointer(String(params['additionalProperty']))}`, message: 'is not allowed' };
    case 'enum':
      return { path: error.instancePath, message: `must be one of: ${(params['allowedValues'] as unknown[]).join(', ')}` };
    case 'uniqueItems': {
      // Point at the later copy, not at the whole list; Ajv's i and j come in either order.
      const [first, later] = [Number(params['i']), Number(params['j'])].sort((a, b) => a - b);
      return { path: `${error.instancePath}/${later}`, message: `duplicates item ${first}` };
    }
    default:
      return { path: error.instancePath, message: error.message ?? error.keyword };
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
