import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The Standard Webhooks signature checked out with the path's secret. */
  verified: boolean;
  answered: number;
}

/**
 * A connector's endpoint on 127.0.0.1: verifies each request's Standard Webhooks signature with the
 * `standardwebhooks` package (401 when wrong), then answers the next scripted status of its path (200 after).
 */
export class TestWebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  baseUrl = '';
  private readonly script = new Map<string, number[]>();
  private readonly server: Server;

  /** `secrets`: path -> signing secret. */
  private constructor(private readonly secrets: Record<string, string>) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = this.answer(request.url ?? '/', request.headers, Buffer.concat(chunks).toString('utf8'));
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `status ${status} from test`);
      });
    });
  }

  static async start(secrets: Record<string, string>): Promise<TestWebhookReceiver> {
    const receiver = new TestWebhookReceiver(secrets);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', () => resolve()));
    receiver.baseUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** The next requests to `path` get these statuses, in order. */
  respond(path: string, ...statuses: number[]): void {
    this.script.set(path, statuses);
  }

  withId(webhookId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.headers['webhook-id'] === webhookId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(path: string, headers: IncomingHttpHeaders, body: string): number {
    const secret = this.secrets[path];
    let verified = false;
    try {
      new Webhook(secret).verify(body, headers as Record<string, string>);
      verified = true;
    } catch {
      verified = false;
    }
    const answered = verified ? (this.script.get(path)?.shift() ?? 200) : 401;
    this.received.push({ path, headers, body, verified, answered });
    return answered;
  }
}
