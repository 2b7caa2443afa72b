/**
 * Suspending accounts: platform moderators only. Either directly (`suspend`, `unsuspend`) or by
 * upholding a report against an account (rejecting the report's item: for an account, removing
 * means suspending). Each is audited in the platform's log; the account module does the rest
 * (sessions end, tokens revoked, posts hidden from everyone).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { notFound, unprocessable } from '../../lib/errors';
import { suspendAccount, unsuspendAccount } from '../accounts';
import { assertModerates } from './access';
import { audit } from './decisions';

export type Suspension = { accountId: string; suspendedAt: Date | null; reason: string | null };

async function target(tx: DbOrTx, accountId: string) {
  const [row] = await queryRows<{ id: string; username: string }>(
    tx,
    sql`select id, username from accounts where id = ${accountId}`,
  );
  if (!row) throw notFound('Account');
  return row;
}

async function state(tx: DbOrTx, accountId: string): Promise<Suspension> {
  const [row] = await queryRows<{ suspended_at: string | Date | null; suspension_reason: string | null }>(
    tx,
    sql`select suspended_at, suspension_reason from accounts where id = ${accountId}`,
  );
  return {
    accountId,
    suspendedAt: row?.suspended_at ? new Date(row.suspended_at) : null,
    reason: row?.suspension_reason ?? null,
  };
}

/** Suspends in the caller's transaction and logs it (used by a report's decision too). */
export async function suspendInTx(
  tx: DbOrTx,
  moderatorId: string,
  accountId: string,
  reason: string | null,
  note: string | null = null,
) {
  await suspendAccount(tx, accountId, reason);
  await audit(tx, {
    itemId: null,
    brandId: null,
    actorId: moderatorId,
    action: 'suspend',
    reason,
    note: note ?? `account ${accountId}`,
  });
}

export async function suspend(
  db: Db,
  moderatorId: string,
  accountId: string,
  input: { reason?: unknown },
): Promise<Suspension> {
  await assertModerates(db, moderatorId, null);
  const reason =
    input.reason === undefined || input.reason === null ? null : String(input.reason).trim().slice(0, 500) || null;
  if (accountId === moderatorId)
    throw unprocessable('cannot_suspend_self', 'A moderator cannot suspend their own account');
  return db.transaction(async (tx) => {
    const account = await target(tx, accountId);
    await suspendInTx(tx, moderatorId, account.id, reason, `@${account.username}`);
    return state(tx, account.id);
  });
}

export async function unsuspend(db: Db, moderatorId: string, accountId: string): Promise<Suspension> {
  await assertModerates(db, moderatorId, null);
  return db.transaction(async (tx) => {
    const account = await target(tx, accountId);
    await unsuspendAccount(tx, account.id);
    await audit(tx, {
      itemId: null,
      brandId: null,
      actorId: moderatorId,
      action: 'unsuspend',
      note: `@${account.username}`,
    });
    return state(tx, account.id);
  });
}

export const presentSuspension = (s: Suspension) => ({
  account_id: s.accountId,
  suspended: s.suspendedAt !== null,
  suspended_at: s.suspendedAt?.toISOString() ?? null,
  reason: s.reason,
});
