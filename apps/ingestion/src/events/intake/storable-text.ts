import type { ValidationIssue } from '@csp/contracts';

// NUL, or a UTF-16 surrogate without its partner: JSON allows both (`\u0000`, `\ud800`), PostgreSQL's jsonb and
// text refuse both.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
const MESSAGE = 'must not contain NUL (U+0000) or unpaired surrogates (\\ud800-\\udfff)';

/**
 * Strings (keys and values) the event store cannot hold, as JSON Pointers into `value`. Such an event passes the
 * catalogue's schemas but fails every append: over HTTP it would be a 500 and fail the requests sharing its
 * group commit; on the Kafka intake it would be retried for ever. Found here, it is an ordinary rejection.
 */
export function unstorableText(value: unknown): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  // Depth-first with an explicit stack: a hostile body may nest thousands of levels deep.
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [item, path] = stack.pop() as [unknown, string];
    if (typeof item === 'string') {
      if (unstorable(item)) found.push({ path, message: MESSAGE });
    } else if (Array.isArray(item)) {
      item.forEach((child, i) => stack.push([child, `${path}/${i}`]));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        const childPath = `${path}/${pointerToken(key)}`;
        if (unstorable(key)) found.push({ path: childPath, message: `name ${MESSAGE}` });
        stack.push([child, childPath]);
      }
    }
  }
  return found;
}

/** RFC 6901: `~` and `/` in a key are escaped as `~0` and `~1`. */
function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
