/**
 * Badges: one table of rules, each a test over a few counts read from SQL when something happens
 * (a counted check-in, a published tip). A badge is earned once per person (account_badges' key);
 * private check-ins count like public ones. docs/places.md lists the table.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { notFound } from '../../lib/errors';
import { categoryName } from './validation';

export type Locale = 'fr' | 'en';
type Words = Record<Locale, string>;

/** What the rules read: the person's counts after the event, and the place it happened at. */
export type BadgeFacts = {
  /** Counted check-ins, all places. */
  checkins: number;
  /** Distinct places with a counted check-in. */
  places: number;
  /** Consecutive Europe/Paris days, ending on this check-in's day, with a counted check-in at this place. */
  streakHere: number;
  /** Counted check-ins at the places of this place's brand (0 for a place without a brand). */
  brandCheckins: number;
  /** Tips published. */
  tips: number;
  /** This place's category, and the distinct places of that category with a counted check-in. */
  category: string | null;
  categoryPlaces: number;
};

export type BadgeRule = {
  /** A fixed code, or `explorer_` + the category for the explorer badges (one per category). */
  code: string;
  name: Words;
  description: Words;
  /** The code this rule gives for these facts, or null when not earned. */
  earned(f: BadgeFacts): string | null;
};

/** Distinct places of one category that make an explorer of it. */
export const EXPLORER_PLACES = 3;
/** Check-ins at one brand's places for its regular's badge. */
export const BRAND_REGULAR = 10;

const when = (code: string, test: (f: BadgeFacts) => boolean) => (f: BadgeFacts) => (test(f) ? code : null);

export const badgeRules: BadgeRule[] = [
  {
    code: 'first_checkin',
    name: { fr: 'Premier pas', en: 'First step' },
    description: { fr: 'Votre premier check-in.', en: 'Your first check-in.' },
    earned: when('first_checkin', (f) => f.checkins >= 1),
  },
  {
    code: 'places_5',
    name: { fr: 'Curieux', en: 'Curious' },
    description: { fr: 'Des check-ins dans 5 lieux différents.', en: 'Check-ins at 5 different places.' },
    earned: when('places_5', (f) => f.places >= 5),
  },
  {
    code: 'places_25',
    name: { fr: 'Globe-trotteur', en: 'Globetrotter' },
    description: { fr: 'Des check-ins dans 25 lieux différents.', en: 'Check-ins at 25 different places.' },
    earned: when('places_25', (f) => f.places >= 25),
  },
  {
    code: 'streak_3',
    name: { fr: 'Habitué', en: 'Regular' },
    description: {
      fr: 'Trois jours de suite au même endroit.',
      en: 'Three days in a row at the same place.',
    },
    earned: when('streak_3', (f) => f.streakHere >= 3),
  },
  {
    code: 'brand_10',
    name: { fr: 'Fidèle', en: 'Loyal' },
    description: {
      fr: `${BRAND_REGULAR} check-ins dans les lieux d’une même marque.`,
      en: `${BRAND_REGULAR} check-ins at one brand’s places.`,
    },
    earned: when('brand_10', (f) => f.brandCheckins >= BRAND_REGULAR),
  },
  {
    code: 'first_tip',
    name: { fr: 'Bon conseil', en: 'Good advice' },
    description: { fr: 'Votre premier conseil publié.', en: 'Your first published tip.' },
    earned: when('first_tip', (f) => f.tips >= 1),
  },
  {
    code: 'explorer_',
    name: { fr: 'Explorateur : {category}', en: 'Explorer: {category}' },
    description: {
      fr: `Des check-ins dans ${EXPLORER_PLACES} lieux de la catégorie « {category} ».`,
      en: `Check-ins at ${EXPLORER_PLACES} places of the category “{category}”.`,
    },
    earned: (f) => (f.category && f.categoryPlaces >= EXPLORER_PLACES ? `explorer_${f.category}` : null),
  },
];

/** The rule behind a code (explorer_<category> codes share one rule). */
export function badgeRule(code: string): BadgeRule | undefined {
  return badgeRules.find((r) => r.code === code) ?? (code.startsWith('explorer_') ? badgeRules.at(-1) : undefined);
}

/** A badge's name and description in a locale (an explorer's names its category in that locale). */
export function badgeWords(code: string, locale: Locale): { name: string; description: string } {
  const rule = badgeRule(code);
  if (!rule) return { name: code, description: '' };
  const category = categoryName(code.replace(/^explorer_/, ''), locale);
  const fill = (text: string) => text.replace('{category}', category);
  return { name: fill(rule.name[locale]), description: fill(rule.description[locale]) };
}

export const localeOf = (value: string | null | undefined): Locale => (value === 'en' ? 'en' : 'fr');

/** The counts for one person after a counted check-in at `placeId` on `localDay` (one statement). */
export async function checkinFacts(
  db: DbOrTx,
  accountId: string,
  placeId: string,
  localDay: string,
): Promise<BadgeFacts> {
  const [row] = await queryRows<{
    checkins: number;
    places: number;
    streak: number;
    brand_checkins: number;
    tips: number;
    category: string | null;
    category_places: number;
  }>(
    db,
    sql`with p as (select brand_id, category from places where id = ${placeId}),
             mine as (select c.place_id, c.local_day from checkins c where c.account_id = ${accountId} and c.counted)
        select (select count(*)::int from mine) as checkins,
               (select count(distinct place_id)::int from mine) as places,
               (select count(distinct local_day)::int from mine
                 where place_id = ${placeId} and local_day between ${localDay}::date - 2
                   and ${localDay}::date) as streak,
               (select count(*)::int from mine m join places q on q.id = m.place_id
                 where q.brand_id is not null and q.brand_id = (select brand_id from p)) as brand_checkins,
               (select count(*)::int from place_tips t where t.author_id = ${accountId}
                 and t.status = 'published') as tips,
               (select category from p) as category,
               (select count(distinct m.place_id)::int from mine m join places q on q.id = m.place_id
                 where q.category = (select category from p)) as category_places`,
  );
  return {
    checkins: row.checkins,
    places: row.places,
    // Three days within [day-2, day] at one place, one counted check-in per day: consecutive days.
    streakHere: row.streak,
    brandCheckins: row.brand_checkins,
    tips: row.tips,
    category: row.category,
    categoryPlaces: row.category_places,
  };
}

/** Tips need no place facts: only the tip count matters to their rule. */
export async function tipFacts(db: DbOrTx, accountId: string): Promise<BadgeFacts> {
  const [row] = await queryRows<{ tips: number }>(
    db,
    sql`select count(*)::int as tips from place_tips where author_id = ${accountId} and status = 'published'`,
  );
  return { checkins: 0, places: 0, streakHere: 0, brandCheckins: 0, tips: row.tips, category: null, categoryPlaces: 0 };
}

/**
 * Awards what the facts earn and was not earned yet; returns the new badges only, named in the
 * person's locale (the same locale the pages use for them).
 */
export async function awardBadges(
  db: DbOrTx,
  accountId: string,
  facts: BadgeFacts,
  placeId: string | null,
  at: Date,
): Promise<{ code: string; name: string }[]> {
  const codes = badgeRules.map((r) => r.earned(facts)).filter((c): c is string => c !== null);
  if (codes.length === 0) return [];
  const rows = await queryRows<{ code: string; locale: string | null }>(
    db,
    sql`insert into account_badges (account_id, code, place_id, earned_at)
        select ${accountId}, c, ${placeId}, ${at.toISOString()}::timestamptz from unnest(array[${sql.join(
          codes.map((c) => sql`${c}`),
          sql`, `,
        )}]::text[]) as c
        on conflict (account_id, code) do nothing
        returning code, (select locale from accounts where id = ${accountId}) as locale`,
  );
  return rows
    .map((r) => ({ code: r.code, name: badgeWords(r.code, localeOf(r.locale)).name }))
    .sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code));
}

export type EarnedBadge = {
  code: string;
  name: string;
  description: string;
  placeId: string | null;
  earnedAt: Date;
};

/** A person's badges, oldest first, in a locale (for the profile and the API). */
export async function badgesOf(db: DbOrTx, accountId: string, locale: Locale = 'fr'): Promise<EarnedBadge[]> {
  const rows = await queryRows<{ code: string; place_id: string | null; earned_at: Date | string }>(
    db,
    sql`select code, place_id, earned_at from account_badges where account_id = ${accountId} order by earned_at, code`,
  );
  return rows.map((r) => ({
    code: r.code,
    ...badgeWords(r.code, locale),
    placeId: r.place_id,
    earnedAt: new Date(r.earned_at),
  }));
}

/** badgesOf for the API: 404 for an account that does not exist. */
export async function badgesFor(db: DbOrTx, accountId: string, locale: Locale): Promise<EarnedBadge[]> {
  const [known] = await queryRows<{ id: string }>(db, sql`select id from accounts where id = ${accountId}`);
  if (!known) throw notFound('Account');
  return badgesOf(db, accountId, locale);
}
