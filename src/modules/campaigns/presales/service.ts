/**
 * Pre-sales: a brand offers a product that does not exist yet (a draft product), people pledge
 * and nothing is charged; the pledge that crosses the threshold turns the pre-sale `succeeded`
 * and enqueues the job that charges every pledge (charge.ts). Every write that moves the counters
 * locks the pre-sale's row first, so exactly one pledge crosses the threshold and the cap is never
 * passed, whatever the concurrency. Design and reasons: docs/campaigns-presales.md.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { addresses, paymentMethods, products, variants } from '../../../db/schema';
import { enqueue } from '../../../jobs/queue';
import { badRequest, conflict, notFound, unprocessable } from '../../../lib/errors';
import { keyClaim } from '../../../lib/idempotency';
import { assertCan } from '../../accounts';
import { chargePledge, stockPledges, type PresalesContext } from './charge';
import { presalePledges, presales, type PledgeStatus, type PresaleStatus } from './schema';
import { and, eq } from 'drizzle-orm';

export type Presale = typeof presales.$inferSelect & { chargedUnits: number };
export type Pledge = typeof presalePledges.$inferSelect;
export type { PresalesContext };
type AddressSnapshot = NonNullable<Pledge['shippingAddress']>;

/** Most units one pledge may ask for (an order line's own limit is 1000). */
export const MAX_PLEDGE_UNITS = 100;

const field = (name: string, code: string, message: string) => unprocessable(code, message, { field: name });

function wholeNumber(value: unknown, name: string, code: string, min: number) {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > 1_000_000)
    throw field(name, code, `${name} must be a whole number of at least ${min}`);
  return n;
}

/** Brand owner or admin: opens a pre-sale of one of the brand's draft products. */
export async function createPresale(
  ctx: PresalesContext,
  actorId: string,
  brandId: string,
  input: {
    productId?: unknown;
    thresholdUnits?: unknown;
    deadline?: unknown;
    capUnits?: unknown;
    expectedDelivery?: unknown;
  },
): Promise<Presale> {
  await assertCan(ctx, actorId, brandId, 'campaigns.manage');
  const now = ctx.clock.now();
  if (typeof input.productId !== 'string' || !isUuid(input.productId))
    throw field('product_id', 'unknown_product', 'product_id names none of the brand’s products');
  const threshold = wholeNumber(input.thresholdUnits, 'threshold_units', 'invalid_threshold', 1);
  const deadline = typeof input.deadline === 'string' ? new Date(input.deadline) : null;
  if (!deadline || Number.isNaN(deadline.getTime()))
    throw field('deadline', 'invalid_deadline', 'deadline must be a date and time (ISO 8601)');
  if (deadline.getTime() <= now.getTime())
    throw field('deadline', 'invalid_deadline', 'deadline must be in the future');
  const cap =
    input.capUnits === undefined || input.capUnits === null || input.capUnits === ''
      ? null
      : wholeNumber(input.capUnits, 'cap_units', 'invalid_cap', 1);
  if (cap !== null && cap < threshold)
    throw field('cap_units', 'invalid_cap', 'cap_units cannot be below threshold_units');
  let expected: string | null = null;
  if (input.expectedDelivery !== undefined && input.expectedDelivery !== null && input.expectedDelivery !== '') {
    const text = String(input.expectedDelivery);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(new Date(text).getTime()))
      throw field('expected_delivery', 'invalid_expected_delivery', 'expected_delivery must be a date (YYYY-MM-DD)');
    expected = text;
  }
  const [product] = await ctx.db
    .select({ status: products.status })
    .from(products)
    .where(and(eq(products.id, input.productId.toLowerCase()), eq(products.brandId, brandId)));
  if (!product) throw field('product_id', 'unknown_product', 'product_id names none of the brand’s products');
  if (product.status !== 'draft')
    throw field('product_id', 'product_not_draft', 'A pre-sale’s product is not in the shop yet: keep it a draft');
  const rows = await ctx.db
    .select({ id: variants.id, price: variants.priceAmount, currency: variants.currency })
    .from(variants)
    .where(eq(variants.productId, input.productId.toLowerCase()));
  if (rows.length === 0) throw field('product_id', 'no_variants', 'The product needs at least one variant and price');
  if (new Set(rows.map((r) => r.currency)).size > 1)
    throw field('product_id', 'currency_mismatch', 'All the product’s variants must be priced in one currency');
  return ctx.db.transaction(async (tx) => {
    const [presale] = await tx
      .insert(presales)
      .values({
        id: uuidv7(),
        brandId,
        productId: input.productId as string,
        thresholdUnits: threshold,
        capUnits: cap,
        deadline,
        expectedDelivery: expected,
        prices: Object.fromEntries(rows.map((r) => [r.id, r.price])),
        currency: rows[0].currency,
        createdBy: actorId,
      })
      .returning();
    await enqueue(tx, 'presale.deadline', { presaleId: presale.id }, deadline);
    return { ...presale, chargedUnits: 0 };
  });
}

export async function findPresale(db: DbOrTx, id: string): Promise<Presale | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({
      presale: presales,
      charged: sql<number>`(select coalesce(sum(quantity), 0)::int from presale_pledges
                            where presale_id = presales.id and status = 'charged')`,
    })
    .from(presales)
    .where(eq(presales.id, id.toLowerCase()));
  return row ? { ...row.presale, chargedUnits: Number(row.charged) } : null;
}

export async function getPresale(db: DbOrTx, id: string): Promise<Presale> {
  const presale = await findPresale(db, id);
  if (!presale) throw notFound('Pre-sale');
  return presale;
}

/** Open for pledges: not failed, before its deadline (a succeeded pre-sale takes pledges until then, or its cap). */
export const acceptsPledges = (p: Presale, now: Date) => p.status !== 'failed' && now.getTime() < p.deadline.getTime();

export type PledgeInput = { variantId?: unknown; quantity?: unknown; paymentMethodId?: unknown; addressId?: unknown };

/** Checks what needs no lock: the key, the numbers, the method and the address are the pledger's. */
async function preparePledge(ctx: PresalesContext, accountId: string, input: PledgeInput, key: string | undefined) {
  if (!key) throw badRequest('idempotency_key_required', 'A pledge needs an Idempotency-Key header');
  const claim = keyClaim({
    scope: 'presale-pledges',
    principal: accountId,
    key,
    body: [input.variantId, input.quantity, input.paymentMethodId, input.addressId ?? null],
  })!;
  if (typeof input.variantId !== 'string' || !isUuid(input.variantId))
    throw field('variant_id', 'unknown_variant', 'variant_id is not one of the pre-sale’s variants');
  const quantity = wholeNumber(input.quantity, 'quantity', 'invalid_quantity', 1);
  if (quantity > MAX_PLEDGE_UNITS)
    throw field('quantity', 'invalid_quantity', `At most ${MAX_PLEDGE_UNITS} units per pledge`);
  const methodId = typeof input.paymentMethodId === 'string' ? input.paymentMethodId.toLowerCase() : '';
  const [method] = isUuid(methodId)
    ? await ctx.db
        .select({ id: paymentMethods.id })
        .from(paymentMethods)
        .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.accountId, accountId)))
    : [];
  if (!method) throw field('payment_method_id', 'invalid_payment_method', 'Choose one of your saved payment methods');
  return {
    claim,
    variantId: input.variantId.toLowerCase(),
    quantity,
    methodId,
    address: await pledgeAddress(ctx, accountId, input.addressId),
  };
}

/** The address given (one of the person's), else their default one; none is fine until the charge. */
async function pledgeAddress(
  ctx: PresalesContext,
  accountId: string,
  addressId: unknown,
): Promise<AddressSnapshot | null> {
  const given = typeof addressId === 'string' && addressId !== '';
  if (given && !isUuid(addressId)) throw field('address_id', 'invalid_address', 'Choose one of your saved addresses');
  const rows = await ctx.db
    .select()
    .from(addresses)
    .where(
      and(
        eq(addresses.accountId, accountId),
        given ? eq(addresses.id, addressId.toLowerCase()) : eq(addresses.isDefault, true),
      ),
    );
  if (given && rows.length === 0) throw field('address_id', 'invalid_address', 'Choose one of your saved addresses');
  const a = rows[0];
  if (!a) return null;
  return {
    name: a.name,
    line1: a.line1,
    line2: a.line2,
    postal_code: a.postalCode,
    city: a.city,
    country: a.country,
    phone: a.phone,
  };
}

/**
 * A pledge, under the person's Idempotency-Key (the same key again answers the same pledge). The
 * pre-sale's row is locked while the pledge is counted: the pledge that reaches the threshold
 * turns it `succeeded` and enqueues the charge of every pledge; a pledge after that is charged
 * at once (until the cap).
 */
export async function pledge(
  ctx: PresalesContext,
  accountId: string,
  presaleId: string,
  input: PledgeInput,
  key: string | undefined,
): Promise<{ pledge: Pledge; replayed: boolean }> {
  const found = await findPresale(ctx.db, presaleId);
  if (!found) throw notFound('Pre-sale');
  const p = await preparePledge(ctx, accountId, input, key);
  const now = ctx.clock.now();
  const written = await ctx.db.transaction(async (tx) => {
    const [presale] = await queryRows<{
      status: PresaleStatus;
      pledged_units: number;
      threshold_units: number;
      cap_units: number | null;
    }>(
      tx,
      sql`select status, pledged_units, threshold_units, cap_units from presales where id = ${found.id} for update`,
    );
    const [existing] = await tx
      .select()
      .from(presalePledges)
      .where(and(eq(presalePledges.accountId, accountId), eq(presalePledges.idempotencyKey, p.claim.key)));
    if (existing) {
      if (existing.requestHash !== p.claim.requestHash || existing.presaleId !== found.id)
        throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
      return { pledge: existing, replayed: true, after: false };
    }
    if (!acceptsPledges({ ...found, status: presale.status }, now))
      throw conflict('presale_closed', 'This pre-sale is closed: it takes no more pledges');
    if (!(p.variantId in found.prices))
      throw field('variant_id', 'unknown_variant', 'variant_id is not one of the pre-sale’s variants');
    if (accountId === found.brandId) throw unprocessable('own_product', 'A brand cannot pledge for its own products');
    const units = presale.pledged_units + p.quantity;
    if (presale.cap_units !== null && units > presale.cap_units)
      throw conflict(
        'presale_full',
        `This pre-sale has ${Math.max(0, presale.cap_units - presale.pledged_units)} units left`,
      );
    const crossing = presale.status === 'open' && units >= presale.threshold_units;
    const after = presale.status === 'succeeded';
    const [row] = await tx
      .insert(presalePledges)
      .values({
        id: uuidv7(),
        presaleId: found.id,
        accountId,
        variantId: p.variantId,
        quantity: p.quantity,
        unitAmount: found.prices[p.variantId],
        paymentMethodId: p.methodId,
        shippingAddress: p.address,
        idempotencyKey: p.claim.key,
        requestHash: p.claim.requestHash,
        createdAt: now,
      })
      .returning();
    await queryRows(
      tx,
      sql`update presales set pledged_units = pledged_units + ${p.quantity}, pledge_count = pledge_count + 1
            ${crossing ? sql`, status = 'succeeded', succeeded_at = ${now.toISOString()}::timestamptz` : sql``}
          where id = ${found.id}`,
    );
    if (crossing) {
      // Every pledge's units become stock of the (draft) product, once: only the charges take them.
      await stockPledges(tx, found.id);
      await enqueue(tx, 'presale.charge', { presaleId: found.id });
    } else if (after) {
      await stockPledges(tx, found.id, row.id);
      // The charge happens in this request; the job is the safety net if the process dies first.
      await enqueue(tx, 'presale.charge', { presaleId: found.id }, new Date(Date.now() + 60_000));
    }
    return { pledge: row, replayed: false, after };
  });
  if (!written.after) return { pledge: written.pledge, replayed: written.replayed };
  // A provider that cannot be reached leaves the pledge `pledged`: the job enqueued above charges it.
  await chargePledge(ctx, written.pledge.id).catch(() => {});
  return { pledge: await getPledge(ctx.db, written.pledge.id), replayed: false };
}

export async function getPledge(db: DbOrTx, pledgeId: string): Promise<Pledge> {
  const [row] = isUuid(pledgeId)
    ? await db.select().from(presalePledges).where(eq(presalePledges.id, pledgeId.toLowerCase()))
    : [];
  if (!row) throw notFound('Pledge');
  return row;
}

/** The person's pledges on a pre-sale, newest first. */
export async function myPledges(db: DbOrTx, accountId: string, presaleId: string): Promise<Pledge[]> {
  if (!isUuid(presaleId)) return [];
  return db
    .select()
    .from(presalePledges)
    .where(and(eq(presalePledges.accountId, accountId), eq(presalePledges.presaleId, presaleId.toLowerCase())))
    .orderBy(sql`${presalePledges.id} desc`);
}

/** A pledge of this person on this pre-sale, locked; 404 for anyone else's. */
async function ownPledge(tx: DbOrTx, accountId: string, presaleId: string, pledgeId: string): Promise<Pledge> {
  const [row] =
    isUuid(pledgeId) && isUuid(presaleId)
      ? await queryRows<{ id: string }>(
          tx,
          sql`select id from presale_pledges where id = ${pledgeId.toLowerCase()} and presale_id = ${presaleId.toLowerCase()}
              and account_id = ${accountId} for update`,
        )
      : [];
  if (!row) throw notFound('Pledge');
  return getPledge(tx, row.id);
}

/**
 * The pledger withdraws while the pre-sale is still below its threshold; once it succeeded, a
 * pledge is an order to be (or already) charged: 409 pledge_locked.
 */
export async function withdrawPledge(ctx: PresalesContext, accountId: string, presaleId: string, pledgeId: string) {
  return ctx.db.transaction(async (tx) => {
    const [presale] = isUuid(presaleId)
      ? await queryRows<{ status: PresaleStatus }>(
          tx,
          sql`select status from presales where id = ${presaleId.toLowerCase()} for update`,
        )
      : [];
    if (!presale) throw notFound('Pre-sale');
    const row = await ownPledge(tx, accountId, presaleId, pledgeId);
    if (row.status === 'cancelled') return row;
    if (presale.status !== 'open' || row.status !== 'pledged')
      throw conflict('pledge_locked', 'The pre-sale reached its threshold: this pledge can no longer be withdrawn');
    await queryRows(
      tx,
      sql`update presales set pledged_units = pledged_units - ${row.quantity}, pledge_count = pledge_count - 1 where id = ${row.presaleId}`,
    );
    const [cancelled] = await tx
      .update(presalePledges)
      .set({ status: 'cancelled' as PledgeStatus, cancelledAt: ctx.clock.now() })
      .where(eq(presalePledges.id, row.id))
      .returning();
    return cancelled;
  });
}

/**
 * Another saved method for a pledge: before the threshold it only replaces the method; after a
 * declined charge it starts a new attempt (a new provider key) and charges at once.
 */
export async function updatePledgeMethod(
  ctx: PresalesContext,
  accountId: string,
  presaleId: string,
  pledgeId: string,
  paymentMethodId: unknown,
): Promise<Pledge> {
  const methodId = typeof paymentMethodId === 'string' ? paymentMethodId.toLowerCase() : '';
  const [method] = isUuid(methodId)
    ? await ctx.db
        .select({ id: paymentMethods.id })
        .from(paymentMethods)
        .where(and(eq(paymentMethods.id, methodId), eq(paymentMethods.accountId, accountId)))
    : [];
  if (!method) throw field('payment_method_id', 'invalid_payment_method', 'Choose one of your saved payment methods');
  const retry = await ctx.db.transaction(async (tx) => {
    const row = await ownPledge(tx, accountId, presaleId, pledgeId);
    if (row.status !== 'pledged' && row.status !== 'payment_failed')
      throw conflict('pledge_locked', `This pledge is ${row.status}: its payment method cannot change`);
    const failed = row.status === 'payment_failed';
    await tx
      .update(presalePledges)
      .set({
        paymentMethodId: methodId,
        ...(failed
          ? { status: 'pledged' as PledgeStatus, attempt: row.attempt + 1, failureCode: null, failedAt: null }
          : {}),
      })
      .where(eq(presalePledges.id, row.id));
    return failed;
  });
  if (retry) await chargePledge(ctx, pledgeId.toLowerCase());
  return getPledge(ctx.db, pledgeId);
}
