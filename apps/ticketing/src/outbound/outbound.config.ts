import { loadConfig, StringEnum } from '@csp/platform-nest';
import { type Static, type TOptional, type TString, Type } from '@sinclair/typebox';

/** Channels delivered through a connector's webhook, each configured by `OUTBOUND_WEBHOOK_<CHANNEL>_URL` / `_SECRET`. */
export const CONNECTOR_CHANNELS = ['sms', 'chat', 'social'] as const;
export type ConnectorChannel = (typeof CONNECTOR_CHANNELS)[number];

const SECRET = { pattern: '^whsec_[A-Za-z0-9+/=]{16,}$', description: "a Standard Webhooks secret such as 'whsec_<base64>'" };
const url = (what: string) => Type.Optional(Type.String({ pattern: '^https?://', description: `an http(s) URL: ${what}` }));
const secret = () => Type.Optional(Type.String(SECRET));

const connectorWebhooks = Object.fromEntries(
  CONNECTOR_CHANNELS.flatMap((channel) => [
    [`OUTBOUND_WEBHOOK_${channel.toUpperCase()}_URL`, url(`the endpoint of the connector that sends ${channel} messages`)],
    [`OUTBOUND_WEBHOOK_${channel.toUpperCase()}_SECRET`, secret()],
  ]),
) as Record<`OUTBOUND_WEBHOOK_${Uppercase<ConnectorChannel>}_${'URL' | 'SECRET'}`, TOptional<TString>>;

/**
 * The outbound delivery variables of the ticketing service; spread `OutboundConfig.properties` into its config
 * schema. A channel without an adapter gives up at once, naming the variable to set, unless
 * `OUTBOUND_FALLBACK=log`.
 */
export const OutboundConfig = Type.Object({
  SMTP_URL: Type.Optional(
    Type.String({ pattern: '^smtps?://', description: 'an SMTP URL such as smtp://user:password@host:587 (smtps:// for TLS on connect)' }),
  ),
  OUTBOUND_FROM: Type.String({ default: 'Customer Service <no-reply@localhost>', minLength: 3, description: 'the From address of outbound email' }),
  ...connectorWebhooks,
  /** Signing secret of channel `webhook`, whose messages name their URL in `to`. */
  OUTBOUND_WEBHOOK_SECRET: secret(),
  OUTBOUND_FALLBACK: StringEnum(['none', 'log'] as const, {
    default: 'none',
    description: 'unconfigured channels: none = give up at once, log = write to the log and record as sent (only logged)',
  }),
  OUTBOUND_MAX_ATTEMPTS: Type.Integer({ default: 6, minimum: 1, maximum: 100 }),
  OUTBOUND_RETRY_INITIAL_MS: Type.Integer({ default: 30_000, minimum: 1 }),
  OUTBOUND_RETRY_MAX_MS: Type.Integer({ default: 900_000, minimum: 1 }),
  OUTBOUND_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, description: 'per attempt: SMTP connection and socket, webhook request' }),
  OUTBOUND_POLL_MS: Type.Integer({ default: 1_000, minimum: 10, description: 'how often the delivery queue is checked for due retries' }),
});

export type OutboundConfig = Static<typeof OutboundConfig>;

/** The outbound configuration of an environment (defaults for everything unset); throws ConfigError when invalid. */
export function outboundConfigFrom(env: Record<string, string | undefined> = {}): OutboundConfig {
  return loadConfig(OutboundConfig, env);
}
