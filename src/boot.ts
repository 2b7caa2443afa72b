import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Config } from './config';
import type { AppContext } from './context';
import { queryRows, type Database } from './db/client';
import { createEventBus } from './lib/events';
import { newToken } from './lib/crypto';
import { registerShoppablePosts } from './links/shoppable-posts';
import { registerModeratedPosts } from './links/moderated-posts';
import { registerReportSubject } from './modules/moderation';
import { registerProductReviews } from './links/product-reviews';
import { registerWatchMatching } from './links/listening-watches';
import { scheduleHourly, scheduleReviewScan } from './modules/listening';
import { oauth } from './modules/accounts';
import { createFinalizer, createPaymentProviders, createReserver } from './modules/commerce';

/** Builds the running context on an opened, migrated database. */
export async function createAppContext(config: Config, database: Database): Promise<AppContext> {
  const events = await createEventBus(database);
  const secret = config.secret ?? (await instanceSecret(database));
  // PGlite is one connection: one batch at a time. A server takes a few in parallel.
  const lanes = database.kind === 'pglite' ? 1 : 4;
  // Links between modules (social ↔ commerce): products on posts, reply-to-buy. Idempotent.
  registerShoppablePosts();
  // Moderation: triage and hiding of posts in a brand's space, held staff posts, reports.
  registerModeratedPosts();
  registerReportSubject();
  // Reviews on product pages, cards and order pages; their moderation decisions; invitations after delivery.
  registerProductReviews();
  // Listening: every public post is matched against the brands' watches; crisis checks and digests hourly.
  registerWatchMatching();
  await scheduleHourly(database.db);
  await scheduleReviewScan(database.db);
  return {
    config,
    database,
    db: database.db,
    events,
    media: { root: path.join(config.dataDir, 'media') },
    secret,
    payments: createPaymentProviders(config),
    reserver: createReserver(database.db, lanes),
    // One lane each for payments: a batch of ~50 paid orders per commit instead of four of ~12.
    finalizer: createFinalizer(database.db, 1),
    // One lane: a wave of requests waits at most one statement, and each statement serves more of them.
    tokens: oauth.createTokenResolver(database.db, 1),
  };
}

/** A random secret made once per instance and kept in the database, shared by every app node. */
async function instanceSecret(database: Database): Promise<string> {
  await queryRows(database.db, sql`insert into settings (key, value) values ('secret', ${newToken(32)}) on conflict (key) do nothing`);
  const [row] = await queryRows<{ value: string }>(database.db, sql`select value from settings where key = 'secret'`);
  return row.value;
}
