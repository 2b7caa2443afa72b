// The commerce module's public face: named functions and types only (tables are reached through db/schema.ts).
export {
  addProductImage,
  createCollection,
  createProduct,
  descriptionText,
  exportCatalog,
  importCatalog,
  isUniqueViolation,
  OPERATOR,
  priceRange,
  productsByIds,
  productSummary,
  shownPrice,
  stockState,
  unitsLeft,
} from './catalog';
export type { ProductSummary, ProductView } from './catalog';
export {
  createFinalizer,
  createReserver,
  expireOrder,
  recoverLeases,
  OrderInFlight,
  placeOrder,
  placePaidOrderOnce,
  REFERRAL_COOKIE,
  reserveBatch,
} from './checkout';
export type { Finalizer, OrderRequest, Referral, Reserver, ServerOrder } from './checkout';
export type { CommerceContext } from './context';
export { cartCount, ordersToPrepare } from './counts';
export { decodeCsv, toCsv } from './csv';
export {
  checkoutGates,
  loadProductBadges,
  loadSalePrices,
  orderPageExtensions,
  orderPaidListeners,
  orderApiFields,
  orderStepListeners,
  pricingHooks,
  productBadges,
  productPageExtensions,
} from './extensions';
export type { LoadedBadges, OrderPageExtension, ProductBadgeSource, ProductPageExtension } from './extensions';
export type { CheckoutGate, CheckoutGateItem, OrderApiField, OrderPaidListener } from './extensions';
export type { LineSale, PricingHooks, SalePrice } from './extensions';
export { formatMoney } from './money';
export { handleOrderEvent, handleOrderPayments } from './notify';
export { deliverOrder, shipOrder, teamRole } from './orders';
export { createPaymentProviders, savePaymentMethod } from './payments';
export type { PaymentProviders } from './payments';
export { handleReplyToBuy, replyToBuyCandidate } from './reply-to-buy';
export { saveAddress } from './shipping';
export { presentSocialProof, socialProof } from './social-proof';
export type { SocialProof } from './social-proof';
export { ProductPicker } from './views/buy-dialog';
export { buyHref, leadVariant, ProductCards, productPath } from './views/product-card';
export type { OneClick, ShopView } from './views/product-card';
export { deliverWebhook, fanOutWebhooks } from './webhooks';
// campaigns/editions and VAT classes: the hooks editions plug into, what their pages read.
export { editionHooks } from './extensions';
export type { EditionHooks } from './extensions';
export { getOrder, orderNumber } from './orders';
export type { OrderDetail } from './orders';
// legal/: a brand's legal identity and terms of sale; the platform's legal pages render with the same Markdown.
export { frenchVatKey, hasLegalIdentity, luhnValid, renderLegalText, updateBrandLegal } from './legal';
// Withdrawals (droit de rétractation): the job, its schedule, and the registration of the order page section and API field.
export {
  periodEnd,
  refundWithdrawal,
  registerWithdrawal,
  requestWithdrawal,
  runWithdrawalChecks,
  scheduleWithdrawalChecks,
  withdrawalExclusions,
} from './withdrawal';
export type { Withdrawal, WithdrawalExclusion } from './withdrawal';
