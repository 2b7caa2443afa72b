// Shipping methods as our JSON API shows them.
import { type ShippingMethod, iso, money } from '../orders';

export function presentShippingMethod(m: ShippingMethod) {
  return {
    id: m.id,
    brand_id: m.brandId,
    kind: m.kind,
    name: m.name,
    price: money(m.amount, m.currency),
    free_above: m.freeAboveAmount === null ? null : money(m.freeAboveAmount, m.currency),
    default: m.isDefault,
    active: m.active,
    created_at: iso(m.createdAt),
  };
}
