/**
 * Whether a connector vouches that the identifiers of an interaction belong together. A web form takes
 * whatever a visitor types, and social listening guesses who wrote a post: their identifiers are recorded
 * but merge nobody automatically (an agent can still merge by hand).
 */
export function isVouched(type: string, data: { channel?: string }): boolean {
  if (type === 'cs.social.mentioned.v1') return false;
  if (type === 'cs.message.received.v1' && data.channel === 'webform') return false;
  return true;
}
