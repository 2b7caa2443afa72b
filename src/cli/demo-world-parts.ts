// Parts of the demo world (demo-world.ts builds it): deterministic choices, generated avatars and
// banners, accounts with the shared demo password, the demo clock.
import { fakerFR } from '@faker-js/faker';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { queryRows, type Db } from '../db/client';
import { rewindIdClock } from '../db/ids';
import { credentials } from '../db/schema';
import { createAccount, type Account } from '../modules/accounts';
import {
  BIO_END,
  BIO_START,
  BIKE_FIXES,
  BIKE_LESSONS,
  CHEESES,
  CITIES,
  CITY_TAGS,
  DEMO_BRANDS,
  FIXED_PEOPLE,
  GARMENTS,
  ORIGINS,
  PEOPLE_POSTS,
  type BrandSpec,
  type PersonSpec,
} from './demo-world-data';

// ---------------------------------------------------------------------------------------------
// Deterministic choices

export type Rng = typeof fakerFR;
export const pick = <T>(f: Rng, list: readonly T[]): T => list[f.number.int({ min: 0, max: list.length - 1 })];
export const chance = (f: Rng, p: number) => f.number.float({ min: 0, max: 1 }) < p;

export function fill(f: Rng, template: string, city: string): string {
  return template
    .replace(/\{city\}/g, city)
    .replace(/\{citytag\}/g, CITY_TAGS[city] ?? 'france')
    .replace(/\{cheese\}/g, () => pick(f, CHEESES))
    .replace(/\{origin\}/g, () => pick(f, ORIGINS))
    .replace(/\{garment\}/g, () => pick(f, GARMENTS))
    .replace(/\{fix\}/g, () => pick(f, BIKE_FIXES))
    .replace(/\{fixinf\}/g, () => pick(f, BIKE_LESSONS))
    .replace(/\{brand:(\w+)\}/g, '$1');
}

/** Lowercase ASCII letters of a name, for handles: "Léa-Marie" -> "leamarie". */
export function handlePart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The people of the demo world: the fixed logins, then generated French people (unique handles). */
export function demoPeopleSpecs(f: Rng, peopleCount: number): PersonSpec[] {
  const specs: PersonSpec[] = [...FIXED_PEOPLE];
  const taken = new Set(specs.map((p) => p.username));
  while (specs.length < peopleCount) {
    const firstName = f.person.firstName();
    const lastName = f.person.lastName();
    let username = `${handlePart(firstName)}_${handlePart(lastName)}`.slice(0, 24) || `membre${specs.length}`;
    for (let n = 2; taken.has(username); n++) username = `${username.replace(/\d+$/, '')}${n}`;
    taken.add(username);
    const city = chance(f, 0.7) ? pick(f, CITIES) : f.location.city();
    specs.push({
      username,
      displayName: `${firstName} ${lastName}`,
      city,
      note: `${pick(f, BIO_START)}, ${pick(f, BIO_END)}`,
    });
  }
  return specs;
}

/**
 * French texts for bulk worlds: the same phrase banks, with {brand:...} written out as names
 * (bulk posts carry no mention rows), deduplicated.
 */
export function demoTextPool(seed: number, size: number): string[] {
  const f = fakerFR;
  f.seed(seed);
  const out = new Set<string>();
  const brandNames = new Map(DEMO_BRANDS.map((b) => [b.username, b.displayName]));
  const sources = [...PEOPLE_POSTS, ...DEMO_BRANDS.flatMap((b) => [...b.posts, ...b.templates])];
  const endings = [
    '',
    ' 😊',
    ' !',
    ' Bonne journée à tous.',
    ' Vivement le week-end.',
    ' 🙌',
    ' Vous en pensez quoi ?',
    ' À suivre…',
  ];
  for (let attempts = 0; out.size < size && attempts < size * 20; attempts++) {
    const template = pick(f, sources).replace(/@\{brand:(\w+)\}/g, (_m, u: string) => brandNames.get(u) ?? u);
    out.add(fill(f, template, pick(f, CITIES)) + pick(f, endings));
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Images: simple generated avatars and banners (SVG rendered by sharp, stored like an upload)

export function initials(name: string): string {
  return name
    .replace(new RegExp("^L[’']"), '')
    .split(/[\s-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function motifSvg(motif: BrandSpec['motif'], color: string, cx: number, cy: number, r: number): string {
  switch (motif) {
    case 'wedge':
      return `<path d="M${cx - r} ${cy + r * 0.6} L${cx + r} ${cy + r * 0.6} L${cx + r} ${cy - r * 0.1} L${cx - r} ${cy + r * 0.6} Z" fill="${color}"/><circle cx="${cx + r * 0.55}" cy="${cy + r * 0.3}" r="${r * 0.12}" fill="#00000022"/>`;
    case 'wheel':
      return `<circle cx="${cx - r * 0.55}" cy="${cy + r * 0.2}" r="${r * 0.45}" fill="none" stroke="${color}" stroke-width="${r * 0.1}"/><circle cx="${cx + r * 0.55}" cy="${cy + r * 0.2}" r="${r * 0.45}" fill="none" stroke="${color}" stroke-width="${r * 0.1}"/><path d="M${cx - r * 0.55} ${cy + r * 0.2} L${cx - r * 0.1} ${cy - r * 0.35} L${cx + r * 0.35} ${cy - r * 0.35} L${cx + r * 0.55} ${cy + r * 0.2}" fill="none" stroke="${color}" stroke-width="${r * 0.08}"/>`;
    case 'leaf':
      return `<path d="M${cx - r * 0.8} ${cy + r * 0.8} C${cx - r * 0.8} ${cy - r * 0.6} ${cx + r * 0.2} ${cy - r} ${cx + r * 0.8} ${cy - r * 0.8} C${cx + r * 0.8} ${cy + r * 0.2} ${cx} ${cy + r * 0.8} ${cx - r * 0.8} ${cy + r * 0.8} Z" fill="${color}"/>`;
    case 'bean':
      return `<ellipse cx="${cx}" cy="${cy}" rx="${r * 0.55}" ry="${r * 0.8}" fill="${color}" transform="rotate(30 ${cx} ${cy})"/><path d="M${cx - r * 0.2} ${cy - r * 0.7} C${cx + r * 0.25} ${cy - r * 0.2} ${cx - r * 0.25} ${cy + r * 0.2} ${cx + r * 0.2} ${cy + r * 0.7}" stroke="#00000055" stroke-width="${r * 0.08}" fill="none" transform="rotate(30 ${cx} ${cy})"/>`;
  }
}

export async function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function brandAvatarSvg(b: BrandSpec): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="${b.primaryColor}"/>${motifSvg(b.motif, b.accentColor, 200, 200, 130)}</svg>`;
}

export function brandBannerSvg(b: BrandSpec): string {
  const stripes = Array.from(
    { length: 8 },
    (_, i) =>
      `<rect x="${i * 200 - 60}" y="0" width="70" height="500" fill="${b.accentColor}" opacity="0.12" transform="skewX(-20)"/>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1500" height="500"><rect width="1500" height="500" fill="${b.primaryColor}"/>${stripes}${motifSvg(b.motif, b.accentColor, 1220, 250, 170)}<text x="90" y="285" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="84" font-weight="bold" fill="#ffffff">${escapeXml(b.displayName)}</text><text x="92" y="360" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="40" fill="${b.accentColor}">${escapeXml(b.location)}</text></svg>`;
}

export function personAvatarSvg(name: string, hue: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><rect width="400" height="400" fill="hsl(${hue}, 55%, 45%)"/><circle cx="320" cy="80" r="140" fill="hsl(${(hue + 40) % 360}, 60%, 60%)" opacity="0.6"/><text x="200" y="250" text-anchor="middle" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="150" font-weight="bold" fill="#ffffff">${escapeXml(initials(name))}</text></svg>`;
}

export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// ---------------------------------------------------------------------------------------------
// Accounts with the shared demo password

/**
 * A person who can log in with a password whose argon2 hash is already computed. Demo and bulk
 * worlds hash their one password once instead of ~50 ms per account; every other check is
 * createAccount's.
 */
export async function createPersonWithPasswordHash(
  ctx: { db: Db },
  input: { username: string; email: string; displayName?: string; locale?: string | null },
  passwordHash: string,
): Promise<Account> {
  return ctx.db.transaction(async (tx) => {
    const account = await createAccount({ db: tx as unknown as Db }, { kind: 'person', ...input });
    await tx.insert(credentials).values({ accountId: account.id, email: input.email, passwordHash });
    return account;
  });
}

// ---------------------------------------------------------------------------------------------
// The demo clock

/**
 * Posts, likes and follows are spread over the last weeks, not all stamped "now". Services take
 * their time from Date.now() (UUIDv7 ids, poll deadlines), so while the world is built the clock
 * is shifted into the past and only moves forward (ids stay monotonic); timestamps the database
 * fills in with now() are then realigned on the ids. Real elapsed time still flows, so nothing
 * waiting on the clock can stall.
 */
/** setTimeout's longest delay (a signed 32-bit number of milliseconds, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function demoClock() {
  const realNow = Date.now;
  let offset: number | null = null;
  Date.now = () => realNow() + (offset ?? 0);
  rewindIdClock();
  // The embedded database's clock is Date.now too: a timer it armed before the clock went back
  // weeks (its idle statistics flush) is re-armed for the weeks in between, past setTimeout's
  // 32-bit limit. Node would warn and fire it after 1 ms, again and again (hundreds of
  // TimeoutOverflowWarning lines and a busy loop). Clamped, it simply waits: its next query disarms it.
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) =>
    realSetTimeout(handler, Math.min(delay ?? 0, MAX_TIMER_MS), ...args)) as typeof setTimeout;
  return {
    /** Moves the clock to `at`: never backwards, never past the real now. */
    set(at: number) {
      const real = realNow();
      const current = offset === null ? -Infinity : real + offset;
      offset = Math.min(Math.max(at, current), real - 1000) - real;
    },
    restore() {
      Date.now = realNow;
      globalThis.setTimeout = realSetTimeout;
    },
  };
}

/** SQL for the timestamp in a UUIDv7's first 48 bits. */
export const uuidTimeSql = (column: string) =>
  sql.raw(
    `to_timestamp((('x' || lpad(substr(replace(${column}::text, '-', ''), 1, 12), 16, '0'))::bit(64)::bigint) / 1000.0)`,
  );

export async function realignTimestamps(db: Db) {
  for (const table of ['accounts', 'statuses', 'favourites', 'bookmarks', 'notifications']) {
    await queryRows(db, sql`update ${sql.identifier(table)} set created_at = ${uuidTimeSql('id')}`);
  }
  await queryRows(db, sql`update accounts set updated_at = created_at`);
  await queryRows(
    db,
    sql`update credentials c set created_at = a.created_at from accounts a where a.id = c.account_id`,
  );
  await queryRows(
    db,
    sql`update brand_members m set created_at = a.created_at + interval '1 hour' from accounts a where a.id = m.brand_id`,
  );
  await queryRows(
    db,
    sql`update accounts a set last_post_at = s.last from (select account_id, max(created_at) as last from statuses group by account_id) s where s.account_id = a.id`,
  );
  // Follows carry no id: place each one between both accounts' creation and the first post.
  await queryRows(
    db,
    sql`update follows f set created_at = greatest(a.created_at, b.created_at) + (random() * interval '3 days')
        from accounts a, accounts b where a.id = f.follower_id and b.id = f.followee_id`,
  );
}

/**
 * People have read all but their last few notifications: a demo login opens on a handful of
 * unread ones (what a regular sees), not on weeks of likes and follows at once.
 */
export async function settleNotifications(db: Db, keepUnread = 4) {
  await queryRows(
    db,
    sql`update accounts a set notifications_read_id = n.id
        from (select account_id, id from (
                select account_id, id, row_number() over (partition by account_id order by id desc) as rank
                from notifications) ranked
              where rank = ${keepUnread + 1}) n
        where a.id = n.account_id and a.kind = 'person'`,
  );
}
