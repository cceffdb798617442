import { ConfigError } from '@csp/platform-nest';
import { outboundConfigFrom } from '../../outbound.config';
import { createChannelAdapters } from './channel-adapters.factory';

const secret = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;
const quiet = { log: () => undefined };

describe('channel adapters from the configuration', () => {
  it('uses SMTP for email and each connector’s webhook for its channel; the rest give up naming what to set', async () => {
    const channels = createChannelAdapters(outboundConfigFrom({ SMTP_URL: 'smtp://u:p@mail.example.com:587', OUTBOUND_WEBHOOK_SMS_URL: 'https://sms.example.com/out', OUTBOUND_WEBHOOK_SMS_SECRET: secret }), quiet);
    expect(Object.fromEntries(Object.entries(channels.adapters).map(([channel, a]) => [channel, a.name]))).toEqual({ email: 'smtp', sms: 'webhook' });
    expect(channels.missing).toEqual({
      chat: expect.stringContaining('set OUTBOUND_WEBHOOK_CHAT_URL and OUTBOUND_WEBHOOK_CHAT_SECRET'),
      social: expect.stringContaining('OUTBOUND_WEBHOOK_SOCIAL_URL'),
      webhook: expect.stringContaining('OUTBOUND_WEBHOOK_SECRET'),
    });
    await channels.close();
  });

  it('logs instead with OUTBOUND_FALLBACK=log (the embedded default)', () => {
    const channels = createChannelAdapters(outboundConfigFrom({ OUTBOUND_FALLBACK: 'log' }), quiet);
    expect(Object.values(channels.adapters).map((a) => a.name)).toEqual(['log', 'log', 'log', 'log', 'log']);
    expect(channels.missing).toEqual({});
  });

  it('refuses a webhook URL without its secret, and invalid values by variable name', () => {
    expect(() => createChannelAdapters(outboundConfigFrom({ OUTBOUND_WEBHOOK_CHAT_URL: 'https://chat.example.com' }))).toThrow('OUTBOUND_WEBHOOK_CHAT_SECRET is required when OUTBOUND_WEBHOOK_CHAT_URL is set');
    expect(() => outboundConfigFrom({ SMTP_URL: 'mail.example.com', OUTBOUND_WEBHOOK_SMS_SECRET: 'plain', OUTBOUND_MAX_ATTEMPTS: '0' })).toThrow(ConfigError);
    try {
      outboundConfigFrom({ SMTP_URL: 'mail.example.com', OUTBOUND_WEBHOOK_SMS_SECRET: 'plain' });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['SMTP_URL', 'OUTBOUND_WEBHOOK_SMS_SECRET']);
    }
  });

  it('defaults to six attempts from 30 s up to 15 min apart', () => {
    expect(outboundConfigFrom()).toMatchObject({ OUTBOUND_MAX_ATTEMPTS: 6, OUTBOUND_RETRY_INITIAL_MS: 30_000, OUTBOUND_RETRY_MAX_MS: 900_000, OUTBOUND_FALLBACK: 'none' });
  });
});
