import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';
import { AppError, badRequest, unprocessable } from './errors';

type KeyRow = { request_hash: string; status: number | null; response: unknown };

/**
 * Stripe-style idempotency: the first request with a key does the work and its reply is kept;
 * a retry with the same key and body gets the same reply without doing it again; the same key
 * with another body is a 422. Concurrent duplicates: the loser of the insert race waits for the
 * winner's reply (409 if it is still running after a while). Hand-written statements: every
 * checkout runs two of them.
 */
export async function idempotent<T>(
  db: Db,
  input: { scope: string; principal: string; key: string | undefined; body: unknown },
  work: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  if (!input.key) return { ...(await work()), replayed: false };
  if (input.key.length > 255) throw badRequest('invalid_idempotency_key', 'Idempotency-Key has at most 255 characters');
  const requestHash = createHash('sha256').update(JSON.stringify(input.body ?? null)).digest('hex');
  const { scope, principal, key } = input;
  const where = sql`scope = ${scope} and principal = ${principal} and key = ${key}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const claimed = await queryRows(
      db,
      sql`insert into idempotency_keys (scope, principal, key, request_hash) values (${scope}, ${principal}, ${key}, ${requestHash})
          on conflict do nothing returning 1`,
    );
    if (claimed.length) break;
    // Someone else holds the key: wait for their reply. If their attempt failed, the key is
    // released and we take it over (a declined card may be retried with the same key).
    const [row] = await queryRows<KeyRow>(db, sql`select request_hash, status, response from idempotency_keys where ${where}`);
    if (!row) continue;
    if (row.request_hash !== requestHash) throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
    if (row.status !== null) return { status: row.status, body: row.response as T, replayed: true };
    if (Date.now() > deadline) throw new AppError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  try {
    const result = await work();
    await queryRows(db, sql`update idempotency_keys set status = ${result.status}, response = ${JSON.stringify(result.body)}::jsonb where ${where}`);
    return { ...result, replayed: false };
  } catch (error) {
    // A failed attempt does not hold the key: the client may retry it.
    await queryRows(db, sql`delete from idempotency_keys where ${where}`);
    throw error;
  }
}
