import { connect, type Socket } from 'node:net';

/**
 * A deliberately small HTTP/1.1 keep-alive client for load generation: requests are serialised once, before
 * the clock starts, and each costs one socket write; answers are parsed only as far as status, Content-Length
 * and body. One request in flight per connection (no pipelining). On a 2-core machine the load generator
 * shares the CPU with the server under test, so every microsecond it does not spend is the server's.
 */

export interface HttpTarget {
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** The complete bytes of one POST request. */
export function serialiseRequest(target: HttpTarget, body: Buffer): Buffer {
  const head = [`POST ${target.path} HTTP/1.1`, `host: ${target.host}:${target.port}`];
  for (const [name, value] of Object.entries(target.headers)) head.push(`${name}: ${value}`);
  head.push(`content-length: ${body.length}`, '', '');
  return Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), body]);
}

export interface ResponseHead {
  status: number;
  /** Bytes of the status line and headers, including the blank line. */
  headLength: number;
  contentLength: number;
  /** The server will close the connection after this answer. */
  close: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * The head of an HTTP/1.1 answer at the start of `data`, or undefined while it is incomplete. Answers must
 * carry Content-Length (Fastify's always do for a JSON body); chunked answers are refused.
 */
export function parseResponseHead(data: Buffer): ResponseHead | undefined {
  const end = data.indexOf(HEAD_END);
  if (end < 0) return undefined;
  const lines = data.toString('latin1', 0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1];
  if (!status) throw new Error(`not an HTTP/1.1 answer: ${lines[0].slice(0, 80)}`);
  let contentLength = 0;
  let close = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') contentLength = Number(value);
    else if (name === 'connection') close = value.toLowerCase() === 'close';
    else if (name === 'transfer-encoding' && value.toLowerCase() !== 'identity') throw new Error(`unsupported transfer-encoding: ${value}`);
  }
  if (!Number.isInteger(contentLength) || contentLength < 0) throw new Error('invalid content-length');
  return { status: Number(status), headLength: end + HEAD_END.length, contentLength, close };
}

export interface HttpAnswer {
  status: number;
  body: string;
}

interface InFlight {
  resolve: (answer: HttpAnswer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One keep-alive connection; reconnects on the next request after the server closed it or a request failed. */
export class HttpConnection {
  private socket?: Socket;
  private chunks: Buffer[] = [];
  private received = 0;
  private head?: ResponseHead;
  private inFlight?: InFlight;

  constructor(
    private readonly target: Pick<HttpTarget, 'host' | 'port'>,
    private readonly timeoutMs: number,
  ) {}

  send(request: Buffer): Promise<HttpAnswer> {
    if (this.inFlight) return Promise.reject(new Error('a request is already in flight on this connection'));
    return new Promise<HttpAnswer>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no answer after ${this.timeoutMs} ms`)), this.timeoutMs);
      this.inFlight = { resolve, reject, timer };
      this.open().write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): Socket {
    if (this.socket) return this.socket;
    const socket = connect({ host: this.target.host, port: this.target.port, noDelay: true });
    // Events of a socket this connection already let go of (closed after an answer) concern no request.
    socket.on('data', (chunk: Buffer) => this.socket === socket && this.onData(chunk));
    socket.on('error', (error) => this.socket === socket && this.fail(error));
    socket.on('close', () => this.socket === socket && this.fail(new Error('connection closed before the answer')));
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    try {
      if (!this.head) {
        const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
        this.chunks = [data];
        this.head = parseResponseHead(data);
        if (!this.head) return;
      }
      const { headLength, contentLength, status, close } = this.head;
      if (this.received < headLength + contentLength) return;
      if (this.received > headLength + contentLength) throw new Error('more bytes than the answer holds (no pipelining here)');
      const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const body = data.toString('utf8', headLength, headLength + contentLength);
      const inFlight = this.reset();
      if (close) this.close();
      inFlight?.resolve({ status, body });
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** The socket is done for (error, closed, unreadable answer): drop it; the next request opens a new one. */
  private fail(error: Error): void {
    const inFlight = this.reset();
    this.close();
    inFlight?.reject(error);
  }

  private reset(): InFlight | undefined {
    const inFlight = this.inFlight;
    if (inFlight) clearTimeout(inFlight.timer);
    this.inFlight = undefined;
    this.head = undefined;
    this.chunks = [];
    this.received = 0;
    return inFlight;
  }
}
