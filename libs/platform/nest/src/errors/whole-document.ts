import { ValidationError } from './domain-errors';

/**
 * The body of a PUT that replaces a whole versioned document: a JSON object; the `version` GET put into it is
 * dropped (it is not part of the document; `If-Match` says which version is replaced).
 */
export function wholeDocumentBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ path: '', message: 'must be a JSON object (the whole document)' }]);
  }
  const { version: _version, ...document } = body as Record<string, unknown>;
  return document;
}
