import { CartAbandoned, OrderPlaced, OrderRefunded, PageViewed, ProductViewed } from '../public/commerce.events';
import {
  CallCompleted, CustomerIdentified, MarketingEngaged, MessageReceived, SocialMentioned, SurveyAnswered,
} from '../public/contact.events';
import { JANE, SURVEY_ID, TICKET_ID, example } from './example';

const items = [
  { productId: 'sku-1042', name: 'Espresso machine Duo', quantity: 1, price: 249.0 },
  { productId: 'sku-2210', name: 'Descaler, 3 pack', quantity: 2, price: 12.5 },
];

/** Realistic `data` of every public event type, as a connector would send it. */
export const PUBLIC_EXAMPLES: ReadonlyArray<[string, unknown]> = [
  example(CustomerIdentified, {
    customer: JANE,
    traits: { name: 'Jane Doe', birthday: '1988-06-21', company: 'Doe Design', tier: 'gold', locale: 'de-DE', timezone: 'Europe/Berlin' },
  }),
  example(MessageReceived, {
    channel: 'email',
    customer: { email: JANE.email, name: JANE.name },
    thread: { externalId: '<CA+order-77813@mail.example.com>' },
    subject: 'Order 77813 arrived damaged',
    body: 'Hello, the espresso machine I ordered arrived with a cracked water tank. Photo attached. Jane',
    language: 'en',
    attachments: [{ name: 'tank.jpg', url: 'https://files.example.com/att/tank.jpg', size: 482113 }],
  }),
  example(CallCompleted, {
    customer: { phone: JANE.phone },
    direction: 'inbound',
    durationSeconds: 312,
    summary: 'Asked about the replacement for order 77813; promised an update by email.',
    resolvedOnCall: false,
  }),
  example(SocialMentioned, {
    platform: 'mastodon',
    handle: '@janedoe@mastodon.social',
    text: 'Still waiting for a reply about my broken espresso machine...',
    url: 'https://mastodon.social/@janedoe/112233445566',
    sentiment: -0.6,
    customer: { social: { platform: 'mastodon', handle: '@janedoe@mastodon.social' } },
  }),
  example(PageViewed, {
    customer: { anonymousId: 'anon-5f2c9e', email: JANE.email },
    url: 'https://shop.example.com/help/returns',
    title: 'Returns and replacements',
  }),
  example(ProductViewed, {
    customer: { externalId: JANE.externalId },
    productId: 'sku-1042',
    name: 'Espresso machine Duo',
    price: 249.0,
    currency: 'EUR',
  }),
  example(CartAbandoned, { customer: { externalId: JANE.externalId }, cartId: 'cart-99120', value: 274.0, currency: 'EUR', items }),
  example(MarketingEngaged, {
    customer: { email: JANE.email },
    campaignId: 'spring-coffee-2025',
    action: 'webinar_attended',
    asset: 'Webinar: descaling done right',
  }),
  example(OrderPlaced, { customer: { externalId: JANE.externalId, email: JANE.email }, orderId: '77813', amount: 274.0, currency: 'EUR', items }),
  example(OrderRefunded, {
    customer: { externalId: JANE.externalId },
    orderId: '77813',
    amount: 249.0,
    currency: 'EUR',
    reason: 'Delivered damaged',
  }),
  example(SurveyAnswered, {
    customer: { email: JANE.email },
    kind: 'csat',
    score: 5,
    ticketId: TICKET_ID,
    surveyId: SURVEY_ID,
    comment: 'Quick replacement, thank you!',
  }),
];
