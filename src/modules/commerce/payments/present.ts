// Saved payment methods as the API and pages show them.
import type { PaymentMethod } from './methods';

/** What the API and pages show of a saved method: never the provider token. */
export function presentPaymentMethod(m: PaymentMethod) {
  return {
    id: m.id,
    provider: m.provider,
    brand: m.cardBrand,
    last4: m.last4,
    exp_month: m.expMonth,
    exp_year: m.expYear,
    default: m.isDefault,
    created_at: m.createdAt.toISOString(),
  };
}
