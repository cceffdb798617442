import type { ClientBase } from 'pg';
import { copyFrom, copyTextRow, copyTextValue } from './pg-copy-from';

/** Plays the server's side of the COPY sub-protocol against the submittable that copyFrom hands to pg. */
function fakeClient(reply: 'ok' | 'error') {
  const sent: string[] = [];
  const connection = {
    query: (text: string) => sent.push(`Q ${text}`),
    sendCopyFromChunk: (chunk: Buffer) => sent.push(`d ${chunk.toString('utf8')}`),
    endCopyFrom: () => sent.push('c'),
  };
  const client = {
    query(copy: Record<string, (...args: unknown[]) => void>) {
      copy.submit(connection);
      if (reply === 'error') return copy.handleError(new Error('relation does not exist'));
      copy.handleCopyInResponse(connection);
      copy.handleCommandComplete({ text: 'COPY 2' });
      copy.handleReadyForQuery();
    },
  };
  return { client: client as unknown as ClientBase, sent };
}

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return, and writes NULL as \\N', () => {
    expect(copyTextValue('{"a":"x\\"y\\\\n"}')).toBe('{"a":"x\\\\"y\\\\\\\\n"}');
    expect(copyTextValue('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect([copyTextValue(undefined), copyTextValue(true), copyTextValue(false)]).toEqual(['\\N', 't', 'f']);
    expect(copyTextValue(null)).toBe('\\N');
    expect(copyTextValue(42n)).toBe('42');
  });

  it('joins a row with tabs and ends it with a newline', () => {
    expect(copyTextRow(['a', null, 3])).toBe('a\t\\N\t3\n');
  });
});

describe('copyFrom', () => {
  it('sends the statement, then the payload and CopyDone, and resolves with the row count', async () => {
    const { client, sent } = fakeClient('ok');
    await expect(copyFrom(client, 'COPY t (a) FROM STDIN', 'x\ny\n')).resolves.toBe(2);
    expect(sent).toEqual(['Q COPY t (a) FROM STDIN', 'd x\ny\n', 'c']);
  });

  it('rejects with the server error', async () => {
    const { client } = fakeClient('error');
    await expect(copyFrom(client, 'COPY nope FROM STDIN', '')).rejects.toThrow('relation does not exist');
  });
});
