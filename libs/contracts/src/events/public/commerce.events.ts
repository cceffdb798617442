import { Type } from '@sinclair/typebox';
import type { EventData } from '../../catalogue/event-definition';
import { Amount, Currency, LineItems, Str, Url } from '../common.schema';
import { CustomerRefSchema } from '../customer-ref.schema';
import { interactionEvent } from '../event-factories';

/** Public events from shops, apps and websites: behaviour and orders (api.md, "Event types"). */

export const PageViewed = interactionEvent('cs.page.viewed.v1', 'A customer viewed a page of the website or app.', {
  customer: CustomerRefSchema,
  url: Url(),
  title: Type.Optional(Str(500)),
});
export type PageViewedData = EventData<typeof PageViewed>;

export const ProductViewed = interactionEvent('cs.product.viewed.v1', 'A customer viewed a product.', {
  customer: CustomerRefSchema,
  productId: Str(200),
  name: Type.Optional(Str(500)),
  price: Type.Optional(Amount()),
  currency: Type.Optional(Currency()),
});
export type ProductViewedData = EventData<typeof ProductViewed>;

export const CartAbandoned = interactionEvent('cs.cart.abandoned.v1', 'A customer left a filled cart without ordering.', {
  customer: CustomerRefSchema,
  cartId: Str(200),
  value: Amount(),
  currency: Currency(),
  items: Type.Optional(LineItems()),
});
export type CartAbandonedData = EventData<typeof CartAbandoned>;

export const OrderPlaced = interactionEvent('cs.order.placed.v1', 'A customer placed an order (shop, CRM, contract).', {
  customer: CustomerRefSchema,
  orderId: Str(200),
  amount: Amount(),
  currency: Currency(),
  items: Type.Optional(LineItems()),
});
export type OrderPlacedData = EventData<typeof OrderPlaced>;

export const OrderRefunded = interactionEvent('cs.order.refunded.v1', 'An order was refunded, in full or in part.', {
  customer: CustomerRefSchema,
  orderId: Str(200),
  amount: Amount({ description: 'the refunded amount' }),
  currency: Currency(),
  reason: Type.Optional(Str(1_000)),
});
export type OrderRefundedData = EventData<typeof OrderRefunded>;
