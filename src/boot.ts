import { sql } from 'drizzle-orm';
import type { Config } from './config';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from './cli/demo-world-logins';
import type { AppContext } from './context';
import { queryRows, type Database } from './db/client';
import { replicaFor } from './db/replica';
import { systemClock } from './lib/clock';
import { createEventBus } from './lib/events';
import { listenForReplies } from './lib/idempotency';
import { createLog } from './lib/log';
import { mailerFor } from './lib/mailer';
import { newToken } from './lib/crypto';
import { registerLinks } from './links/extensions';
import { scheduleHourly, scheduleReviewScan, scheduleSourcesTick } from './modules/listening';
import { oauth } from './modules/accounts';
import { mediaStoreFor } from './modules/media';
import { createFinalizer, createPaymentProviders, createReserver } from './modules/commerce';
import { scheduleWithdrawalChecks } from './modules/commerce';
import { scheduleMayorSweep } from './modules/places';
import { scheduleLadderCollector, scheduleReachPurge, scheduleSentimentScan } from './modules/analytics';
import { scheduleExportPurge, scheduleRetention } from './modules/privacy';

/** What the caller may provide instead of the defaults (tests: a clock they move, a quiet log). */
export type ContextParts = Partial<Pick<AppContext, 'clock' | 'log' | 'mailer'>>;

/** Builds the running context on an opened, migrated database. */
export async function createAppContext(
  config: Config,
  database: Database,
  parts: ContextParts = {},
): Promise<AppContext> {
  const events = await createEventBus(database);
  // Duplicates of a request in flight (same Idempotency-Key) are woken by its reply, not polling.
  await listenForReplies(database);
  const secret = config.secret ?? (await instanceSecret(database));
  // PGlite is one connection: one batch at a time. A server takes a few in parallel.
  const lanes = database.kind === 'pglite' ? 1 : 4;
  const clock = parts.clock ?? systemClock;
  // Links between modules (src/links/): products on posts, moderation of posts, reviews, watches. Idempotent.
  const extensions = registerLinks({ clock, publicUrl: config.publicUrl, federation: config.federation });
  // Listening: crisis checks and digests hourly, reviews matched against the watches.
  await scheduleHourly(database.db);
  await scheduleReviewScan(database.db);
  // Listening: outside sources due for a fetch queued every few seconds.
  await scheduleSourcesTick(database.db);
  // Places: mayors whose check-ins left the 60-day window.
  await scheduleMayorSweep(database.db);
  // Commerce: withdrawals' refund reminders and lateness (hourly).
  await scheduleWithdrawalChecks(database.db);
  // Analytics: the interaction collector behind the engagement ladder and the brand metrics.
  await scheduleLadderCollector(database.db);
  // Analytics: listening's matches into the brands' daily sentiment (Return on Involvement).
  await scheduleSentimentScan(database.db);
  // Analytics: the funnel's day of reach de-duplication forgotten after the day (hourly check).
  await scheduleReachPurge(database.db);
  // Privacy: data archives past their 7 days deleted (hourly check).
  await scheduleExportPurge(database);
  // Privacy: sign-in attempts, addresses, expired sessions and tokens, abandoned carts purged (hourly).
  await scheduleRetention(database.db);
  const log = parts.log ?? createLog(config.logLevel);
  const replica = await replicaFor(config, database, log);
  return {
    config,
    database,
    db: database.db,
    reads: replica?.reads ?? database.db,
    replica,
    events,
    clock,
    extensions,
    log,
    mailer: parts.mailer ?? mailerFor(config),
    media: mediaStoreFor(config),
    secret,
    payments: createPaymentProviders(config),
    reserver: createReserver(database.db, lanes, clock),
    // One lane each for payments: a batch of ~50 paid orders per commit instead of four of ~12.
    finalizer: createFinalizer(database.db, 1),
    // One lane: a wave of requests waits at most one statement, and each statement serves more of them.
    tokens: oauth.createTokenResolver(database.db, 1),
  };
}

/** A random secret made once per instance and kept in the database, shared by every app node. */
async function instanceSecret(database: Database): Promise<string> {
  await queryRows(
    database.db,
    sql`insert into settings (key, value) values ('secret', ${newToken(32)}) on conflict (key) do nothing`,
  );
  const [row] = await queryRows<{ value: string }>(database.db, sql`select value from settings where key = 'secret'`);
  return row.value;
}

/**
 * On a later start of a database the demo world was built in: a reminder of how to log in (the
 * full table was printed at first start and is in the README). Nothing when there is no demo login.
 */
export async function demoLoginsHint(ctx: Pick<AppContext, 'db'>): Promise<string[]> {
  const rows = await queryRows<{ email: string }>(
    ctx.db,
    sql`select email from credentials where email in ${DEMO_HINT_LOGINS.map((u) => `${u}@${DEMO_EMAIL_DOMAIN}`)}
        order by email`,
  );
  if (!rows.length) return [];
  return [
    `Demo logins (password ${DEMO_PASSWORD}): ${rows.map((r) => r.email).join(', ')}; all of them in the README.`,
  ];
}

/** A shopper, a brand owner and the platform moderator: one of each role, to start. */
const DEMO_HINT_LOGINS = ['chloe', 'marie', 'claire'];
