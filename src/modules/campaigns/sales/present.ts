import { type PriceRule, ruleStatus } from './rules';

export function presentPriceRule(rule: PriceRule, now: Date) {
  return {
    id: rule.id,
    brand_id: rule.brandId,
    label: rule.label,
    kind: rule.kind,
    value: rule.value,
    scope: rule.scope,
    product_ids: rule.productIds,
    collection_id: rule.collectionId,
    starts_at: rule.startsAt.toISOString(),
    ends_at: rule.endsAt.toISOString(),
    status: ruleStatus(rule, now),
    created_at: rule.createdAt.toISOString(),
  };
}
