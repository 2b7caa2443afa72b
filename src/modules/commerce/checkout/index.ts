// What the rest of commerce uses of checkout/.
export { abandonOrder, authorizeReserved, createFinalizer } from './payment';
export { expireOrder, recoverLeases } from './recover';
export type { Finalizer } from './payment';
export { placeOrder, placeOrderOnce } from './place';
export type { PlacedOrder } from './place';
export { MAX_LINE_QUANTITY, REFERRAL_COOKIE } from './quote';
export type { OrderRequest, Referral } from './quote';
export { createReserver, OutOfStockError, releaseStock, reserveBatch } from './reserve';
export type { Reserver } from './reserve';
export { OrderInFlight, placePaidOrderOnce } from './server-order';
export type { ServerOrder } from './server-order';
