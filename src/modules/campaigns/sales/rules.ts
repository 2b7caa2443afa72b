/**
 * A brand's price rules: create, change, end early, delete, list. Only the brand's owner and
 * admins (campaigns.manage); every check runs before the one transaction that writes, so a
 * refused rule leaves nothing behind.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { arrayLiteral, type Db, type DbOrTx, queryRows } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import type { Clock } from '../../../lib/clock';
import { conflict, notFound, unprocessable } from '../../../lib/errors';
import { assertCan, getBrand } from '../../accounts';
import { type PriceRuleKind, type PriceRuleScope, priceRuleProducts, priceRules } from './schema';

export type SalesContext = { db: Db; clock: Clock };
export const MAX_LABEL = 80;
export const MAX_RULE_PRODUCTS = 500;

export type PriceRuleInput = {
  label?: unknown;
  kind?: unknown;
  value?: unknown;
  product_ids?: unknown;
  collection_id?: unknown;
  starts_at?: unknown;
  ends_at?: unknown;
};

export type PriceRule = {
  id: string;
  brandId: string;
  label: string;
  kind: PriceRuleKind;
  value: number;
  scope: PriceRuleScope;
  productIds: string[];
  collectionId: string | null;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
};

export type RuleStatus = 'scheduled' | 'running' | 'ended';
export const ruleStatus = (rule: Pick<PriceRule, 'startsAt' | 'endsAt'>, now: Date): RuleStatus =>
  now < rule.startsAt ? 'scheduled' : now < rule.endsAt ? 'running' : 'ended';

const invalid = (field: string, code: string, message: string) => unprocessable(code, message, { field });

function date(value: unknown, field: string): Date {
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  if (!d || Number.isNaN(d.getTime()))
    throw invalid(field, 'invalid_date', `${field} is a date-time such as 2027-01-07T08:00:00Z`);
  return d;
}

type Checked = Omit<PriceRule, 'id' | 'brandId' | 'createdAt'>;

/** The rule's fields, each checked (the first problem found is the answer, naming its field). */
async function check(db: DbOrTx, brandId: string, input: PriceRuleInput, current?: PriceRule): Promise<Checked> {
  const label = input.label === undefined && current ? current.label : input.label;
  if (typeof label !== 'string' || label.trim() === '' || label.trim().length > MAX_LABEL)
    throw invalid('label', 'invalid_label', `label is a text of 1 to ${MAX_LABEL} characters`);
  const kind = input.kind === undefined && current ? current.kind : input.kind;
  if (kind !== 'percent' && kind !== 'amount') throw invalid('kind', 'invalid_kind', 'kind is "percent" or "amount"');
  const value = input.value === undefined && current ? current.value : input.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw invalid('value', 'invalid_value', 'value is a whole number above 0 (percent, or minor units off)');
  if (kind === 'percent' && value >= 100)
    throw invalid('value', 'reduction_too_large', 'A reduction of 100 % or more is not a price');
  const startsAt = input.starts_at === undefined && current ? current.startsAt : date(input.starts_at, 'starts_at');
  const endsAt = input.ends_at === undefined && current ? current.endsAt : date(input.ends_at, 'ends_at');
  if (endsAt <= startsAt) throw invalid('ends_at', 'ends_before_start', 'ends_at comes after starts_at');

  const targetsGiven = input.product_ids !== undefined || input.collection_id !== undefined;
  let scope: PriceRuleScope = current?.scope ?? 'shop';
  let productIds = current?.productIds ?? [];
  let collectionId = current?.collectionId ?? null;
  if (targetsGiven || !current) {
    const given = (x: unknown) => x !== undefined && x !== null;
    if (given(input.product_ids) && given(input.collection_id))
      throw invalid('product_ids', 'conflicting_targets', 'Give product_ids or collection_id, not both');
    if (given(input.product_ids)) {
      const ids = input.product_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_RULE_PRODUCTS || !ids.every(isUuid))
        throw invalid(
          'product_ids',
          'invalid_products',
          `product_ids is a list of 1 to ${MAX_RULE_PRODUCTS} product ids`,
        );
      productIds = [...new Set(ids.map((id: string) => id.toLowerCase()))];
      const found = await queryRows<{ id: string }>(
        db,
        sql`select id from products where brand_id = ${brandId} and id = any(${arrayLiteral(productIds)}::uuid[])`,
      );
      if (found.length !== productIds.length)
        throw invalid('product_ids', 'unknown_product', 'Every product of a rule is one of the brand’s products');
      scope = 'products';
      collectionId = null;
    } else if (given(input.collection_id)) {
      const id = input.collection_id;
      const [found] = isUuid(id)
        ? await queryRows<{ id: string }>(
            db,
            sql`select id from collections where brand_id = ${brandId} and id = ${String(id).toLowerCase()}`,
          )
        : [];
      if (!found)
        throw invalid('collection_id', 'unknown_collection', 'collection_id is one of the brand’s collections');
      scope = 'collection';
      collectionId = found.id;
      productIds = [];
    } else {
      scope = 'shop';
      productIds = [];
      collectionId = null;
    }
  }
  if (kind === 'amount') {
    const [lowest] = await queryRows<{ min: number | null }>(
      db,
      sql`select min(v.price_amount)::int as min from variants v where v.brand_id = ${brandId} and (
            ${scope} = 'shop'
            or (${scope} = 'products' and v.product_id = any(${arrayLiteral(productIds)}::uuid[]))
            or (${scope} = 'collection' and v.product_id in (
                  select product_id from collection_products where collection_id = ${collectionId}::uuid)))`,
    );
    if (lowest?.min !== null && lowest?.min !== undefined && value >= lowest.min)
      throw invalid('value', 'reduction_too_large', 'The amount off is below the price of every variant it reduces');
  }
  return { label: label.trim(), kind, value, scope, productIds, collectionId, startsAt, endsAt };
}

type RuleRow = typeof priceRules.$inferSelect;

async function withProducts(db: DbOrTx, rows: RuleRow[]): Promise<PriceRule[]> {
  if (rows.length === 0) return [];
  const links = await db
    .select()
    .from(priceRuleProducts)
    .where(sql`${priceRuleProducts.ruleId} = any(${arrayLiteral(rows.map((r) => r.id))}::uuid[])`);
  return rows.map((r) => ({
    id: r.id,
    brandId: r.brandId,
    label: r.label,
    kind: r.kind,
    value: r.value,
    scope: r.scope,
    productIds: links.filter((l) => l.ruleId === r.id).map((l) => l.productId),
    collectionId: r.collectionId,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    createdAt: r.createdAt,
  }));
}

async function managedBrand(ctx: SalesContext, actorId: string, brandId: string) {
  if (!isUuid(brandId)) throw notFound('Brand');
  await getBrand(ctx, brandId.toLowerCase());
  await assertCan(ctx, actorId, brandId.toLowerCase(), 'campaigns.manage');
  return brandId.toLowerCase();
}

/** A rule its brand's managers may change; anyone else is told it does not exist. */
async function managedRule(ctx: SalesContext, actorId: string, ruleId: string): Promise<PriceRule> {
  if (!isUuid(ruleId)) throw notFound('Price rule');
  const rows = await ctx.db.select().from(priceRules).where(eq(priceRules.id, ruleId.toLowerCase()));
  if (!rows[0]) throw notFound('Price rule');
  await managedBrand(ctx, actorId, rows[0].brandId).catch((error) => {
    throw error?.code === 'not_a_member' ? notFound('Price rule') : error;
  });
  return (await withProducts(ctx.db, rows))[0];
}

export async function createPriceRule(
  ctx: SalesContext,
  actorId: string,
  brandId: string,
  input: PriceRuleInput,
): Promise<PriceRule> {
  const brand = await managedBrand(ctx, actorId, brandId);
  const fields = await check(ctx.db, brand, input ?? {});
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    const { productIds, ...row } = fields;
    await tx.insert(priceRules).values({ id, brandId: brand, createdBy: actorId, createdAt: ctx.clock.now(), ...row });
    if (productIds.length)
      await tx.insert(priceRuleProducts).values(productIds.map((productId) => ({ ruleId: id, productId })));
  });
  return getPriceRule(ctx.db, id);
}

export async function updatePriceRule(
  ctx: SalesContext,
  actorId: string,
  ruleId: string,
  input: PriceRuleInput,
): Promise<PriceRule> {
  const current = await managedRule(ctx, actorId, ruleId);
  const fields = await check(ctx.db, current.brandId, input ?? {}, current);
  await ctx.db.transaction(async (tx) => {
    const { productIds, ...row } = fields;
    await tx.update(priceRules).set(row).where(eq(priceRules.id, current.id));
    await tx.delete(priceRuleProducts).where(eq(priceRuleProducts.ruleId, current.id));
    if (productIds.length)
      await tx.insert(priceRuleProducts).values(productIds.map((productId) => ({ ruleId: current.id, productId })));
  });
  return getPriceRule(ctx.db, current.id);
}

/** Ends a running rule now (a scheduled one is deleted instead, an ended one stays as it was). */
export async function endPriceRule(ctx: SalesContext, actorId: string, ruleId: string): Promise<PriceRule> {
  const rule = await managedRule(ctx, actorId, ruleId);
  const now = ctx.clock.now();
  if (ruleStatus(rule, now) !== 'running')
    throw conflict('rule_not_running', 'Only a running rule ends early (delete a scheduled one)');
  await ctx.db.update(priceRules).set({ endsAt: now }).where(eq(priceRules.id, rule.id));
  return getPriceRule(ctx.db, rule.id);
}

export async function deletePriceRule(ctx: SalesContext, actorId: string, ruleId: string): Promise<void> {
  const rule = await managedRule(ctx, actorId, ruleId);
  await ctx.db.delete(priceRules).where(eq(priceRules.id, rule.id));
}

export async function getPriceRule(db: DbOrTx, ruleId: string): Promise<PriceRule> {
  const rows = await db.select().from(priceRules).where(eq(priceRules.id, ruleId));
  if (!rows[0]) throw notFound('Price rule');
  return (await withProducts(db, rows))[0];
}

export async function showPriceRule(ctx: SalesContext, actorId: string, ruleId: string): Promise<PriceRule> {
  return managedRule(ctx, actorId, ruleId);
}

/** A brand's rules, latest start first (its managers only). */
export async function listPriceRules(ctx: SalesContext, actorId: string, brandId: string): Promise<PriceRule[]> {
  const brand = await managedBrand(ctx, actorId, brandId);
  const rows = await ctx.db
    .select()
    .from(priceRules)
    .where(and(eq(priceRules.brandId, brand)))
    .orderBy(desc(priceRules.startsAt), desc(priceRules.id))
    .limit(200);
  return withProducts(ctx.db, rows);
}
