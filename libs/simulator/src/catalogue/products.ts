/** The simulated shop: a coffee-equipment store, so orders, defects and refunds read naturally together. */
export interface SimProduct {
  productId: string;
  name: string;
  /** Price in EUR; other currencies are converted with PRICE_FACTORS. */
  price: number;
  /** Machines break and get complaints; beans and filters mostly do not. */
  kind: 'machine' | 'grinder' | 'accessory' | 'consumable';
}

export const PRODUCTS: readonly SimProduct[] = [
  { productId: 'sku-1042', name: 'Espresso machine Duo', price: 249, kind: 'machine' },
  { productId: 'sku-1050', name: 'Espresso machine Solo', price: 179, kind: 'machine' },
  { productId: 'sku-1101', name: 'Bean-to-cup machine Barista Pro', price: 649, kind: 'machine' },
  { productId: 'sku-1210', name: 'Burr grinder Mill 40', price: 129, kind: 'grinder' },
  { productId: 'sku-1220', name: 'Hand grinder Travel', price: 49.9, kind: 'grinder' },
  { productId: 'sku-2210', name: 'Descaler, 3 pack', price: 12.5, kind: 'consumable' },
  { productId: 'sku-2230', name: 'Water filter cartridge', price: 9.9, kind: 'consumable' },
  { productId: 'sku-2301', name: 'Milk frother Aero', price: 69, kind: 'accessory' },
  { productId: 'sku-2410', name: 'Cappuccino cups, set of 4', price: 34, kind: 'accessory' },
  { productId: 'sku-3001', name: 'Espresso beans Napoli 1 kg', price: 18.9, kind: 'consumable' },
  { productId: 'sku-3002', name: 'Filter coffee Highlands 500 g', price: 11.5, kind: 'consumable' },
  { productId: 'sku-3010', name: 'Decaf Colombia 500 g', price: 12.9, kind: 'consumable' },
  { productId: 'sku-4001', name: 'Gooseneck kettle', price: 59, kind: 'accessory' },
  { productId: 'sku-4020', name: 'Coffee subscription, monthly', price: 24, kind: 'consumable' },
];

export const PRICE_FACTORS: Record<'EUR' | 'GBP' | 'USD', number> = { EUR: 1, GBP: 0.86, USD: 1.08 };

export function priceIn(product: SimProduct, currency: keyof typeof PRICE_FACTORS): number {
  return roundMoney(product.price * PRICE_FACTORS[currency]);
}

/** Two decimals, without binary noise (`0.1 + 0.2` style) in the JSON. */
export function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}

export const SHOP_URL = 'https://shop.example.com';

/** Pages of the shop besides product pages, with their titles. */
export const SITE_PAGES: ReadonlyArray<readonly [path: string, title: string]> = [
  ['/', 'Coffee equipment and fresh beans'],
  ['/espresso-machines', 'Espresso machines'],
  ['/grinders', 'Coffee grinders'],
  ['/beans', 'Fresh coffee beans'],
  ['/accessories', 'Accessories'],
  ['/sale', 'Sale'],
  ['/blog/descaling-guide', 'Descaling your machine, step by step'],
  ['/help/shipping', 'Shipping and delivery times'],
  ['/help/returns', 'Returns and replacements'],
  ['/account/orders', 'Your orders'],
];

export interface SimCampaign {
  campaignId: string;
  /** What the campaign offers; decides which actions are possible. */
  channel: 'newsletter' | 'webinar' | 'content' | 'form';
  asset: string;
  /** Loyalty campaigns target gold and VIP customers only. */
  loyalty?: boolean;
}

export const CAMPAIGNS: readonly SimCampaign[] = [
  { campaignId: 'newsletter-weekly', channel: 'newsletter', asset: 'Weekly newsletter: new arrivals' },
  { campaignId: 'spring-coffee', channel: 'webinar', asset: 'Webinar: descaling done right' },
  { campaignId: 'barista-basics', channel: 'content', asset: 'E-book: Barista basics' },
  { campaignId: 'office-coffee', channel: 'form', asset: 'Office coffee quote request' },
  { campaignId: 'gold-members-preview', channel: 'newsletter', asset: 'Members-only preview: Barista Pro 2', loyalty: true },
  { campaignId: 'latte-art-live', channel: 'webinar', asset: 'Live session: latte art for beginners' },
];
