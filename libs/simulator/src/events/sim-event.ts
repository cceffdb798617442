import type {
  CallCompletedData, CartAbandonedData, CloudEvent, CustomerIdentifiedData, MarketingEngagedData, MessageReceivedData,
  OrderPlacedData, OrderRefundedData, PageViewedData, ProductViewedData, SocialMentionedData, SurveyAnsweredData,
} from '@csp/contracts';
import type { ConnectorSource } from './connector-sources';

/** `data` of every public event type of api.md, from the contracts' schemas. */
export interface PublicEventDataMap {
  'cs.customer.identified.v1': CustomerIdentifiedData;
  'cs.message.received.v1': MessageReceivedData;
  'cs.call.completed.v1': CallCompletedData;
  'cs.social.mentioned.v1': SocialMentionedData;
  'cs.page.viewed.v1': PageViewedData;
  'cs.product.viewed.v1': ProductViewedData;
  'cs.cart.abandoned.v1': CartAbandonedData;
  'cs.marketing.engaged.v1': MarketingEngagedData;
  'cs.order.placed.v1': OrderPlacedData;
  'cs.order.refunded.v1': OrderRefundedData;
  'cs.survey.answered.v1': SurveyAnsweredData;
}

export type PublicEventType = keyof PublicEventDataMap;

export const PUBLIC_EVENT_TYPES: readonly PublicEventType[] = [
  'cs.customer.identified.v1', 'cs.message.received.v1', 'cs.call.completed.v1', 'cs.social.mentioned.v1',
  'cs.page.viewed.v1', 'cs.product.viewed.v1', 'cs.cart.abandoned.v1', 'cs.marketing.engaged.v1',
  'cs.order.placed.v1', 'cs.order.refunded.v1', 'cs.survey.answered.v1',
];

/** A structured-mode CloudEvent as a connector sends it; `time` is when it happened. */
export interface SimEvent<T extends PublicEventType = PublicEventType> extends CloudEvent<PublicEventDataMap[T]> {
  type: T;
  source: ConnectorSource;
  time: string;
}

/** An event before it has an id: journeys produce drafts, the simulation numbers them. */
export interface Draft<T extends PublicEventType = PublicEventType> {
  type: T;
  source: ConnectorSource;
  /** When it happened, epoch milliseconds. */
  at: number;
  data: PublicEventDataMap[T];
  subject?: string;
}

export function draft<T extends PublicEventType>(type: T, source: ConnectorSource, at: number, data: PublicEventDataMap[T], subject?: string): Draft<T> {
  return subject === undefined ? { type, source, at, data } : { type, source, at, data, subject };
}

export function toCloudEvent<T extends PublicEventType>(d: Draft<T>, id: string): SimEvent<T> {
  const event: SimEvent<T> = { specversion: '1.0', id, source: d.source, type: d.type, time: new Date(Math.round(d.at)).toISOString(), data: d.data };
  if (d.subject !== undefined) event.subject = d.subject;
  return event;
}

/** Time order, ties broken by id, so the order itself is reproducible. */
export function byTime(a: SimEvent, b: SimEvent): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
