// Shipping methods as our JSON API shows them.
import { presentMoney } from '../money';
import type { ShippingMethod } from './methods';

export function presentShippingMethod(m: ShippingMethod) {
  return {
    id: m.id,
    brand_id: m.brandId,
    kind: m.kind,
    name: m.name,
    price: presentMoney(m.amount, m.currency),
    free_above: m.freeAboveAmount === null ? null : presentMoney(m.freeAboveAmount, m.currency),
    default: m.isDefault,
    active: m.active,
    created_at: m.createdAt.toISOString(),
  };
}
