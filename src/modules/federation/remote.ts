import { type Actor, getActorHandle, Image, isActor, Link } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import type { FedContext } from './context';
import { sanitizeHtml, toPlainText } from './sanitize';

/** A remote account as stored: its `accounts` id and handle (`name@host`). */
export type RemoteAccount = { id: string; username: string; domain: string };

/** A stored remote actor older than this is fetched again when it is needed (discovery, inbound). */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Whether a stored remote actor, fetched at `fetchedAt`, is recent enough to use as it is. */
export const isFresh = (now: Date, fetchedAt: Date | string) =>
  now.getTime() - new Date(fetchedAt).getTime() < STALE_AFTER_MS;

/** `host[:port]` of a URL, lower-cased: the domain of remote accounts and of domain blocks. */
export const domainOf = (url: URL | string) => new URL(url).host.toLowerCase();

/**
 * Creates or refreshes the local record of a remote actor: an `accounts` row whose username is
 * its whole handle and whose `domain` is its server, and its `remote_actors` row (inboxes,
 * collections). Text is sanitised here, once, so nothing remote reaches a page unescaped.
 */
export async function persistActor(ctx: FedContext, actor: Actor, db: DbOrTx = ctx.data.db): Promise<RemoteAccount> {
  if (!actor.id || !isActor(actor)) throw new Error('Not an actor');
  const domain = domainOf(actor.id);
  if (domain === domainOf(ctx.data.config.publicUrl)) throw new Error('A remote actor cannot claim our domain');
  const name = String(actor.preferredUsername ?? '').trim();
  const handle = name ? `${name}@${domain}` : (await getActorHandle(actor)).replace(/^@/, '');
  const fields = [];
  for await (const a of actor.getAttachments()) {
    const pv = a as { name?: unknown; value?: unknown };
    if (typeof pv.name === 'string' && typeof pv.value === 'string' && fields.length < 8)
      fields.push({ name: toPlainText(pv.name).slice(0, 255), value: toPlainText(pv.value).slice(0, 2048) });
  }
  const page =
    actor.url instanceof URL ? actor.url.href : actor.url instanceof Link ? (actor.url.href?.href ?? null) : null;
  const values = {
    displayName: toPlainText(String(actor.name ?? '')).slice(0, 100),
    note: toPlainText(sanitizeHtml(String(actor.summary ?? ''))).slice(0, 5000),
    locked: Boolean(actor.manuallyApprovesFollowers),
    bot: actor.constructor.name === 'Service' || actor.constructor.name === 'Application',
    discoverable: actor.discoverable ?? true,
    indexable: actor.indexable ?? false,
  };
  const [account] = await queryRows<{ id: string; username: string }>(
    db,
    sql`insert into accounts (id, kind, username, display_name, note, locked, bot, discoverable, indexable, fields,
          domain, uri, url)
        values (${uuidv7()}, 'person', ${handle}, ${values.displayName}, ${values.note}, ${values.locked}, ${values.bot},
                ${values.discoverable}, ${values.indexable}, ${JSON.stringify(fields)}::jsonb, ${domain},
                ${actor.id.href}, ${page ?? actor.id.href})
        on conflict (lower(username)) do update set display_name = excluded.display_name, note = excluded.note,
          locked = excluded.locked, bot = excluded.bot, discoverable = excluded.discoverable,
          indexable = excluded.indexable, fields = excluded.fields, uri = excluded.uri, url = excluded.url,
          updated_at = now()
        where accounts.domain = excluded.domain
        returning id, username`,
  );
  if (!account) throw new Error('A local account has this handle');
  const image = async (get: () => Promise<unknown>) => {
    const value = await get().catch(() => null);
    const url = value instanceof Image ? value.url : null;
    return url instanceof Link ? (url.href?.href ?? null) : url instanceof URL ? url.href : null;
  };
  await queryRows(
    db,
    sql`insert into remote_actors (account_id, uri, actor_type, inbox_url, shared_inbox_url, outbox_url, followers_url,
          following_url, featured_url, url, avatar_url, header_url, fetched_at)
        values (${account.id}, ${actor.id.href}, ${actor.constructor.name}, ${actor.inboxId?.href ?? ''},
          ${actor.endpoints?.sharedInbox?.href ?? null}, ${actor.outboxId?.href ?? null}, ${actor.followersId?.href ?? null},
          ${actor.followingId?.href ?? null}, ${actor.featuredId?.href ?? null},
          ${page},
          ${await image(() => actor.getIcon())}, ${await image(() => actor.getImage())}, now())
        on conflict (account_id) do update set uri = excluded.uri, actor_type = excluded.actor_type,
          inbox_url = excluded.inbox_url, shared_inbox_url = excluded.shared_inbox_url, outbox_url = excluded.outbox_url,
          followers_url = excluded.followers_url, following_url = excluded.following_url,
          featured_url = excluded.featured_url, url = excluded.url, avatar_url = excluded.avatar_url,
          header_url = excluded.header_url, fetched_at = now()`,
  );
  return { id: account.id, username: account.username, domain };
}

/** The stored remote account with this ActivityPub id, if we know it. */
export async function remoteAccountByUri(db: DbOrTx, uri: string): Promise<RemoteAccount | null> {
  const [row] = await queryRows<RemoteAccount>(
    db,
    sql`select a.id, a.username, a.domain from remote_actors r join accounts a on a.id = r.account_id where r.uri = ${uri}`,
  );
  return row ?? null;
}
