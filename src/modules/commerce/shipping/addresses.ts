import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { badRequest, notFound, unprocessable } from '../../../lib/errors';
import { addresses, type AddressSnapshot } from '../schema';

const COUNTRY = /^[A-Z]{2}$/;

function field(input: Record<string, unknown>, key: string, max: number, required: boolean): string {
  const value = input[key];
  if (value === undefined || value === null || value === '') {
    if (required) throw unprocessable('invalid_address', `The address needs ${key}`, { field: key });
    return '';
  }
  if (typeof value !== 'string') throw unprocessable('invalid_address', `${key} must be text`, { field: key });
  const text = value.trim();
  if (required && !text) throw unprocessable('invalid_address', `The address needs ${key}`, { field: key });
  if ([...text].length > max)
    throw unprocessable('invalid_address', `${key} has at most ${max} characters`, { field: key });
  return text;
}

/** Validates a shipping address given inline (API) or from a form. */
export function checkAddress(input: unknown): AddressSnapshot {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    throw badRequest('invalid_address', 'shipping_address must be an object');
  const a = input as Record<string, unknown>;
  const country = field(a, 'country', 2, true).toUpperCase();
  if (!COUNTRY.test(country))
    throw unprocessable('invalid_address', 'country must be a two-letter ISO code such as FR', { field: 'country' });
  const postal = field(a, 'postal_code', 12, true);
  if (country === 'FR' && !/^\d{5}$/.test(postal))
    throw unprocessable('invalid_address', 'A French postal code has 5 digits', { field: 'postal_code' });
  return {
    name: field(a, 'name', 100, true),
    line1: field(a, 'line1', 200, true),
    line2: field(a, 'line2', 200, false),
    postal_code: postal,
    city: field(a, 'city', 100, true),
    country,
    phone: field(a, 'phone', 30, false),
  };
}

export type Address = typeof addresses.$inferSelect;

export async function listAddresses(db: Db, accountId: string): Promise<Address[]> {
  return db
    .select()
    .from(addresses)
    .where(eq(addresses.accountId, accountId))
    .orderBy(desc(addresses.isDefault), desc(addresses.id));
}

/** Saves an address; the first one, or one asked for, becomes the default. */
export async function saveAddress(db: Db, accountId: string, input: unknown, makeDefault = false): Promise<Address> {
  const a = checkAddress(input);
  return db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(addresses)
      .where(eq(addresses.accountId, accountId));
    if (n >= 20) throw unprocessable('too_many_addresses', 'At most 20 saved addresses');
    const isDefault = makeDefault || n === 0;
    if (isDefault) await tx.update(addresses).set({ isDefault: false }).where(eq(addresses.accountId, accountId));
    const [row] = await tx
      .insert(addresses)
      .values({
        id: uuidv7(),
        accountId,
        name: a.name,
        line1: a.line1,
        line2: a.line2 ?? '',
        postalCode: a.postal_code,
        city: a.city,
        country: a.country,
        phone: a.phone ?? '',
        isDefault,
      })
      .returning();
    return row;
  });
}

export async function deleteAddress(db: Db, accountId: string, id: string) {
  const removed = await db
    .delete(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.accountId, accountId)))
    .returning();
  if (removed.length === 0) throw notFound('Address');
}

export async function defaultAddress(db: Db, accountId: string): Promise<Address | null> {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.accountId, accountId), eq(addresses.isDefault, true)));
  return row ?? null;
}
