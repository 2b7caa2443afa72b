/**
 * "Delete my account" (GDPR art. 17): after the password is given again, the account is closed in
 * one transaction (a tombstone that keeps the brands' orders pointing somewhere; credentials,
 * sessions and tokens gone; posts, follows, lists and reactions removed through social's own
 * paths; reviews withdrawn), the brands concerned are told, and the `privacy.erase` job erases
 * the personal data left in every other table (erase.ts).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows, type DbOrTx } from '../../../db/client';
import { enqueue } from '../../../jobs/queue';
import { nowOf } from '../../../lib/clock';
import { verifyPassword } from '../../../lib/crypto';
import { conflict, forbidden, notFound } from '../../../lib/errors';
import { queueActorDelete } from '../../federation';
import { withdrawReviewsOf } from '../../reputation';
import { closeSocialPresence, publishDeletedPosts } from '../../social';
import { recordPrivacyRequest } from '../requests';
import { forgetSignInsByLogin } from '../retention/sign-ins';

export type CloseContext = Pick<AppContext, 'db' | 'clock' | 'events' | 'secret'> & {
  config: Pick<AppContext['config'], 'publicUrl'>;
};

/** The closing's outcome: when, and the placeholder the tombstone now answers to. */
export type ClosedAccount = { accountId: string; closedAt: Date; placeholder: string };

/** Checks the password again (a stolen session alone cannot erase an account). */
async function checkPassword(db: DbOrTx, accountId: string, password: unknown): Promise<void> {
  const [row] = await queryRows<{ password_hash: string }>(
    db,
    sql`select c.password_hash from credentials c join accounts a on a.id = c.account_id
        where c.account_id = ${accountId} and a.deleted_at is null`,
  );
  if (!row) throw notFound('Account');
  const ok =
    typeof password === 'string' && password.length <= 1000 && (await verifyPassword(row.password_hash, password));
  if (!ok) throw forbidden('invalid_password', 'The password is wrong');
}

/** The brands this person is the only owner of: they must hand them over first. */
export async function lastOwnedBrands(db: DbOrTx, accountId: string): Promise<string[]> {
  const rows = await queryRows<{ username: string }>(
    db,
    sql`select b.username from brand_members m join accounts b on b.id = m.brand_id
        where m.account_id = ${accountId} and m.role = 'owner'
          and not exists (select 1 from brand_members o where o.brand_id = m.brand_id and o.role = 'owner'
                          and o.account_id <> ${accountId})
        order by b.username`,
  );
  return rows.map((r) => r.username);
}

/** A non-personal name for the tombstone; usernames cannot contain `-`, so no person can hold one. */
async function placeholderName(tx: DbOrTx): Promise<string> {
  for (;;) {
    const name = `deleted-${randomBytes(4).toString('hex')}`;
    const taken = await queryRows(tx, sql`select 1 from accounts where lower(username) = ${name}`);
    if (taken.length === 0) return name;
  }
}

/**
 * Closes the account. `clientIp`: the closing request's address; the rate-limit buckets that name
 * it, the e-mail or the username go in the same transaction (the job no longer knows them).
 */
export async function closeAccount(
  ctx: CloseContext,
  accountId: string,
  password: unknown,
  options: { clientIp?: string } = {},
): Promise<ClosedAccount> {
  await checkPassword(ctx.db, accountId, password);
  const closedAt = nowOf(ctx);
  const { placeholder, gone } = await ctx.db.transaction(async (tx) => {
    // Locks the account row: two closings of one account run one after the other.
    const [me] = await queryRows<{ deleted_at: unknown; avatar_path: string | null; header_path: string | null }>(
      tx,
      sql`select deleted_at, avatar_path, header_path from accounts where id = ${accountId} and kind = 'person' for update`,
    );
    if (!me || me.deleted_at) throw notFound('Account');
    const owned = await lastOwnedBrands(tx, accountId);
    if (owned.length)
      throw conflict(
        'last_brand_owner',
        `You are the last owner of ${owned.map((u) => `@${u}`).join(', ')}: give the brand another owner first`,
        { brands: owned },
      );
    const [who] = await queryRows<{ username: string; email: string | null }>(
      tx,
      sql`select a.username, c.email from accounts a left join credentials c on c.account_id = a.id where a.id = ${accountId}`,
    );
    const names = [who?.username, who?.email].filter((n): n is string => Boolean(n)).map((n) => n.toLowerCase());
    for (const n of names) await queryRows(tx, sql`delete from rate_limits where bucket = ${`login:id:${n}`}`);
    await forgetSignInsByLogin(tx, ctx.secret, names);
    if (options.clientIp && options.clientIp !== 'local')
      await queryRows(tx, sql`delete from rate_limits where position(${options.clientIp} in bucket) > 0`);
    // While the follows and the username still exist: the followers' servers to tell, once.
    await queueActorDelete(tx, accountId, ctx.config.publicUrl);
    const name = await placeholderName(tx);
    await queryRows(
      tx,
      sql`update accounts set deleted_at = ${closedAt.toISOString()}::timestamptz,
            suspended_at = coalesce(suspended_at, ${closedAt.toISOString()}::timestamptz), suspension_reason = null,
            username = ${name}, display_name = '', note = '', location = '', website = '', fields = '[]'::jsonb,
            avatar_path = null, header_path = null, primary_color = null, accent_color = null, locale = null,
            locked = true, bot = false, discoverable = false, indexable = false, moved_to_id = null,
            notifications_read_id = null, updated_at = now()
          where id = ${accountId}`,
    );
    await queryRows(tx, sql`delete from credentials where account_id = ${accountId}`);
    await queryRows(tx, sql`delete from sessions where account_id = ${accountId}`);
    await queryRows(tx, sql`delete from oauth_tokens where account_id = ${accountId}`);
    await queryRows(tx, sql`delete from oauth_codes where account_id = ${accountId}`);
    await queryRows(tx, sql`delete from brand_members where account_id = ${accountId}`);
    const removed = await closeSocialPresence(tx, accountId);
    await withdrawReviewsOf(tx, accountId);
    await recordPrivacyRequest(tx, { kind: 'redact', accountId, at: closedAt });
    // The avatar and header files go with the rest (their paths are random names, nothing personal).
    const files = [me.avatar_path, me.header_path].filter((p): p is string => Boolean(p));
    await enqueue(tx, 'privacy.erase', { accountId, files });
    return { placeholder: name, gone: removed };
  });
  await publishDeletedPosts(ctx, gone);
  return { accountId, closedAt, placeholder };
}
