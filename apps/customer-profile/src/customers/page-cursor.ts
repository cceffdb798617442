import { ValidationError } from '@csp/platform-nest';

/** Opaque keyset cursors: base64url of the sort key of the last item of a page. */
export const encodeCursor = (parts: readonly string[]): string => Buffer.from(JSON.stringify(parts)).toString('base64url');

export function decodeCursor(cursor: string | undefined, size: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === size && parts.every((p) => typeof p === 'string')) return parts as string[];
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError([{ path: '/query/cursor', message: 'is not a cursor this API handed out' }]);
}

export function parseLimit(limit: string | undefined, fallback = 50): number {
  if (limit === undefined) return fallback;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new ValidationError([{ path: '/query/limit', message: 'must be an integer from 1 to 200' }]);
  return n;
}
