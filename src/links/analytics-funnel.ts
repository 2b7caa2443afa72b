/**
 * Analytics ↔ social, commerce: the like-to-buy funnel's counting. Posts hydrated for a signed-in
 * viewer are noted as seen (buffered, flushed every few seconds); a product page opened from a
 * post or a pop-up is a card opened; checkouts are counted by a checkout gate that never refuses,
 * paid orders once per paid batch, refunds from the order steps that carry an amount.
 */
import type { Clock } from '../lib/clock';
import {
  funnelCheckoutGate,
  funnelOrderPaid,
  funnelProductPage,
  funnelReachExtension,
  funnelRefunds,
  useFunnelClock,
} from '../modules/analytics';
import { checkoutGates, orderPaidListeners } from '../modules/commerce';
import type { AppExtensions } from './extensions';

export function registerAnalyticsFunnel(extensions: AppExtensions, app: { clock: Clock }) {
  useFunnelClock(app.clock);
  extensions.statuses.register(funnelReachExtension);
  extensions.productPages.register(funnelProductPage);
  extensions.orderSteps.register(funnelRefunds(app.clock));
  checkoutGates.register(funnelCheckoutGate);
  orderPaidListeners.register(funnelOrderPaid);
}
