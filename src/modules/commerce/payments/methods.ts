import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { notFound, paymentRequired, unprocessable } from '../../../lib/errors';
import type { CommerceContext } from '../context';
import { InvalidPaymentTokenError, PaymentNetworkError } from './providers';
import { paymentMethods } from '../schema';

export type PaymentMethod = typeof paymentMethods.$inferSelect;

/**
 * Saves a payment method from a provider token. Only the provider's reusable token and display
 * facts (brand, last 4 digits, expiry) are kept: a card number never reaches this server.
 */
export async function savePaymentMethod(
  ctx: Pick<CommerceContext, 'db' | 'payments'>,
  accountId: string,
  input: { provider?: unknown; token?: unknown; makeDefault?: boolean },
): Promise<PaymentMethod> {
  const providerName = typeof input.provider === 'string' ? input.provider : 'test';
  const provider = ctx.payments.get(providerName);
  if (!provider) throw unprocessable('unknown_provider', `Unknown payment provider "${providerName}"`);
  if (typeof input.token !== 'string' || !input.token || input.token.length > 200)
    throw unprocessable('invalid_token', 'token is required');
  // Refuse anything that looks like a raw card number: we only take provider tokens.
  if (/\d{12,}/.test(input.token.replace(/[\s-]/g, '')))
    throw unprocessable('card_number_refused', 'Send a payment provider token, never a card number');
  let card;
  try {
    card = await provider.saveMethod(input.token);
  } catch (error) {
    if (error instanceof InvalidPaymentTokenError) throw unprocessable('invalid_token', error.message);
    if (error instanceof PaymentNetworkError)
      throw paymentRequired('payment_unavailable', 'The payment provider could not be reached; try again');
    throw error;
  }
  return ctx.db.transaction(async (tx) => {
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(paymentMethods)
      .where(eq(paymentMethods.accountId, accountId));
    const isDefault = Boolean(input.makeDefault) || n === 0;
    if (isDefault)
      await tx.update(paymentMethods).set({ isDefault: false }).where(eq(paymentMethods.accountId, accountId));
    const [row] = await tx
      .insert(paymentMethods)
      .values({
        id: uuidv7(),
        accountId,
        provider: providerName,
        providerToken: card.token,
        cardBrand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        isDefault,
      })
      .returning();
    return row;
  });
}

export async function listPaymentMethods(db: Db, accountId: string): Promise<PaymentMethod[]> {
  return db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.accountId, accountId))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.id));
}

export async function defaultPaymentMethod(db: Db, accountId: string): Promise<PaymentMethod | null> {
  const [row] = await db
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.accountId, accountId), eq(paymentMethods.isDefault, true)));
  return row ?? null;
}

export async function deletePaymentMethod(db: Db, accountId: string, id: string) {
  const removed = await db
    .delete(paymentMethods)
    .where(and(eq(paymentMethods.id, id), eq(paymentMethods.accountId, accountId)))
    .returning();
  if (removed.length === 0) throw notFound('Payment method');
}

export async function setDefaultPaymentMethod(db: Db, accountId: string, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.id, id), eq(paymentMethods.accountId, accountId)));
    if (!row) throw notFound('Payment method');
    await tx.update(paymentMethods).set({ isDefault: false }).where(eq(paymentMethods.accountId, accountId));
    await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, id));
  });
}
