// An order's types, event names and the statuses that allow each move.
import type { Config } from '../../../config';
import type { Db } from '../../../db/client';
import type { MediaStore } from '../../media';
import type { Finalizer } from '../checkout';
import type { PaymentProviders } from '../payments';
import type { LineSale } from '../extensions';
import type { orderEvents, orderLines, orders, payments, returnRequests, OrderStatus } from '../schema';

export type OrdersContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'dataDir'> & Partial<Pick<Config, 'mediaMaxBytes'>>;
  payments: PaymentProviders;
  finalizer: Finalizer;
  media: MediaStore;
};

export type Order = typeof orders.$inferSelect;
/**
 * A line as sold; `sale` when it was sold under a price rule (kept by campaigns' sales),
 * `editionNumbers` when it bought numbered units of a limited edition.
 */
export type OrderLine = typeof orderLines.$inferSelect & { sale?: LineSale; editionNumbers?: number[] };
export type OrderEvent = typeof orderEvents.$inferSelect;
export type Payment = typeof payments.$inferSelect;
export type ReturnRequest = typeof returnRequests.$inferSelect;

/** Order steps that notify the buyer and can be sent to webhooks (as `order.<step>`). */
export const orderEventNames = [
  'paid',
  'preparing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
  'return_requested',
  'return_accepted',
  'return_refused',
  'return_received',
  'return_refunded',
  'repaired',
  // The buyer withdrew from all or part of the order (commerce/withdrawal).
  'withdrawal_requested',
] as const;
export type OrderEventName = (typeof orderEventNames)[number];
/** Privacy requests of a brand's customer (GDPR), as Shopify's `customers/redact` and `customers/data_request`. */
export const customerEventNames = ['customer.redact', 'customer.data_request'] as const;
export const webhookEventNames = [...orderEventNames.map((e) => `order.${e}` as const), ...customerEventNames];

export const CANCELLABLE: OrderStatus[] = ['pending_confirmation', 'awaiting_payment', 'paid', 'preparing'];
export const REFUNDABLE: OrderStatus[] = ['paid', 'preparing', 'shipped', 'delivered'];
export const OPEN_RETURN = ['requested', 'accepted', 'received'] as const;
export const MAX_RETURN_PHOTOS = 4;

/** A short reference for people (e-mails, CSV, pages): the end of the id, which is random. */
export const orderNumber = (id: string) => id.replace(/-/g, '').slice(-8).toUpperCase();
