import { ajvErrorToIssue, type ValidationIssue } from '@csp/contracts';
import type { TSchema } from '@sinclair/typebox';
import Ajv, { type ValidateFunction } from 'ajv';

// The event catalogue's options, so every validator of the platform reports problems alike.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Schema problems of `value`, each with a JSON Pointer into the document; empty when it fits. */
export function schemaIssues(schema: TSchema, value: unknown): ValidationIssue[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => ajvErrorToIssue(e));
}
