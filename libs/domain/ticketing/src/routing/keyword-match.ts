import type { KeywordCondition } from './routing-rules.document';

/** The searchable text of a ticket: subject and body kept apart, so a phrase never spans the two. */
export type MessageText = readonly string[];

// Letters, digits, combining marks and `_` in any script: what a keyword may not touch on either side.
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

/** Compiled patterns per keyword list; documents are long-lived, so each list is compiled once. */
const compiled = new WeakMap<readonly string[], readonly RegExp[]>();

/** Subject and body normalised for matching (NFC, so a composed and a decomposed `é` compare equal). */
export function messageText(subject: string | undefined, body: string): MessageText {
  return [subject ?? '', body].map((part) => part.normalize('NFC'));
}

/** Whether the text has at least one of `any` (when given) and every one of `all` (when given). */
export function matchesKeywords(condition: KeywordCondition, text: MessageText): boolean {
  const found = (pattern: RegExp) => text.some((part) => pattern.test(part));
  if (condition.any && !patternsOf(condition.any).some(found)) return false;
  if (condition.all && !patternsOf(condition.all).every(found)) return false;
  return true;
}

/**
 * A keyword or phrase as a case-insensitive, whole-word pattern: `refund` matches "Refund!" but not
 * "refunded"; `money back` matches "money  back" across any whitespace, line breaks included.
 */
export function keywordPattern(keyword: string): RegExp {
  const words = keyword.normalize('NFC').trim().split(/\s+/).map(escapeRegExp);
  return new RegExp(`(?<!${WORD_CHAR})${words.join('\\s+')}(?!${WORD_CHAR})`, 'iu');
}

/** Whether a keyword can match as a whole word at all (it needs a letter or digit). */
export function isMatchableKeyword(keyword: string): boolean {
  return /[\p{L}\p{N}]/u.test(keyword);
}

function patternsOf(keywords: readonly string[]): readonly RegExp[] {
  let patterns = compiled.get(keywords);
  if (!patterns) {
    patterns = keywords.map(keywordPattern);
    compiled.set(keywords, patterns);
  }
  return patterns;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
