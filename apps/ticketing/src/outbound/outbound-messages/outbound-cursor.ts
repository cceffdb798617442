/** Where a page of the outbound list ends: the request time and id of its last message. */
export interface OutboundCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(m: OutboundCursor): string {
  return Buffer.from(`${m.createdAt.toISOString()}|${m.id}`).toString('base64url');
}

/** Undefined when the text is not a cursor this API handed out. */
export function decodeCursor(text: string): OutboundCursor | undefined {
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\|([0-9a-f-]{36})$/i.exec(Buffer.from(text, 'base64url').toString());
  const createdAt = match ? new Date(match[1]) : undefined;
  return match && createdAt && !Number.isNaN(createdAt.getTime()) ? { createdAt, id: match[2] } : undefined;
}
