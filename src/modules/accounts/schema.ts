import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const accountKinds = ['person', 'brand'] as const;
export type AccountKind = (typeof accountKinds)[number];
export const brandRoles = ['owner', 'admin', 'community_manager', 'moderator', 'staff'] as const;
export type BrandRole = (typeof brandRoles)[number];

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** A profile field (Mastodon's "profile metadata"): a label and a value, both plain text. */
export type ProfileField = { name: string; value: string };

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<AccountKind>().notNull(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull().default(''),
    note: text('note').notNull().default(''),
    location: text('location').notNull().default(''),
    website: text('website').notNull().default(''),
    avatarPath: text('avatar_path'),
    headerPath: text('header_path'),
    /** Brand charter colours, `#rrggbb`. */
    primaryColor: text('primary_color'),
    accentColor: text('accent_color'),
    locale: text('locale'),
    locked: boolean('locked').notNull().default(false),
    /** Up to four label/value pairs shown on the profile. */
    fields: jsonb('fields').$type<ProfileField[]>().notNull().default([]),
    /** The account says it is automated (Mastodon's `bot`). */
    bot: boolean('bot').notNull().default(false),
    /** May be featured in directories and suggestions (Mastodon's `discoverable`). */
    discoverable: boolean('discoverable').notNull().default(true),
    /** Its public posts may be found by full-text search (Mastodon's `indexable`). */
    indexable: boolean('indexable').notNull().default(true),
    postsCount: integer('posts_count').notNull().default(0),
    followersCount: integer('followers_count').notNull().default(0),
    followingCount: integer('following_count').notNull().default(0),
    lastPostAt: timestamp('last_post_at', { withTimezone: true }),
    /** Notifications with an id at or below this one have been read. */
    notificationsReadId: uuid('notifications_read_id'),
    /** Set by a platform moderator: the account cannot sign in and its posts are shown to nobody. */
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    suspensionReason: text('suspension_reason'),
    /**
     * The person closed their account (GDPR art. 17): a tombstone kept because their orders stay
     * with the brands (orders.buyer_id); suspended_at is set too, so every "suspended" rule hides it.
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /**
     * The server of a remote (federated) account, lower-cased `host[:port]`; null for our own. A
     * remote account's username is its whole handle, `name@host`, so it never collides with ours.
     */
    domain: text('domain'),
    /** A remote account's ActivityPub id (Mastodon's Account `uri`); null for ours. */
    uri: text('uri'),
    /** A remote account's profile page on its own server (Mastodon's Account `url`); null for ours. */
    url: text('url'),
    /** The account it moved to (ActivityPub Move): its profile says so and its followers follow the new one. */
    movedToId: uuid('moved_to_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('accounts_username_key').on(sql`lower(${t.username})`),
    index('accounts_domain_idx').on(t.domain).where(sql`${t.domain} is not null`),
  ],
);

/** Login credentials; brands have none: people act for them through their team membership. */
export const credentials = pgTable(
  'credentials',
  {
    accountId: uuid('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('credentials_email_key').on(sql`lower(${t.email})`)],
);

/** Web sessions; only the SHA-256 of the opaque token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The brand this person currently acts for on the web, if any. */
    actingForId: uuid('acting_for_id').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

export const brandMembers = pgTable(
  'brand_members',
  {
    brandId: uuid('brand_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role').$type<BrandRole>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.brandId, t.accountId] }), index('brand_members_account_idx').on(t.accountId)],
);

export const oauthApps = pgTable('oauth_apps', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  website: text('website'),
  redirectUris: text('redirect_uris').array().notNull(),
  scopes: text('scopes').notNull(),
  clientId: text('client_id').notNull().unique(),
  clientSecret: text('client_secret').notNull(),
  createdAt: createdAt(),
});

/**
 * OAuth bearer tokens (hashed). account_id is null for client_credentials (app) tokens. A user
 * token issued to an app also carries a refresh token (hashed); refreshing revokes this row and
 * writes its successor in the same family, so a refresh token that comes back after use reveals
 * a copy and the whole family is revoked.
 */
export const oauthTokens = pgTable(
  'oauth_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    appId: uuid('app_id').references(() => oauthApps.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    scopes: text('scopes').notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    refreshTokenHash: text('refresh_token_hash').unique(),
    /** The grant this token descends from through refreshes (its own id for a first token). */
    familyId: uuid('family_id'),
    /** When its refresh token was exchanged for a successor. */
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
  },
  (t) => [index('oauth_tokens_account_idx').on(t.accountId), index('oauth_tokens_family_idx').on(t.familyId)],
);

export const oauthCodes = pgTable('oauth_codes', {
  codeHash: text('code_hash').primaryKey(),
  appId: uuid('app_id')
    .notNull()
    .references(() => oauthApps.id, { onDelete: 'cascade' }),
  accountId: uuid('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  redirectUri: text('redirect_uri').notNull(),
  scopes: text('scopes').notNull(),
  codeChallenge: text('code_challenge'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});
