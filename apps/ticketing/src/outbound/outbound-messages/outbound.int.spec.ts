import { issueToken, TEST_JWT_SECRET } from '@csp/platform-nest';
import { randomUUID } from 'node:crypto';
import { eventually, openOutboundTestKit, type OutboundTestKit } from '../testing/outbound-test-kit';

describe('GET /v1/outbound on the embedded default (log-only delivery; real PostgreSQL, log bus)', () => {
  let kit: OutboundTestKit;
  const ada = randomUUID();
  const bob = randomUUID();
  const ticket = randomUUID();
  const ids: string[] = [];
  const list = async (query = '', token?: string) => (await kit.get(`/v1/outbound${query}`, token)).json();

  beforeAll(async () => {
    kit = await openOutboundTestKit('outbound_list', { OUTBOUND_FALLBACK: 'log' });
    const requests = [
      { customerId: ada, ticketId: ticket, channel: 'email', to: 'ada@example.com', kind: 'acknowledgement' },
      { customerId: ada, ticketId: ticket, channel: 'email', to: 'ada@example.com', kind: 'progress_update' },
      { customerId: ada, ticketId: ticket, channel: 'email', to: 'ada@example.com', kind: 'survey_invitation' },
      { customerId: bob, ticketId: randomUUID(), channel: 'sms', to: '+4915112345678', kind: 'care_message' },
    ] as const;
    for (const [i, r] of requests.entries()) {
      ids.push((await kit.request({ ...r, at: new Date(Date.UTC(2026, 10, 23, 9, i)).toISOString() })).messageId);
    }
    await eventually(async () => (await list('?status=sent')).items.length === 4);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('lists messages newest first with their delivery status; log-only delivery says so', async () => {
    const { items, nextCursor } = await list();
    expect(items.map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
    expect(nextCursor).toBeNull();
    expect(items[3]).toEqual({
      id: ids[0], kind: 'acknowledgement', channel: 'email', to: 'ada@example.com', ticketId: ticket, customerId: ada, subject: 'We got your request',
      status: 'sent', attempts: 1, lastError: "logged only, not delivered: no delivery adapter for channel 'email': set SMTP_URL",
      createdAt: '2026-11-23T09:00:00.000Z', updatedAt: expect.any(String),
    });
  });

  it('filters by ticket, customer and status, and pages with a cursor', async () => {
    expect((await list(`?customerId=${bob}`)).items.map((m: { id: string }) => m.id)).toEqual([ids[3]]);
    expect((await list(`?ticketId=${ticket}&status=sent`)).items).toHaveLength(3);
    expect((await list(`?ticketId=${ticket}&status=gave_up`)).items).toEqual([]);
    const first = await list(`?customerId=${ada}&limit=2`);
    expect(first.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
    const second = await list(`?customerId=${ada}&limit=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
  });

  it('answers bad parameters with problem+json, and only staff may read', async () => {
    const bad = await kit.get('/v1/outbound?ticketId=nope&status=lost&cursor=xyz');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['/ticketId', '/status', '/cursor']);
    expect((await kit.get('/v1/outbound', '')).statusCode).toBe(401);
    const analyst = await issueToken(TEST_JWT_SECRET, { subject: 'x', roles: ['analyst'], issuer: 'csp', expiresIn: '1h' });
    expect((await kit.get('/v1/outbound', analyst)).statusCode).toBe(403);
    for (const role of ['lead', 'manager', 'admin'] as const) {
      const token = await issueToken(TEST_JWT_SECRET, { subject: role, roles: [role], issuer: 'csp', expiresIn: '1h' });
      expect((await kit.get('/v1/outbound?limit=1', token)).statusCode).toBe(200);
    }
  });
});
