/**
 * A remote profile viewed here: its account is refreshed when older than a day, and its recent
 * posts (the first page of its outbox, at most 20 items) are fetched once a day, so its page is
 * not empty the first time someone opens it. Posts are stored through the registered importer
 * (resolve.ts); everything is bounded in time.
 */
import { Article, Collection, Create, Note, type Object as APObject, Question } from '@fedify/vocab';
import { Temporal } from '@js-temporal/polyfill';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import type { FedContext } from './context';
import { federationContext } from './federation';
import { databaseKvStore } from './kv';
import { domainOf, isFresh } from './remote';
import { importRemoteObject, LOOKUP_TIMEOUT_MS, resolveHandle } from './resolve';

/** Items read from a remote outbox's first page. */
export const BACKFILL_ITEMS = 20;

const backfillKey = (accountId: string) => ['comptoir', 'backfilled', accountId] as const;

const inTime = <T>(work: Promise<T>, fallback: T): Promise<T> =>
  Promise.race([
    work.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), LOOKUP_TIMEOUT_MS).unref()),
  ]);

/** The posts of a Create in the actor's outbox, when the post is the actor's own (same server). */
async function postOf(ctx: FedContext, item: APObject, host: string): Promise<APObject | null> {
  if (!(item instanceof Create)) return null;
  const loaders = { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, suppressError: true };
  const object = await item.getObject(loaders);
  if (!(object instanceof Note || object instanceof Question || object instanceof Article)) return null;
  return object.id && domainOf(object.id) === host ? object : null;
}

/** Reads the first page of a remote outbox and stores its posts; answers how many were stored. */
export async function backfillOutbox(app: AppContext, accountId: string): Promise<number> {
  const [actor] = await queryRows<{ outbox: string | null; uri: string }>(
    app.db,
    sql`select outbox_url as outbox, uri from remote_actors where account_id = ${accountId}`,
  );
  if (!actor?.outbox) return 0;
  const ctx = federationContext(app);
  const host = domainOf(actor.uri);
  if (domainOf(actor.outbox) !== host) return 0;
  const loaders = { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, suppressError: true };
  const outbox = await ctx
    .lookupObject(actor.outbox, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) })
    .catch(() => null);
  if (!(outbox instanceof Collection)) return 0;
  // Mastodon pages its outbox: the items are on the first page, not the collection.
  const page = outbox.itemIds.length ? outbox : await outbox.getFirst(loaders);
  if (!page) return 0;
  let stored = 0;
  let read = 0;
  for await (const item of page.getItems(loaders)) {
    if (read++ >= BACKFILL_ITEMS) break;
    const post = await postOf(ctx, item as APObject, host).catch(() => null);
    if (post && (await importRemoteObject(ctx, post))) stored++;
  }
  return stored;
}

/**
 * A remote account's page is being shown: refresh it when stale, and fetch its recent posts once
 * a day. Never throws and never waits longer than the lookup timeout for each step.
 */
export async function remoteAccountViewed(app: AppContext, accountId: string): Promise<void> {
  const [row] = await queryRows<{ uri: string; fetchedAt: Date | string }>(
    app.db,
    sql`select uri, fetched_at as "fetchedAt" from remote_actors where account_id = ${accountId}`,
  );
  if (!row) return;
  if (!isFresh(app.clock.now(), row.fetchedAt)) await inTime(resolveHandle(app, row.uri), null);
  const kv = databaseKvStore(app.db);
  // One backfill per account and day, whichever app node or request gets there first.
  const claimed = await kv.cas!(backfillKey(accountId), undefined, true, {
    ttl: Temporal.Duration.from({ hours: 24 }),
  }).catch(() => false);
  if (claimed) await inTime(backfillOutbox(app, accountId), 0);
}
