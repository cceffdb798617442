import { ValidationError } from './domain-errors';

/**
 * The version an `If-Match` header names (our ETags are `"<number>"`; a weak `W/` prefix and missing quotes are
 * accepted), `undefined` without the header, a 400 naming the header when it is something else.
 */
export function ifMatchVersion(ifMatch: string | undefined, what = 'the resource'): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match) throw new ValidationError([{ path: '/headers/if-match', message: `must be the ETag of ${what}, e.g. "3"` }]);
  return Number(match[1]);
}
