// A brand's shipping methods: price, free-above threshold, the default one.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { badRequest, conflict, notFound, unprocessable } from '../../../lib/errors';
import { CURRENCIES } from '../money';
import { shippingKinds, shippingMethods, type ShippingKind } from '../schema';
import { assertTeam } from '../orders';

export type ShippingMethod = typeof shippingMethods.$inferSelect;

export type ShippingInput = {
  kind?: unknown;
  name?: unknown;
  amount?: unknown;
  freeAboveAmount?: unknown;
  currency?: unknown;
  isDefault?: unknown;
  active?: unknown;
};

/** A brand's shipping methods: the active ones for shoppers, all of them for its team. */
export async function listShippingMethods(
  db: Db,
  brandId: string,
  options: { includeInactive?: boolean } = {},
): Promise<ShippingMethod[]> {
  if (!isUuid(brandId)) throw notFound('Brand');
  return db
    .select()
    .from(shippingMethods)
    .where(
      and(eq(shippingMethods.brandId, brandId), options.includeInactive ? undefined : eq(shippingMethods.active, true)),
    )
    .orderBy(desc(shippingMethods.isDefault), asc(shippingMethods.id));
}

function shippingFields(input: ShippingInput, current: ShippingMethod | null) {
  const kind = (input.kind ?? current?.kind) as ShippingKind | undefined;
  if (!kind || !(shippingKinds as readonly string[]).includes(kind))
    throw unprocessable('invalid_kind', `kind is one of ${shippingKinds.join(', ')}`, { field: 'kind' });
  const name = input.name === undefined ? current?.name : typeof input.name === 'string' ? input.name.trim() : null;
  if (!name || [...name].length > 60)
    throw unprocessable('invalid_name', 'name is required (at most 60 characters)', { field: 'name' });
  const amountOf = (value: unknown, field: string, fallback: number | null) => {
    if (value === undefined) return fallback;
    if (value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw badRequest('invalid_param', `${field} is an integer in minor units`, { field });
    if (value < 0 || value > 10_000_000)
      throw unprocessable('invalid_amount', `${field} must be between 0 and 10000000`, { field });
    return value;
  };
  let amount = amountOf(input.amount, 'amount', current?.amount ?? 0) ?? 0;
  let freeAbove = amountOf(input.freeAboveAmount, 'free_above_amount', current?.freeAboveAmount ?? null);
  if (kind === 'pickup') amount = 0;
  if (kind === 'free_above' && freeAbove === null)
    throw unprocessable('invalid_amount', 'free_above_amount is required for kind free_above', {
      field: 'free_above_amount',
    });
  if (kind !== 'free_above') freeAbove = null;
  const currency =
    input.currency === undefined
      ? (current?.currency ?? 'EUR')
      : typeof input.currency === 'string'
        ? input.currency.toUpperCase()
        : '';
  if (!CURRENCIES.has(currency))
    throw unprocessable('invalid_currency', `currency is one of ${[...CURRENCIES].join(', ')}`, { field: 'currency' });
  return { kind, name, amount, freeAboveAmount: freeAbove, currency };
}

async function makeOnlyDefault(tx: DbOrTx, brandId: string, id: string) {
  await tx
    .update(shippingMethods)
    .set({ isDefault: false })
    .where(and(eq(shippingMethods.brandId, brandId), sql`${shippingMethods.id} <> ${id}`));
  await tx.update(shippingMethods).set({ isDefault: true, active: true }).where(eq(shippingMethods.id, id));
}

export async function createShippingMethod(
  db: Db,
  actorId: string,
  brandId: string,
  input: ShippingInput,
): Promise<ShippingMethod> {
  await assertTeam(db, actorId, brandId, 'manageCatalog');
  const fields = shippingFields(input, null);
  return db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(shippingMethods)
      .where(and(eq(shippingMethods.brandId, brandId), eq(shippingMethods.active, true)));
    if (n >= 20) throw unprocessable('too_many_shipping_methods', 'At most 20 shipping methods');
    const id = uuidv7();
    await tx.insert(shippingMethods).values({ id, brandId, ...fields, isDefault: false });
    if (input.isDefault === true || n === 0) await makeOnlyDefault(tx, brandId, id);
    const [row] = await tx.select().from(shippingMethods).where(eq(shippingMethods.id, id));
    return row;
  });
}

async function ownMethod(db: DbOrTx, brandId: string, id: string): Promise<ShippingMethod> {
  if (!isUuid(id)) throw notFound('Shipping method');
  const [row] = await db
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.id, id), eq(shippingMethods.brandId, brandId), eq(shippingMethods.active, true)));
  if (!row) throw notFound('Shipping method');
  return row;
}

export async function updateShippingMethod(
  db: Db,
  actorId: string,
  brandId: string,
  id: string,
  input: ShippingInput,
): Promise<ShippingMethod> {
  await assertTeam(db, actorId, brandId, 'manageCatalog');
  const current = await ownMethod(db, brandId, id);
  const fields = shippingFields(input, current);
  if (input.isDefault === false && current.isDefault)
    throw unprocessable('default_required', 'Make another method the default instead', { field: 'default' });
  return db.transaction(async (tx) => {
    await tx.update(shippingMethods).set(fields).where(eq(shippingMethods.id, id));
    if (input.isDefault === true) await makeOnlyDefault(tx, brandId, id);
    const [row] = await tx.select().from(shippingMethods).where(eq(shippingMethods.id, id));
    return row;
  });
}

/** Retires a method (orders keep its name). The default passes to the oldest remaining one; the last one stays. */
export async function deleteShippingMethod(db: Db, actorId: string, brandId: string, id: string) {
  await assertTeam(db, actorId, brandId, 'manageCatalog');
  await db.transaction(async (tx) => {
    const current = await ownMethod(tx, brandId, id);
    const others = await tx
      .select({ id: shippingMethods.id })
      .from(shippingMethods)
      .where(
        and(
          eq(shippingMethods.brandId, brandId),
          eq(shippingMethods.active, true),
          sql`${shippingMethods.id} <> ${id}`,
        ),
      )
      .orderBy(asc(shippingMethods.id));
    if (others.length === 0) throw conflict('last_shipping_method', 'A brand keeps at least one shipping method');
    await tx.update(shippingMethods).set({ active: false, isDefault: false }).where(eq(shippingMethods.id, id));
    if (current.isDefault) await makeOnlyDefault(tx, brandId, others[0].id);
  });
}
