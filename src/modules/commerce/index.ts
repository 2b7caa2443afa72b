// The commerce module's public face: catalog, checkout, payments, orders, webhooks.
export * from './schema';
export type { CommerceContext } from './context';
export * from './money';
export * from './payments/providers';
export * from './shipping/addresses';
export * from './payments/methods';
export * from './checkout/place';
export * from './catalog/catalog';
export * from './csv';
export * from './orders/orders';
export * from './webhooks/webhooks';
export * from './notify';
export * from './cart/cart';
export * from './reply-to-buy';
export * from './social-proof';
export * from './extensions';
