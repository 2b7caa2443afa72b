import { Temporal } from '@js-temporal/polyfill';
import { Endpoints, Image, Organization, Person, PropertyValue } from '@fedify/vocab';
import { and, isNull, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { accounts } from '../../db/schema';
import { mediaUrl, noteHtml, type Account } from '../accounts';
import type { FedContext } from './context';
import { withExtension } from './extension';
import { aliasesOf } from './aliases';

/** A local account by its actor identifier (its username); remote accounts are never ours to dispatch. */
export async function localAccount(ctx: FedContext, identifier: string): Promise<Account | null> {
  const [row] = await ctx.data.db
    .select()
    .from(accounts)
    .where(
      and(
        sql`lower(${accounts.username}) = lower(${identifier})`,
        isNull(accounts.domain),
        isNull(accounts.suspendedAt),
      ),
    );
  return row ?? null;
}

/**
 * A person as `Person`, a brand as `Organization` with its charter: colours and the shop's URL
 * in our namespace (Mastodon ignores them and shows the rest).
 */
export async function actorOf(ctx: FedContext, account: Account): Promise<Person | Organization> {
  const identifier = account.username;
  const keys = await ctx.getActorKeyPairs(identifier);
  const base = ctx.data.config.publicUrl;
  const profile = `${base}/@${account.username}`;
  const fields = [
    ...account.fields.map((f) => new PropertyValue({ name: f.name, value: f.value })),
    ...(account.website ? [new PropertyValue({ name: 'Website', value: websiteHtml(account.website) })] : []),
  ];
  const values = {
    id: ctx.getActorUri(identifier),
    preferredUsername: account.username,
    name: account.displayName || account.username,
    summary: noteHtml(account.note),
    url: new URL(profile),
    published: Temporal.Instant.from(account.createdAt.toISOString()),
    manuallyApprovesFollowers: account.locked,
    discoverable: account.discoverable,
    indexable: account.indexable,
    inbox: ctx.getInboxUri(identifier),
    outbox: ctx.getOutboxUri(identifier),
    followers: ctx.getFollowersUri(identifier),
    following: ctx.getFollowingUri(identifier),
    featured: ctx.getFeaturedUri(identifier),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey,
    assertionMethods: keys.map((k) => k.multikey),
    icon: account.avatarPath ? new Image({ url: new URL(mediaUrl(ctx.data.config, account.avatarPath)) }) : null,
    image: account.headerPath ? new Image({ url: new URL(mediaUrl(ctx.data.config, account.headerPath)) }) : null,
    attachments: fields,
    // Account migration: its other accounts (alsoKnownAs) and, once moved, where it went (movedTo).
    aliases: (await aliasesOf(ctx.data, account.id)).map((uri) => new URL(uri)),
    successor: account.movedToId ? await movedTo(ctx, account.movedToId) : null,
  };
  if (account.kind !== 'brand') return new Person(values);
  const organization = new Organization(values);
  return withExtension(organization, Organization, {
    brand: {
      primaryColor: account.primaryColor,
      accentColor: account.accentColor,
      shop: `${base}/@${account.username}/shop`,
    },
  });
}

function websiteHtml(url: string): string {
  const safe = url.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<a href="${safe}" rel="me nofollow noopener noreferrer" target="_blank">${safe}</a>`;
}

/** The actor id of the account one moved to: a remote one's own, ours at our actor path. */
async function movedTo(ctx: FedContext, accountId: string): Promise<URL | null> {
  const [row] = await queryRows<{ username: string; domain: string | null; uri: string | null }>(
    ctx.data.db,
    sql`select a.username, a.domain, r.uri from accounts a left join remote_actors r on r.account_id = a.id
        where a.id = ${accountId}`,
  );
  if (!row) return null;
  return row.uri ? new URL(row.uri) : row.domain ? null : ctx.getActorUri(row.username);
}
