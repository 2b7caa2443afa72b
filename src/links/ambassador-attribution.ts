/**
 * Ambassadors ↔ commerce and social: the checkout gate that records which ambassador's link
 * brought an order (in the reservation's transaction), the brand's order page line ("Brought by
 * @ambassador"), the order API's `ambassador_id` for the brand's team, and the brand profile's
 * link to its programme.
 */
import {
  ambassadorCheckoutGate,
  ambassadorOrderField,
  ambassadorOrderSection,
  ambassadorProfileSection,
} from '../modules/ambassadors';
import { checkoutGates, orderApiFields } from '../modules/commerce';
import type { AppExtensions } from './extensions';

export function registerAmbassadorAttribution(extensions: AppExtensions) {
  checkoutGates.register(ambassadorCheckoutGate);
  orderApiFields.register(ambassadorOrderField);
  extensions.orderPages.register(ambassadorOrderSection);
  extensions.profileSections.register(ambassadorProfileSection);
}
