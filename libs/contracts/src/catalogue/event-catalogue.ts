import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventDefinition } from './event-definition';

export interface ValidationIssue {
  /** JSON Pointer into the validated document, e.g. `/data/customer/email`. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true } | { ok: false; errors: ValidationIssue[] };

/**
 * The event catalogue: every known type and version with its JSON Schema, compiled once into a validator.
 * Unknown types are a validation error, never a crash.
 */
export class EventCatalogue {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }));
  private readonly entries = new Map<string, { definition: EventDefinition; validate: ValidateFunction }>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      if (this.entries.has(definition.type)) throw new Error(`event type ${definition.type} defined twice`);
      this.entries.set(definition.type, { definition, validate: this.ajv.compile(definition.schema) });
    }
  }

  list(): EventDefinition[] {
    return [...this.entries.values()].map((e) => e.definition);
  }

  get(type: string): EventDefinition | undefined {
    return this.entries.get(type)?.definition;
  }

  has(type: string): boolean {
    return this.entries.has(type);
  }

  /** Validates `data` of an event of `type`; paths are prefixed with `pathPrefix` (default `/data`). */
  validate(type: string, data: unknown, pathPrefix = '/data'): ValidationResult {
    const entry = this.entries.get(type);
    if (!entry) return { ok: false, errors: [{ path: '/type', message: `unknown event type '${type}'` }] };
    if (entry.validate(data)) return { ok: true };
    return { ok: false, errors: (entry.validate.errors ?? []).map((e) => toIssue(e, pathPrefix)) };
  }
}

function toIssue(error: ErrorObject, prefix: string): ValidationIssue {
  let path = `${prefix}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') path += `/${escapePointer(String(params['missingProperty']))}`;
  if (error.keyword === 'additionalProperties') path += `/${escapePointer(String(params['additionalProperty']))}`;
  return { path, message: error.message ?? error.keyword };
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
