import { ajvErrorToIssue } from '@csp/contracts';
import type { PipeTransform } from '@nestjs/common';
import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError, type FieldError } from './domain-errors';

// One shared instance: compiled validators are cached per schema object below.
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }));
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Validates `value` against a TypeBox or plain JSON schema (compiled once per schema object) and returns it
 * typed, or throws `ValidationError` listing every problem with a JSON Pointer path (`/customer/email`).
 */
export function validateBody<S extends TSchema>(schema: S, value: unknown): Static<S> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return value as Static<S>;
  throw new ValidationError((validate.errors ?? []).map(toFieldError));
}

/** The same as a Nest pipe: `create(@Body(schemaPipe(CreateTicketBody)) body: Static<typeof CreateTicketBody>)`. */
export function schemaPipe<S extends TSchema>(schema: S): PipeTransform<unknown, Static<S>> {
  return { transform: (value: unknown) => validateBody(schema, value) };
}

/** Ajv's error as a field error (JSON Pointer path, short message); the mapping lives in the contracts lib. */
export function toFieldError(error: ErrorObject): FieldError {
  return ajvErrorToIssue(error);
}
