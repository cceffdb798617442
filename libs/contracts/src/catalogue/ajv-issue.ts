import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from './event-catalogue';

/**
 * One Ajv error as a problem a person can act on: the JSON Pointer of the offending member (the missing or
 * unexpected property itself, the later copy of a duplicate) and a short message. `prefix` is prepended to the
 * path (e.g. `/data` for the data of an event). Shared by every validator of the platform, so they all speak alike.
 */
export function ajvErrorToIssue(error: ErrorObject, prefix = ''): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  const at = `${prefix}${error.instancePath}`;
  switch (error.keyword) {
    case 'required':
      return { path: `${at}/${escapePointer(String(params['missingProperty']))}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${at}/${escapePointer(String(params['additionalProperty']))}`, message: 'is not allowed' };
    case 'enum':
      return { path: at, message: `must be one of: ${(params['allowedValues'] as unknown[]).join(', ')}` };
    case 'uniqueItems': {
      // Point at the later copy, not at the whole list; Ajv's i and j come in either order.
      const [first, later] = [Number(params['i']), Number(params['j'])].sort((a, b) => a - b);
      return { path: `${at}/${later}`, message: `duplicates item ${first}` };
    }
    default:
      return { path: at, message: error.message ?? error.keyword };
  }
}

/** RFC 6901: `~` and `/` in a member name are written `~0` and `~1`. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
