import type { Config } from './config';
import type { Database, Db } from './db/client';
import type { Replica } from './db/replica';
import type { AppExtensions } from './links/extensions';
import type { Clock } from './lib/clock';
import type { EventBus } from './lib/events';
import type { Log } from './lib/log';
import type { Mailer } from './lib/mailer';
import type { MediaStore } from './modules/media';
import type { oauth } from './modules/accounts';
import type { Finalizer, PaymentProviders, Reserver } from './modules/commerce';

/**
 * Everything the running app holds, built once in main.ts (or by the test harness).
 * Services take the narrower `Context` types they declare; this is only the bag they are cut from.
 */
export type AppContext = {
  config: Config;
  database: Database;
  db: Db;
  /** Reads that may be a few seconds old: the replica when one is set and healthy, else `db` (db/replica.ts). */
  reads: Db;
  /** The read replica's state for operators (null without DATABASE_REPLICA_URL). */
  replica: Replica | null;
  events: EventBus;
  /** The time services read for their rules; tests move it (test/support/app.ts). */
  clock: Clock;
  log: Log;
  /** Outgoing e-mail: SMTP, or `.eml` files in the outbox folder. */
  mailer: Mailer;
  media: MediaStore;
  /** The modules' extension points and what src/links/ registered on them, typed. */
  extensions: AppExtensions;
  /** Secret for CSRF tokens and signed ids, generated once per instance. */
  secret: string;
  /** Payment providers by name (`test` always; `stripe` when configured). */
  payments: PaymentProviders;
  /** Group commit of checkouts: stock reservations, then payment confirmations. */
  reserver: Reserver;
  finalizer: Finalizer;
  /** Bearer tokens of concurrent API requests, resolved together. */
  tokens: oauth.TokenResolver;
};

/**
 * The context of a read that may be a few seconds old (timelines, search, feeds, dashboards): its
 * `db` is `reads`, the replica while one is set and healthy. The same context without a replica.
 */
export function forReads<T extends { db: Db; reads: Db }>(ctx: T): T {
  return ctx.reads === ctx.db ? ctx : { ...ctx, db: ctx.reads };
}
