export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

const SUSPICIOUS_KEY = /"(?:__proto__|constructor)"\s*:/;

/**
 * JSON.parse that refuses prototype-poisoning keys (`__proto__`, `constructor.prototype`), as the HTTP intake
 * does through Fastify's parser: a later spread or merge of such an object could change what validation saw.
 * The reviver only runs when the text mentions one of those keys, so ordinary messages parse at full speed.
 */
export function parseJsonSafely(text: string): JsonParse {
  try {
    const value: unknown = SUSPICIOUS_KEY.test(text) ? JSON.parse(text, refusePrototypeKeys) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function refusePrototypeKeys(key: string, value: unknown): unknown {
  const own = (name: string) => typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, name);
  if (key === '__proto__' || (key === 'constructor' && own('prototype'))) {
    throw new SyntaxError('Object contains forbidden prototype property');
  }
  return value;
}
