/**
 * Retention: what is kept only for a while is removed by the hourly `privacy.retention` job (a
 * recurring kind kept scheduled in the jobs table, so it survives restarts; every delete only
 * removes what is past its date, so running it twice, or on two nodes, changes nothing more).
 * Durations and settings are listed in docs/privacy.md.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { keepScheduled } from '../../../jobs/queue';
import type { Clock } from '../../../lib/clock';

const JOB = 'privacy.retention';
export const RETENTION_EVERY_MS = 60 * 60_000;
/**
 * A revoked OAuth token is kept this long: a refresh token that comes back after it was used
 * revokes its whole family (a copy was stolen), which needs the old row a while.
 */
export const REVOKED_TOKEN_DAYS = 30;

export type RetentionSettings = {
  /** Sign-in attempts and every stored IP address (COMPTOIR_RETENTION_IP_DAYS). */
  ipDays: number;
  /** Carts nothing was added to for this long (COMPTOIR_RETENTION_CART_DAYS). */
  cartDays: number;
};

export type Purged = {
  signInAttempts: number;
  rateLimits: number;
  sessions: number;
  oauthTokens: number;
  oauthCodes: number;
  cartItems: number;
};

/** Deletes everything past its retention at `now`; returns how many rows of each kind went. */
export async function purgeExpired(db: Db, settings: RetentionSettings, now: Date): Promise<Purged> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const at = now.toISOString();
  const count = async (statement: ReturnType<typeof sql>) => (await queryRows(db, statement)).length;
  return {
    signInAttempts: await count(
      sql`delete from sign_in_attempts where at < ${daysAgo(settings.ipDays)}::timestamptz returning 1`,
    ),
    // Rate-limit buckets are keyed by address (login:ip:…, amb-visit:…): housekeeping drops them
    // after a day already; this is the guarantee whatever that interval becomes.
    rateLimits: await count(
      sql`delete from rate_limits where window_start < ${daysAgo(settings.ipDays)}::timestamptz returning 1`,
    ),
    sessions: await count(sql`delete from sessions where expires_at < ${at}::timestamptz returning 1`),
    oauthTokens: await count(
      sql`delete from oauth_tokens where revoked_at < ${daysAgo(REVOKED_TOKEN_DAYS)}::timestamptz returning 1`,
    ),
    oauthCodes: await count(sql`delete from oauth_codes where expires_at < ${at}::timestamptz returning 1`),
    // A cart is abandoned when nothing was added to it for the period: all its lines go together.
    cartItems: await count(
      sql`delete from cart_items where account_id in (
            select account_id from cart_items group by account_id
            having max(created_at) < ${daysAgo(settings.cartDays)}::timestamptz)
          returning 1`,
    ),
  };
}

export async function scheduleRetention(db: Db, counting: 'any' | 'future' = 'any', at?: Date): Promise<void> {
  await keepScheduled(db, JOB, at ?? new Date(Date.now() + RETENTION_EVERY_MS), counting);
}

/** The job: purge, then the next run in an hour. */
export async function runRetention(ctx: {
  db: Db;
  clock: Clock;
  config: { retention: RetentionSettings };
}): Promise<Purged> {
  const purged = await purgeExpired(ctx.db, ctx.config.retention, ctx.clock.now());
  await scheduleRetention(ctx.db, 'future');
  return purged;
}
