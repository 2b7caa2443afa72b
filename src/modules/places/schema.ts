// The places module's tables: places (a brand's shops and places people suggest), check-ins,
// tips, specials and what they unlock, badges and mayors. SQL in src/db/migrations (drizzle-kit).
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
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
import type { Flag } from '../analysis';
import { accounts } from '../accounts/schema';
import { statuses } from '../social/schema';

const account = (name: string) =>
  uuid(name)
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' });
const at = (name: string) => timestamp(name, { withTimezone: true });

/** `active` shows everywhere; `suggested` is a person's suggestion awaiting review; `hidden` is removed. */
export const placeStatuses = ['active', 'suggested', 'hidden'] as const;
export type PlaceStatus = (typeof placeStatuses)[number];

/** Opening hours: per ISO weekday (1 = Monday .. 7 = Sunday), a list of "HH:MM-HH:MM" ranges. */
export type OpeningHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', string[]>>;

/**
 * A place on the map. `brand_id` is the brand's account when the place is one of its shops (a
 * brand's team edits it; its page links to the shop); null for a place a person suggested (a café,
 * a market), shown without a shop. `starts_at`/`ends_at` bound a pop-up store's life.
 * `checkins_count` counts counted check-ins; `mayor_id` is the current mayor (see mayor rules).
 */
export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey(),
    brandId: uuid('brand_id').references(() => accounts.id, { onDelete: 'cascade' }),
    suggestedBy: uuid('suggested_by').references(() => accounts.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    address: text('address').notNull(),
    postcode: text('postcode'),
    city: text('city'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    radiusM: integer('radius_m').notNull().default(150),
    category: text('category').notNull().default('shop'),
    openingHours: jsonb('opening_hours').$type<OpeningHours>(),
    /** A stored image (media/images.ts paths) or null. */
    photoPath: text('photo_path'),
    photoPreviewPath: text('photo_preview_path'),
    photoAlt: text('photo_alt'),
    startsAt: at('starts_at'),
    endsAt: at('ends_at'),
    status: text('status').$type<PlaceStatus>().notNull().default('active'),
    checkinsCount: integer('checkins_count').notNull().default(0),
    mayorId: uuid('mayor_id').references(() => accounts.id, { onDelete: 'set null' }),
    mayorSince: at('mayor_since'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('places_brand_idx').on(t.brandId),
    // Nearby: a bounding box on latitude then longitude narrows to a few cells before the exact
    // great-circle distance is computed.
    index('places_lat_lon_idx').on(t.lat, t.lon).where(sql`status = 'active'`),
  ],
);

export const checkinVisibilities = ['public', 'private'] as const;
export type CheckinVisibility = (typeof checkinVisibilities)[number];
export const notCountedReasons = ['already_today', 'implausible_travel'] as const;
export type NotCountedReason = (typeof notCountedReasons)[number];

/**
 * One check-in. Every attempt within reach is recorded; `counted` says whether it counts (for the
 * place's count, badges, the mayor and specials). `local_day` is the day in Europe/Paris: at most
 * one counted check-in per person, place and day (the partial unique index holds it under
 * concurrency). `status_id` is the post it was shared as, if public.
 */
export const checkins = pgTable(
  'checkins',
  {
    id: uuid('id').primaryKey(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    accuracyM: integer('accuracy_m'),
    visibility: text('visibility').$type<CheckinVisibility>().notNull().default('public'),
    comment: text('comment'),
    counted: boolean('counted').notNull(),
    reason: text('reason').$type<NotCountedReason>(),
    flagged: boolean('flagged').notNull().default(false),
    localDay: date('local_day', { mode: 'string' }).notNull(),
    statusId: uuid('status_id').references(() => statuses.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('checkins_counted_per_day_key').on(t.placeId, t.accountId, t.localDay).where(sql`counted`),
    index('checkins_account_recent_idx').on(t.accountId, t.createdAt.desc()),
    index('checkins_place_recent_idx').on(t.placeId, t.createdAt.desc()),
  ],
);

export const tipStatuses = ['pending', 'published', 'rejected', 'withdrawn'] as const;
export type TipStatus = (typeof tipStatuses)[number];

/** Short public advice about a place, triaged and moderated like reviews. */
export const placeTips = pgTable(
  'place_tips',
  {
    id: uuid('id').primaryKey(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    authorId: account('author_id'),
    text: text('text').notNull(),
    language: text('language'),
    status: text('status').$type<TipStatus>().notNull(),
    flags: jsonb('flags').$type<Flag[]>().notNull().default([]),
    likesCount: integer('likes_count').notNull().default(0),
    publishedAt: at('published_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('place_tips_place_liked_idx')
      .on(t.placeId, t.likesCount.desc(), t.publishedAt.desc())
      .where(sql`status = 'published'`),
    index('place_tips_author_idx').on(t.authorId),
  ],
);

export const placeTipLikes = pgTable(
  'place_tip_likes',
  {
    tipId: uuid('tip_id')
      .notNull()
      .references(() => placeTips.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tipId, t.accountId] })],
);

/** Foursquare's seven kinds of check-in special. */
export const specialKinds = ['newbie', 'check_in', 'loyalty', 'flash', 'swarm', 'friends', 'mayor'] as const;
export type SpecialKind = (typeof specialKinds)[number];

/**
 * An offer a brand attaches to one of its places. `every_n` (loyalty), `first_n` (flash, per day),
 * `min_people` + `window_minutes` (swarm, friends) parametrise the kinds that need them.
 */
export const placeSpecials = pgTable(
  'place_specials',
  {
    id: uuid('id').primaryKey(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SpecialKind>().notNull(),
    title: text('title').notNull(),
    description: text('description'),
    everyN: integer('every_n'),
    firstN: integer('first_n'),
    minPeople: integer('min_people'),
    windowMinutes: integer('window_minutes'),
    startsAt: at('starts_at'),
    endsAt: at('ends_at'),
    active: boolean('active').notNull().default(true),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('place_specials_place_idx').on(t.placeId)],
);

/**
 * A special unlocked by a counted check-in: a one-time code the shop's staff redeems at the
 * counter (`redeemed_at` set once). `local_day` lets flash specials count "the first N today".
 */
export const specialUnlocks = pgTable(
  'special_unlocks',
  {
    id: uuid('id').primaryKey(),
    specialId: uuid('special_id')
      .notNull()
      .references(() => placeSpecials.id, { onDelete: 'cascade' }),
    accountId: account('account_id'),
    checkinId: uuid('checkin_id').references(() => checkins.id, { onDelete: 'set null' }),
    code: text('code').notNull(),
    localDay: date('local_day', { mode: 'string' }).notNull(),
    unlockedAt: at('unlocked_at').notNull().defaultNow(),
    redeemedAt: at('redeemed_at'),
    redeemedBy: uuid('redeemed_by').references(() => accounts.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('special_unlocks_code_key').on(t.code),
    index('special_unlocks_special_day_idx').on(t.specialId, t.localDay),
    index('special_unlocks_account_idx').on(t.accountId, t.unlockedAt.desc()),
  ],
);

/** A badge a person earned (codes and rules in badges.ts); one row per person and badge. */
export const accountBadges = pgTable(
  'account_badges',
  {
    accountId: account('account_id'),
    code: text('code').notNull(),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'set null' }),
    earnedAt: at('earned_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.code] })],
);
