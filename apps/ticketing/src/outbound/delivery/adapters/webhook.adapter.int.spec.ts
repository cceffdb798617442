import { createServer, type Server } from 'node:http';
import { PermanentDeliveryError } from './delivery.errors';
import type { OutboundDelivery } from './outbound-channel.port';
import { WebhookAdapter } from './webhook.adapter';

describe('WebhookAdapter failures (local HTTP server)', () => {
  let silent: Server;
  let silentUrl: string;
  const signingSecret = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;
  const delivery = (to: string): OutboundDelivery => ({
    attempt: 1, message: { messageId: '7d4f3c9e-8a51-4c1e-9a0b-2f6e5d4c3b2a', kind: 'sla_warning', channel: 'webhook', to, body: 'x', at: new Date().toISOString() },
  });

  beforeAll(async () => {
    // Accepts requests and never answers them.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}/hook`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('times out a receiver that does not answer, as a failure worth retrying', async () => {
    const error = await new WebhookAdapter({ signingSecret, timeoutMs: 150 }).deliver(delivery(silentUrl)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe(`POST ${silentUrl} failed: timed out`);
  });

  it('retries a refused connection and gives up on a target that is no URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await new WebhookAdapter({ signingSecret, timeoutMs: 1000 }).deliver(delivery(`http://127.0.0.1:${port}/hook`)).catch((e: unknown) => e);
    expect(refused).not.toBeInstanceOf(PermanentDeliveryError);
    expect((refused as Error).message).toContain('ECONNREFUSED');
    await expect(new WebhookAdapter({ signingSecret, timeoutMs: 1000 }).deliver(delivery('ftp://example.com'))).rejects.toThrow(PermanentDeliveryError);
  });
});
