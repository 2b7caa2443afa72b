/**
 * Sign-in attempts: each password sign-in (form or OAuth password grant), kept
 * COMPTOIR_RETENTION_IP_DAYS days to spot attacks and to show a person the recent ones on their
 * account. An identifier that names none of our accounts is kept only as a keyed hash.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { hmac } from '../../../lib/crypto';

export type SignInAttempt = {
  /** What was typed: an e-mail or a username (with or without its @). */
  identifier: string;
  /** The account signed in to, when it worked; otherwise looked up from the identifier. */
  accountId?: string | null;
  ip: string;
  userAgent: string;
  success: boolean;
  at: Date;
};

/** Room enough for any real user agent, and no more: a client cannot fill the table with one header. */
const MAX_AGENT = 400;

export async function recordSignInAttempt(db: DbOrTx, secret: string, attempt: SignInAttempt): Promise<void> {
  const login = attempt.identifier.trim().replace(/^@/, '').toLowerCase().slice(0, 320);
  let accountId = attempt.accountId ?? null;
  if (!accountId && login) {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`select a.id from credentials c join accounts a on a.id = c.account_id
           where lower(c.email) = ${login} or lower(a.username) = ${login} limit 1`,
    );
    accountId = row?.id ?? null;
  }
  const identifierHash = accountId ? null : hmac(secret, `sign-in:${login}`);
  await queryRows(
    db,
    sql`insert into sign_in_attempts (id, account_id, identifier_hash, ip, user_agent, success, at)
        values (${uuidv7(attempt.at.getTime())}, ${accountId}, ${identifierHash}, ${attempt.ip.slice(0, 64)},
                ${attempt.userAgent.replace(/\u0000/g, '').slice(0, MAX_AGENT)}, ${attempt.success},
                ${attempt.at.toISOString()}::timestamptz)`,
  );
}

export type RecentSignIn = { at: string; ip: string; user_agent: string; success: boolean };

/** A person's latest sign-in attempts (successful or not), newest first. */
export async function recentSignIns(db: DbOrTx, accountId: string, limit = 20): Promise<RecentSignIn[]> {
  const rows = await queryRows<{ at: string | Date; ip: string; user_agent: string; success: boolean }>(
    db,
    sql`select at, ip, user_agent, success from sign_in_attempts where account_id = ${accountId}
        order by at desc, id desc limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

/**
 * Erasure: the attempts recorded under a login that matched no account (a mistyped password is
 * tied to the account, but a mistyped e-mail is kept as its keyed hash) for the person's logins.
 */
export async function forgetSignInsByLogin(db: DbOrTx, secret: string, logins: string[]): Promise<void> {
  const hashes = logins.map((login) => hmac(secret, `sign-in:${login.trim().replace(/^@/, '').toLowerCase()}`));
  for (const hash of hashes) await queryRows(db, sql`delete from sign_in_attempts where identifier_hash = ${hash}`);
}

/** Erasure: the person's sign-in attempts (addresses and user agents) go at once, not after the period. */
export async function forgetSignIns(db: DbOrTx, accountId: string): Promise<number> {
  return (await queryRows(db, sql`delete from sign_in_attempts where account_id = ${accountId} returning 1`)).length;
}
