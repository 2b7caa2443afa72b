/**
 * The contracts of the price rules API (src/http/contract.ts). Request bodies describe what
 * clients send but let any value through to the service, which answers its stable codes with
 * the field named (invalid_label, invalid_kind, invalid_value, reduction_too_large, invalid_date,
 * ends_before_start, conflicting_targets, invalid_products, unknown_product, unknown_collection).
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../../http/contract';
import { MAX_LABEL, MAX_RULE_PRODUCTS } from './rules';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const fields = {
  label: checked({ type: 'string', maxLength: MAX_LABEL, description: 'Shown with the price, e.g. "Soldes d’hiver"' }),
  kind: checked({ type: 'string', enum: ['percent', 'amount'] }),
  value: checked({
    type: 'integer',
    minimum: 1,
    description: 'percent: 1 to 99; amount: minor units off each unit, below the price of every variant it reduces',
  }),
  product_ids: checked({
    type: 'array',
    maxItems: MAX_RULE_PRODUCTS,
    items: { type: 'string', format: 'uuid' },
    description: 'The brand’s products it reduces (or collection_id; neither: the whole shop)',
  }),
  collection_id: checked({ type: 'string', format: 'uuid', description: 'The brand’s collection it reduces' }),
  starts_at: checked({ type: 'string', format: 'date-time' }),
  ends_at: checked({ type: 'string', format: 'date-time', description: 'After starts_at (excluded)' }),
};
export const RuleCreate = z
  .looseObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])))
  .meta({ required: ['label', 'kind', 'value', 'starts_at', 'ends_at'] });
export const RuleUpdate = z.looseObject(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])));

const time = z.string().meta({ format: 'date-time' });
export const PriceRuleEntity = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    brand_id: z.string().meta({ format: 'uuid' }),
    label: z.string(),
    kind: z.enum(['percent', 'amount']),
    value: z.number().int(),
    scope: z.enum(['shop', 'products', 'collection']),
    product_ids: z.array(z.string()),
    collection_id: z.string().nullable(),
    starts_at: time,
    ends_at: time,
    status: z.enum(['scheduled', 'running', 'ended']),
    created_at: time,
  })
  .meta({ id: 'PriceRule' });

const tags = ['Campaigns'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };
const brand = z.object({ id: id('The brand', 'Brand') });
const rule = z.object({ id: id('The price rule', 'Price rule') });
const invalid = json(
  failures(422)[422].content['application/json'].schema,
  'The field in error.details.field: invalid_label, invalid_kind, invalid_value, reduction_too_large, invalid_date, ' +
    'ends_before_start, conflicting_targets, invalid_products, unknown_product, unknown_collection',
);

export const contracts = {
  create: route({
    method: 'post',
    path: '/api/v1/brands/{id}/price_rules',
    tags,
    summary:
      'Owner, admin: a sale (percent or amount off) on products, a collection or the whole shop, between two dates',
    description:
      'While it runs, the reduced variants show the sale price, the reference price (the lowest price of the 30 days ' +
      'before it started, computed from the price history) and the label; checkouts charge the sale price. Several ' +
      'rules on one variant: the lowest price for the buyer applies.',
    ...writer,
    request: { params: brand, body: body(RuleCreate) },
    responses: { 201: json(PriceRuleEntity, 'The rule'), ...failures(400, 401, 403, 404), 422: invalid },
  }),
  list: route({
    method: 'get',
    path: '/api/v1/brands/{id}/price_rules',
    tags,
    summary: 'Owner, admin: the brand’s price rules, latest start first',
    ...reader,
    request: { params: brand },
    responses: { 200: json(z.array(PriceRuleEntity), 'Rules'), ...failures(401, 403, 404) },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/price_rules/{id}',
    tags,
    summary: 'Owner, admin: one price rule',
    ...reader,
    request: { params: rule },
    responses: { 200: json(PriceRuleEntity, 'The rule'), ...failures(401, 403, 404) },
  }),
  update: route({
    method: 'patch',
    path: '/api/v1/price_rules/{id}',
    tags,
    summary: 'Owner, admin: change a rule (the fields given; product_ids or collection_id replace its targets)',
    ...writer,
    request: { params: rule, body: body(RuleUpdate) },
    responses: { 200: json(PriceRuleEntity, 'The rule'), ...failures(400, 401, 403, 404), 422: invalid },
  }),
  end: route({
    method: 'post',
    path: '/api/v1/price_rules/{id}/end',
    tags,
    summary: 'Owner, admin: end a running rule now (409 rule_not_running otherwise)',
    ...writer,
    request: { params: rule },
    responses: { 200: json(PriceRuleEntity, 'The rule'), ...failures(401, 403, 404, 409) },
  }),
  remove: route({
    method: 'delete',
    path: '/api/v1/price_rules/{id}',
    tags,
    summary: 'Owner, admin: delete a rule (orders keep the sale they were sold under)',
    ...writer,
    request: { params: rule },
    responses: { 200: json(z.object({}), 'Deleted'), ...failures(401, 403, 404) },
  }),
};
