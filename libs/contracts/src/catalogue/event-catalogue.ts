import Ajv, { type ValidateFunction } from 'ajv';
import { ajvErrorToIssue } from './ajv-issue';
import addFormats from 'ajv-formats';
import { type EventDefinition, familyOf, versionOf } from './event-definition';
import type { Upcaster } from './upcaster';

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
  private readonly upcasters = new Map<string, Upcaster>();

  /**
   * Several versions of a type may be listed (`cs.x.v1`, `cs.x.v2`): producers may send any of them, and
   * each older version needs an upcaster to the next one, so consumers can read every event as the newest.
   */
  constructor(definitions: readonly EventDefinition[], upcasters: readonly Upcaster[] = []) {
    for (const definition of definitions) {
      if (this.entries.has(definition.type)) throw new Error(`event type ${definition.type} defined twice`);
      this.entries.set(definition.type, { definition, validate: this.ajv.compile(definition.schema) });
    }
    for (const upcaster of upcasters) {
      if (!this.entries.has(upcaster.from) || !this.entries.has(upcaster.to)) {
        throw new Error(`upcaster ${upcaster.from} -> ${upcaster.to}: both types must be in the catalogue`);
      }
      if (familyOf(upcaster.from) !== familyOf(upcaster.to) || versionOf(upcaster.to) !== versionOf(upcaster.from) + 1) {
        throw new Error(`upcaster ${upcaster.from} -> ${upcaster.to} must go to the next version of the same type`);
      }
      this.upcasters.set(upcaster.from, upcaster);
    }
    for (const type of this.entries.keys()) {
      if (type !== this.latest(type) && !this.upcasters.has(type)) throw new Error(`${type} needs an upcaster to ${familyOf(type)}.v${versionOf(type) + 1}`);
    }
  }

  /** The newest version of the type's family in this catalogue (`cs.x.v1` -> `cs.x.v2`). */
  latest(type: string): string {
    const family = familyOf(type);
    let latest = type;
    for (const other of this.entries.keys()) if (familyOf(other) === family && versionOf(other) > versionOf(latest)) latest = other;
    return latest;
  }

  /** Every type of the family of `type`, oldest first: what a consumer of that family subscribes to. */
  versionsOf(type: string): string[] {
    const family = familyOf(type);
    return [...this.entries.keys()].filter((t) => familyOf(t) === family).sort((a, b) => versionOf(a) - versionOf(b));
  }

  /** An event's data as the newest version of its type (unchanged when it already is, or the type is unknown). */
  upcast(type: string, data: unknown): { type: string; data: unknown } {
    let current = { type, data };
    for (let step = this.upcasters.get(type); step; step = this.upcasters.get(step.to)) current = { type: step.to, data: step.upcast(current.data) };
    return current;
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
    return { ok: false, errors: (entry.validate.errors ?? []).map((e) => ajvErrorToIssue(e, pathPrefix)) };
  }
}
