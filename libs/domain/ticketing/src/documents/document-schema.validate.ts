import { ajvErrorToIssue, type ValidationIssue } from '@csp/contracts';
import type { TSchema } from '@sinclair/typebox';
import Ajv, { type ValidateFunction } from 'ajv';

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
  return validate(value) ? [] : (validate.errors ?? []).map((e) => ajvErrorToIssue(e));
}
