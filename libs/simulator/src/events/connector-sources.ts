/**
 * The CloudEvents `source` of each simulated connector: a real deployment has one small program per system
 * (shop, help-desk mailbox, chat widget, telephony, social listening, web tracking, marketing, surveys).
 */
export const CONNECTOR_SOURCES = {
  shop: '/connectors/shop',
  mail: '/connectors/helpdesk-mail',
  chat: '/connectors/chat',
  phone: '/connectors/phone',
  social: '/connectors/social',
  web: '/connectors/web',
  marketing: '/connectors/marketing',
  surveys: '/connectors/surveys',
} as const;

export type ConnectorSource = (typeof CONNECTOR_SOURCES)[keyof typeof CONNECTOR_SOURCES];

export type MessageChannel = 'email' | 'chat' | 'sms' | 'social' | 'webform' | 'phone';

/** Which connector delivers a message of a channel (texts and voicemails come from the telephony system). */
export const SOURCE_OF_CHANNEL: Record<MessageChannel, ConnectorSource> = {
  email: CONNECTOR_SOURCES.mail,
  chat: CONNECTOR_SOURCES.chat,
  sms: CONNECTOR_SOURCES.phone,
  phone: CONNECTOR_SOURCES.phone,
  social: CONNECTOR_SOURCES.social,
  webform: CONNECTOR_SOURCES.web,
};
