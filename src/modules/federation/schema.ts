import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/schema';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const account = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });

/**
 * Fedify's key–value store (kv.ts): remote documents and keys it caches, inbox idempotence.
 * The key is Fedify's key array joined by a separator no key part contains.
 */
export const federationKv = pgTable(
  'federation_kv',
  {
    key: text('key').primaryKey(),
    value: jsonb('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [index('federation_kv_expires_idx').on(t.expiresAt).where(sql`${t.expiresAt} is not null`)],
);

export const keyTypes = ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const;
export type KeyType = (typeof keyTypes)[number];

/** Our accounts' signing keys (JWK), made the first time the account is asked for. */
export const federationKeys = pgTable(
  'federation_keys',
  {
    accountId: account('account_id'),
    type: text('type').$type<KeyType>().notNull(),
    privateKey: jsonb('private_key').notNull(),
    publicKey: jsonb('public_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.type] })],
);

/**
 * What we know of a remote actor beyond its `accounts` row (whose `domain` is set): where to
 * deliver to it and where its collections are. Refreshed when it sends an Update or is resolved.
 */
export const remoteActors = pgTable(
  'remote_actors',
  {
    accountId: uuid('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Its ActivityPub id. */
    uri: text('uri').notNull().unique(),
    /** Person, Organization, Service, Group, Application. */
    actorType: text('actor_type').notNull(),
    inboxUrl: text('inbox_url').notNull(),
    sharedInboxUrl: text('shared_inbox_url'),
    outboxUrl: text('outbox_url'),
    followersUrl: text('followers_url'),
    followingUrl: text('following_url'),
    featuredUrl: text('featured_url'),
    /** Its profile page on its own server. */
    url: text('url'),
    avatarUrl: text('avatar_url'),
    headerUrl: text('header_url'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('remote_actors_shared_inbox_idx').on(t.sharedInboxUrl)],
);

export const domainBlockSeverities = ['silence', 'suspend'] as const;
export type DomainBlockSeverity = (typeof domainBlockSeverities)[number];

/**
 * A platform moderator's block of a whole server: `suspend` drops everything it sends and
 * delivers nothing to it; `silence` keeps its posts out of public timelines and search.
 */
export const domainBlocks = pgTable('domain_blocks', {
  domain: text('domain').primaryKey(),
  severity: text('severity').$type<DomainBlockSeverity>().notNull(),
  reason: text('reason').notNull().default(''),
  createdById: uuid('created_by_id').references(() => accounts.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/** A person's own block of a server (Mastodon's /api/v1/domain_blocks): its accounts are hidden from them. */
export const accountDomainBlocks = pgTable(
  'account_domain_blocks',
  { accountId: account('account_id'), domain: text('domain').notNull(), createdAt: createdAt() },
  (t) => [primaryKey({ columns: [t.accountId, t.domain] })],
);

/**
 * The Follow activities between our accounts and remote ones, by pair: the id we sent (to Undo
 * it) or the one we received (to Accept or Reject it).
 */
export const federationFollows = pgTable(
  'federation_follows',
  {
    followerId: account('follower_id'),
    followeeId: account('followee_id'),
    activityUri: text('activity_uri').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.followerId, t.followeeId] })],
);

/**
 * Other accounts (on other servers) a local account says are also its own (`alsoKnownAs`): a
 * move from there to here is accepted by those servers only when the new account lists the old.
 */
export const accountAliases = pgTable(
  'account_aliases',
  { accountId: account('account_id'), uri: text('uri').notNull(), createdAt: createdAt() },
  (t) => [primaryKey({ columns: [t.accountId, t.uri] })],
);
