// The commerce module's public face: catalog, checkout, payments, orders, webhooks.
export * from './schema';
export type { CommerceContext } from './context';
export * from './money';
export * from './payments';
export * from './addresses';
export * from './payment-methods';
export * from './checkout';
export * from './catalog';
export * from './csv';
export * from './orders';
export * from './webhooks';
export * from './notify';
export * from './cart';
export * from './reply-to-buy';
export * from './social-proof';
export * from './extensions';
