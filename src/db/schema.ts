// Every table, gathered for the typed database handle and for drizzle-kit.
export * from '../modules/accounts/schema';
export * from '../modules/social/schema';
export * from './platform-schema';
export * from '../modules/commerce/schema';
export * from '../modules/commerce/tax/schema';
export * from '../modules/reputation/schema';
export * from '../modules/moderation/schema';
export * from '../modules/listening/search/schema';
export * from '../modules/listening/watches/schema';
export * from '../modules/places/schema';
export * from '../modules/campaigns/presales/schema';
export * from '../links/schema';
export * from '../modules/campaigns/contests/schema';
export * from '../modules/campaigns/popups/schema';
export * from '../modules/campaigns/sales/schema';
export * from '../modules/campaigns/editions/schema';
export * from '../modules/inbox/schema';
