// What the rest of commerce uses of payments/.
export { deletePaymentMethod, listPaymentMethods, savePaymentMethod, setDefaultPaymentMethod } from './methods';
export type { PaymentMethod } from './methods';
export { createPaymentProviders, PaymentNetworkError, TestPaymentProvider } from './providers';
export type { AuthorizeResult, PaymentProviders } from './providers';
