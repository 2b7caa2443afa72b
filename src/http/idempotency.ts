import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { idempotencyKeys } from '../db/platform-schema';
import { AppError, badRequest, unprocessable } from './errors';

/**
 * Stripe-style idempotency: the first request with a key does the work and its reply is kept;
 * a retry with the same key and body gets the same reply without doing it again; the same key
 * with another body is a 422. Concurrent duplicates: the loser of the insert race waits for the
 * winner's reply (409 if it is still running after a while).
 */
export async function idempotent<T>(
  db: Db,
  input: { scope: string; principal: string; key: string | undefined; body: unknown },
  work: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  if (!input.key) return { ...(await work()), replayed: false };
  if (input.key.length > 255) throw badRequest('invalid_idempotency_key', 'Idempotency-Key has at most 255 characters');
  const requestHash = createHash('sha256').update(JSON.stringify(input.body ?? null)).digest('hex');
  const where = and(eq(idempotencyKeys.scope, input.scope), eq(idempotencyKeys.principal, input.principal), eq(idempotencyKeys.key, input.key));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [claimed] = await db
      .insert(idempotencyKeys)
      .values({ scope: input.scope, principal: input.principal, key: input.key, requestHash })
      .onConflictDoNothing()
      .returning();
    if (claimed) break;
    // Someone else holds the key: wait for their reply. If their attempt failed, the key is
    // released and we take it over (a declined card may be retried with the same key).
    const [row] = await db.select().from(idempotencyKeys).where(where);
    if (!row) continue;
    if (row.requestHash !== requestHash) throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
    if (row.status !== null) return { status: row.status, body: row.response as T, replayed: true };
    if (Date.now() > deadline) throw new AppError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  try {
    const result = await work();
    await db.update(idempotencyKeys).set({ status: result.status, response: result.body as object }).where(where);
    return { ...result, replayed: false };
  } catch (error) {
    // A failed attempt does not hold the key: the client may retry it.
    await db.delete(idempotencyKeys).where(where);
    throw error;
  }
}
