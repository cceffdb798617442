import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpConnection, parseResponseHead, serialiseRequest } from './raw-http';

describe('raw HTTP/1.1 load client', () => {
  it('serialises a POST with its headers and the content length in bytes', () => {
    const request = serialiseRequest({ host: '127.0.0.1', port: 80, path: '/v1/events', headers: { 'content-type': 'application/json' } }, Buffer.from('{"é":1}'));
    expect(request.toString('utf8')).toBe(
      'POST /v1/events HTTP/1.1\r\nhost: 127.0.0.1:80\r\ncontent-type: application/json\r\ncontent-length: 8\r\n\r\n{"é":1}',
    );
  });

  it('parses status, content length and connection: close once the head is complete', () => {
    const head = 'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n';
    expect(parseResponseHead(Buffer.from(head.slice(0, 30)))).toBeUndefined();
    expect(parseResponseHead(Buffer.from(`${head}{"accepted"`))).toEqual({ status: 202, headLength: head.length, contentLength: 12, close: true });
    expect(parseResponseHead(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'))).toMatchObject({ status: 204, contentLength: 0, close: false });
    expect(() => parseResponseHead(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'))).toThrow('transfer-encoding');
    expect(() => parseResponseHead(Buffer.from('SSH-2.0\r\n\r\n'))).toThrow('not an HTTP/1.1 answer');
  });

  describe('against a real server', () => {
    let server: Server;
    let port: number;
    const connections = new Set<string>();

    beforeAll(async () => {
      server = createServer((req, res) => {
        connections.add(`${req.socket.remotePort}`);
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        req.on('end', () => {
          if (body === 'close') res.setHeader('connection', 'close');
          if (body === 'slow') return void setTimeout(() => res.end('late'), 300);
          // A body large enough to arrive in several chunks, with a multi-byte character across them.
          const answer = Buffer.from(body === 'big' ? 'ü'.repeat(100_000) : `echo ${body}`);
          res.writeHead(body === 'big' ? 200 : 202, { 'content-type': 'text/plain', 'content-length': answer.length }).end(answer);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const request = (body: string) => serialiseRequest({ host: '127.0.0.1', port, path: '/', headers: {} }, Buffer.from(body));

    it('keeps one connection for many requests, reassembles chunked bodies and reconnects after connection: close', async () => {
      connections.clear();
      const conn = new HttpConnection({ host: '127.0.0.1', port }, 5_000);
      try {
        expect(await conn.send(request('a'))).toEqual({ status: 202, body: 'echo a' });
        expect(await conn.send(request('b'))).toEqual({ status: 202, body: 'echo b' });
        expect(connections.size).toBe(1);
        const big = await conn.send(request('big'));
        expect(big.status).toBe(200);
        expect(big.body).toBe('ü'.repeat(100_000));
        expect(await conn.send(request('close'))).toEqual({ status: 202, body: 'echo close' });
        expect(await conn.send(request('c'))).toEqual({ status: 202, body: 'echo c' });
        expect(connections.size).toBe(2);
      } finally {
        conn.close();
      }
    });

    it('opens a new connection when the server closed an idle one', async () => {
      const conn = new HttpConnection({ host: '127.0.0.1', port }, 5_000);
      try {
        expect(await conn.send(request('a'))).toEqual({ status: 202, body: 'echo a' });
        server.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(await conn.send(request('b'))).toEqual({ status: 202, body: 'echo b' });
      } finally {
        conn.close();
      }
    });

    it('gives up on an answer after the timeout and refuses a second request in flight', async () => {
      const conn = new HttpConnection({ host: '127.0.0.1', port }, 100);
      try {
        const slow = conn.send(request('slow'));
        await expect(conn.send(request('x'))).rejects.toThrow('already in flight');
        await expect(slow).rejects.toThrow('no answer after 100 ms');
      } finally {
        conn.close();
      }
    });
  });
});
