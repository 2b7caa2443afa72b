/**
 * Campaigns ↔ commerce: the checkout gate for pop-up stores and early access (checked in the
 * reservation's transaction, attribution written with the order), the early access notice on
 * product pages, and the pop-up an order was bought through on its pages.
 */
import type { Clock } from '../lib/clock';
import { campaignCheckoutGate, earlyAccessProductSection, popupOrderSection } from '../modules/campaigns';
import { checkoutGates } from '../modules/commerce';
import type { AppExtensions } from './extensions';

export function registerCampaignPopups(extensions: AppExtensions, app: { clock: Clock }) {
  checkoutGates.register(campaignCheckoutGate);
  extensions.productPages.register(earlyAccessProductSection(app.clock));
  extensions.orderPages.register(popupOrderSection);
}
