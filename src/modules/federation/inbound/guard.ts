/**
 * Who is speaking and may they: the sender of an activity is the account of its (signed) actor,
 * never one of ours, never a suspended server's; objects are trusted only from their own origin.
 */
import type { InboxListener } from '@fedify/fedify';
import { type Activity, isActor } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import type { FederationData } from '../context';
import { domainOf, isFresh, persistActor, type RemoteAccount } from '../remote';
import { inboundOf, type Inbound } from './context';
import { isDomainSuspended } from '../moderation/domains';

/** A remote account as handlers use it: its stored row and its ActivityPub id. */
export type Sender = RemoteAccount & {
  uri: string;
  followersUrl: string | null;
  inboxUrl: string;
  sharedInbox: string | null;
};

// Whether a platform moderator suspended a server: moderation's rule, for the handlers here too.
export { isDomainSuspended };

export const sameOrigin = (a: URL | null | undefined, b: URL | null | undefined): boolean =>
  Boolean(a && b && a.origin === b.origin);

export const isOurs = (inb: Inbound, url: URL) => url.origin === new URL(inb.app.config.publicUrl).origin;

type StoredRow = RemoteAccount & {
  uri: string;
  fetched_at: Date | string;
  followers_url: string | null;
  inbox_url: string;
  shared_inbox_url: string | null;
  suspended_at: Date | string | null;
};

async function storedActor(db: DbOrTx, uri: string): Promise<StoredRow | null> {
  const [row] = await queryRows<StoredRow>(
    db,
    sql`select a.id, a.username, a.domain, a.suspended_at, r.uri, r.fetched_at, r.followers_url, r.inbox_url,
          r.shared_inbox_url
        from remote_actors r join accounts a on a.id = r.account_id where r.uri = ${uri}`,
  );
  return row ?? null;
}

const toSender = (r: StoredRow): Sender => ({
  id: r.id,
  username: r.username,
  domain: r.domain,
  uri: r.uri,
  followersUrl: r.followers_url,
  inboxUrl: r.inbox_url,
  sharedInbox: r.shared_inbox_url,
});

/**
 * The account of a remote actor by its id: the stored one while fresh, else fetched from its
 * server (the document must carry that very id) and stored. Null for our own origin, a
 * suspended server, an actor we cannot fetch, or an account deleted on its server.
 */
export async function remoteActor(inb: Inbound, id: URL | null, refresh = false): Promise<Sender | null> {
  if (!id || isOurs(inb, id)) return null;
  const db = inb.app.db;
  if (await isDomainSuspended(db, domainOf(id))) return null;
  const known = await storedActor(db, id.href);
  if (known?.suspended_at) return null;
  if (known && !refresh && isFresh(inb.app.clock.now(), known.fetched_at)) return toSender(known);
  const actor = await inb.lookup(id);
  if (!actor || !isActor(actor) || actor.id?.href !== id.href) return known ? toSender(known) : null;
  await persistActor(inb.fed, actor);
  const stored = await storedActor(db, id.href);
  return stored ? toSender(stored) : null;
}

/** The sender of an activity: its actor's account (Fedify checked that the signature's key is the actor's). */
export const senderOf = (inb: Inbound, activity: Activity) => remoteActor(inb, activity.actorId);

/** One of our (not suspended) accounts by its actor id or profile URL; null for anything else. */
export async function localAccountOf(inb: Inbound, url: URL | null): Promise<{ id: string; username: string } | null> {
  if (!url || !isOurs(inb, url)) return null;
  const match = /^\/(?:users\/([^/]+)|@([^/@]+))\/?$/.exec(url.pathname);
  const name = match ? decodeURIComponent(match[1] ?? match[2] ?? '') : null;
  if (!name) return null;
  const [row] = await queryRows<{ id: string; username: string }>(
    inb.app.db,
    sql`select id, username from accounts
        where lower(username) = ${name.toLowerCase()} and domain is null and suspended_at is null`,
  );
  return row ?? null;
}

/**
 * An inbox listener that never fails the delivery: what it cannot handle (malformed content,
 * a refused reference, an unreachable server) is logged and dropped, not retried nor answered 5xx.
 */
export function safely<T extends Activity>(
  name: string,
  handle: (inb: Inbound, activity: T) => Promise<void>,
): InboxListener<FederationData, T> {
  return async (ctx, activity) => {
    try {
      await handle(inboundOf(ctx), activity);
    } catch (error) {
      ctx.data.log.warn({ err: error, activity: activity.id?.href, kind: name }, 'inbound activity dropped');
    }
  };
}
