import type { OUTBOUND_CHANNELS } from '@csp/contracts';
import type { LoggerService } from '@nestjs/common';
import { CONNECTOR_CHANNELS, type OutboundConfig } from '../../outbound.config';
import { LogOnlyAdapter } from './log-only.adapter';
import type { OutboundChannelAdapter } from './outbound-channel.port';
import { SmtpEmailAdapter } from './smtp-email.adapter';
import { WebhookAdapter } from './webhook.adapter';

export type OutboundChannel = (typeof OUTBOUND_CHANNELS)[number];

/** The adapter of each channel; a channel without one gives up with `missing[channel]` as the reason. */
export interface ChannelAdapters {
  adapters: Partial<Record<OutboundChannel, OutboundChannelAdapter>>;
  missing: Partial<Record<OutboundChannel, string>>;
  close(): Promise<void>;
}

/**
 * Builds the adapters from the configuration: email through SMTP_URL, sms/chat/social through their
 * connector's signed webhook, channel `webhook` to the URL in `to` signed with OUTBOUND_WEBHOOK_SECRET.
 * Throws when a webhook URL is set without its secret (a connector never accepts unsigned messages).
 */
export function createChannelAdapters(config: OutboundConfig, logger?: Pick<LoggerService, 'log'>): ChannelAdapters {
  const timeoutMs = config.OUTBOUND_TIMEOUT_MS;
  const needs: Partial<Record<OutboundChannel, string>> = {};
  const adapters: ChannelAdapters['adapters'] = {};
  if (config.SMTP_URL) adapters.email = new SmtpEmailAdapter({ url: config.SMTP_URL, from: config.OUTBOUND_FROM, timeoutMs });
  else needs.email = 'SMTP_URL';
  for (const channel of CONNECTOR_CHANNELS) {
    const prefix = `OUTBOUND_WEBHOOK_${channel.toUpperCase() as Uppercase<typeof channel>}` as const;
    const url = config[`${prefix}_URL`];
    const signingSecret = config[`${prefix}_SECRET`];
    if (url && !signingSecret) throw new Error(`${prefix}_SECRET is required when ${prefix}_URL is set`);
    if (url && signingSecret) adapters[channel] = new WebhookAdapter({ url, signingSecret, timeoutMs });
    else needs[channel] = `${prefix}_URL and ${prefix}_SECRET`;
  }
  if (config.OUTBOUND_WEBHOOK_SECRET) adapters.webhook = new WebhookAdapter({ signingSecret: config.OUTBOUND_WEBHOOK_SECRET, timeoutMs });
  else needs.webhook = 'OUTBOUND_WEBHOOK_SECRET';

  const missing: ChannelAdapters['missing'] = {};
  for (const [channel, variables] of Object.entries(needs) as [OutboundChannel, string][]) {
    const reason = `no delivery adapter for channel '${channel}': set ${variables}`;
    if (config.OUTBOUND_FALLBACK === 'log') adapters[channel] = new LogOnlyAdapter(reason, logger);
    else missing[channel] = `${reason} (or OUTBOUND_FALLBACK=log)`;
  }
  return {
    adapters,
    missing,
    close: async () => {
      await Promise.all(Object.values(adapters).map((adapter) => adapter.close?.()));
    },
  };
}
