import type { Config } from './config';
import type { Database, Db } from './db/client';
import type { EventBus } from './lib/events';
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
  events: EventBus;
  media: MediaStore;
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
