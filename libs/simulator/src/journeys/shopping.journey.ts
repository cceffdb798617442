import { PRODUCTS, priceIn, roundMoney, SHOP_URL, SITE_PAGES, type SimProduct } from '../catalogue/products';
import { CONNECTOR_SOURCES } from '../events/connector-sources';
import { draft, type Draft } from '../events/sim-event';
import { customerRef, type SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { REFUND_REASONS } from '../text/support-texts';
import { DAY, MINUTE, SECOND, windowDays, type JourneyWindow } from './journey-window';

export interface LineItem {
  productId: string;
  name: string;
  quantity: number;
  price: number;
}

/** An order the customer placed; support issues about deliveries, defects and refunds refer to it. */
export interface SimOrder {
  orderId: string;
  at: number;
  amount: number;
  currency: string;
  items: LineItem[];
}

/** Visits to the shop per customer and day, for an average customer (activity 1). */
const SESSIONS_PER_DAY = 0.4;
const SPONTANEOUS_REFUND = 0.1;

/**
 * Web sessions on the shop: pages and products viewed, ending in an order, an abandoned cart or nothing;
 * now and then a refund of an earlier order. The web connector knows the cookie id, and the email once the
 * visitor has logged in; the shop knows the customer number.
 */
export function shoppingJourney(customer: SimCustomer, window: JourneyWindow, rng: Random): { drafts: Draft[]; orders: SimOrder[] } {
  const drafts: Draft[] = [];
  const orders: SimOrder[] = [];
  const sessions = rng.poisson(SESSIONS_PER_DAY * windowDays(window) * customer.activity);
  const starts = Array.from({ length: sessions }, () => rng.between(window.start, window.end)).sort((a, b) => a - b);
  starts.forEach((start, n) => {
    const session = rng.fork('session', n);
    const { viewed, end } = browse(customer, start, session, drafts);
    const outcome = viewed.length === 0 ? 'none' : session.weighted([['order', 25], ['cart', 20], ['none', 55]] as const);
    if (outcome === 'none') return;
    const items = viewed.map((p) => lineItem(p, customer, session));
    const value = roundMoney(items.reduce((sum, i) => sum + i.price * i.quantity, 0));
    const currency = customer.locale.currency;
    if (outcome === 'cart') {
      const cartId = `cart-${customer.externalId.slice(4)}-${n + 1}`;
      drafts.push(draft('cs.cart.abandoned.v1', CONNECTOR_SOURCES.shop, end + session.between(30, 90) * MINUTE, { customer: customerRef(customer, 'externalId', 'email'), cartId, value, currency, items }, cartId));
      return;
    }
    const order: SimOrder = { orderId: orderIdOf(customer, orders.length + 1), at: end + session.between(1, 8) * MINUTE, amount: value, currency, items };
    orders.push(order);
    drafts.push(draft('cs.order.placed.v1', CONNECTOR_SOURCES.shop, order.at, { customer: customerRef(customer, 'externalId', 'email', 'name'), orderId: order.orderId, amount: value, currency, items }, order.orderId));
    if (session.chance(SPONTANEOUS_REFUND)) drafts.push(refundDraft(customer, order, order.at + session.between(0.5, 4) * DAY, session));
  });
  return { drafts, orders };
}

/** The shop's order number; `n` counts the customer's orders (0 is an order from before the window). */
export function orderIdOf(customer: SimCustomer, n: number): string {
  return `SO-${customer.externalId.slice(4)}-${n}`;
}

export function refundDraft(customer: SimCustomer, order: SimOrder, at: number, rng: Random, reason = rng.pick(REFUND_REASONS)): Draft {
  const [first] = order.items;
  const amount = rng.chance(0.6) || !first ? order.amount : roundMoney(first.price * first.quantity);
  return draft('cs.order.refunded.v1', CONNECTOR_SOURCES.shop, at, { customer: customerRef(customer, 'externalId'), orderId: order.orderId, amount, currency: order.currency, reason }, order.orderId);
}

function browse(customer: SimCustomer, start: number, rng: Random, drafts: Draft[]): { viewed: SimProduct[]; end: number } {
  // Logged-in visitors carry their email as well, which links the cookie id to the customer.
  const who = rng.chance(0.5) ? customerRef(customer, 'anonymousId', 'email') : customerRef(customer, 'anonymousId');
  let at = start;
  for (let i = rng.int(1, 3); i > 0; i--) {
    const [path, title] = rng.pick(SITE_PAGES);
    drafts.push(draft('cs.page.viewed.v1', CONNECTOR_SOURCES.web, at, { customer: who, url: `${SHOP_URL}${path}`, title }));
    at += rng.between(10, 120) * SECOND;
  }
  const viewed: SimProduct[] = [];
  for (let i = rng.int(0, 3); i > 0; i--) {
    const product = rng.pick(PRODUCTS);
    if (!viewed.includes(product)) viewed.push(product);
    const data = { customer: who, productId: product.productId, name: product.name, price: priceIn(product, customer.locale.currency), currency: customer.locale.currency };
    drafts.push(draft('cs.product.viewed.v1', CONNECTOR_SOURCES.web, at, data));
    at += rng.between(20, 240) * SECOND;
  }
  return { viewed, end: at };
}

function lineItem(product: SimProduct, customer: SimCustomer, rng: Random): LineItem {
  const quantity = product.kind === 'consumable' ? rng.int(1, 3) : 1;
  return { productId: product.productId, name: product.name, quantity, price: priceIn(product, customer.locale.currency) };
}
