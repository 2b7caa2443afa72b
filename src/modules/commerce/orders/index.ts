// What the rest of commerce uses of orders/.
export { assertTeam, teamRole } from './access';
export { orderMail } from './mail';
export type { MailLocale } from './mail';
export { orderEventNames, orderNumber, webhookEventNames } from './model';
export type { Order, OrderEvent, OrderEventName, OrderLine, Payment } from './model';
export { presentOrder } from './present';
export { getOrder, loadOrderDetail } from './read';
export type { OrderDetail, OrderSummary } from './read';
export { settlePayments } from './settlement';
export { deliverOrder, shipOrder } from './transitions';
// Withdrawals (commerce/withdrawal) act on orders through the same access rules, steps and refunds.
export { loadOrder, orderAccess } from './access';
export { refundInTx, settleQuietly, step } from './transitions';
export type { OrdersContext } from './model';
