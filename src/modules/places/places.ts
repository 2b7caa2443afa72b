/**
 * Places: a brand's shops on the map and the places people suggest. A brand's team (owner, admin,
 * community manager) creates, edits and removes its places; a signed-in person suggests a place
 * without a brand (a café, a market), shown at once and without a shop, which a platform
 * moderator may hide. Removing a place hides it (status `hidden`): its check-ins, badges and
 * codes stay true. Reads give the brand and its shop's address, the mayor and live specials.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import type { Clock } from '../../lib/clock';
import { forbidden, notFound } from '../../lib/errors';
import { getAccount, getAccounts, type Account } from '../accounts';
import { isPlatformModerator } from '../moderation';
import { assertManagesBrandPlaces, loadPlace, managesPlace, placeForEdit, type PlaceRow } from './access';
import { checkins, placeSpecials, places } from './schema';
import {
  checkCategory,
  checkDates,
  checkInstant,
  checkLat,
  checkLon,
  checkOpeningHours,
  checkPostcode,
  checkRadius,
  checkText,
  MAX_ADDRESS,
  MAX_NAME,
  MAX_PHOTO_ALT,
  RADIUS,
} from './validation';

export type { PlaceRow } from './access';
export type PlacesContext = { db: Db; clock: Clock };

/** What a client sends to create or change a place (API field names; numbers may be strings). */
export type PlaceInput = {
  name?: unknown;
  address?: unknown;
  postcode?: unknown;
  city?: unknown;
  lat?: unknown;
  lon?: unknown;
  radius_m?: unknown;
  category?: unknown;
  opening_hours?: unknown;
  photo_alt?: unknown;
  starts_at?: unknown;
  ends_at?: unknown;
};

/** A stored image for a place (media's storeImage result paths). */
export type PlacePhoto = { path: string; previewPath: string; alt?: string | null };

export type SpecialView = {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  everyN: number | null;
  firstN: number | null;
  minPeople: number | null;
  windowMinutes: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
};

/** A place as pages and the API show it. `brand` is null for a suggested place. */
export type PlaceView = PlaceRow & {
  brand: Pick<Account, 'id' | 'username' | 'displayName' | 'avatarPath'> | null;
  mayor: Account | null;
  specials: SpecialView[];
  /** The viewer manages this place (its brand's team, the suggester, a platform moderator). */
  manageable: boolean;
};

type Checked = Partial<typeof places.$inferInsert>;

/** Checks every field present in `input` (all of them when `creating`) and maps it to columns. */
function checkPlace(input: PlaceInput, creating: boolean, current?: PlaceRow): Checked {
  const has = (key: keyof PlaceInput) => creating || input[key] !== undefined;
  const out: Checked = {};
  if (has('name')) out.name = checkText(input.name, 'name', MAX_NAME, { required: true })!;
  if (has('address')) out.address = checkText(input.address, 'address', MAX_ADDRESS, { required: true })!;
  if (has('postcode')) out.postcode = checkPostcode(input.postcode);
  if (has('city')) out.city = checkText(input.city, 'city', 100, { required: false });
  if (has('lat')) out.lat = checkLat(input.lat);
  if (has('lon')) out.lon = checkLon(input.lon);
  if (has('radius_m')) out.radiusM = checkRadius(input.radius_m, creating ? RADIUS.default : current!.radiusM);
  if (has('category')) out.category = checkCategory(input.category, creating ? 'shop' : (current!.category as never));
  if (has('opening_hours')) out.openingHours = checkOpeningHours(input.opening_hours);
  if (input.photo_alt !== undefined)
    out.photoAlt = checkText(input.photo_alt, 'photo_alt', MAX_PHOTO_ALT, { required: false });
  if (has('starts_at')) out.startsAt = checkInstant(input.starts_at, 'starts_at');
  if (has('ends_at')) out.endsAt = checkInstant(input.ends_at, 'ends_at');
  const startsAt = out.startsAt !== undefined ? out.startsAt : (current?.startsAt ?? null);
  const endsAt = out.endsAt !== undefined ? out.endsAt : (current?.endsAt ?? null);
  checkDates(startsAt, endsAt);
  return out;
}

const photoColumns = (photo: PlacePhoto | null | undefined): Checked =>
  photo ? { photoPath: photo.path, photoPreviewPath: photo.previewPath, photoAlt: photo.alt ?? null } : {};

/** A brand's team (places.manage) adds one of its places; 403 for anyone else. */
export async function createPlace(
  ctx: PlacesContext,
  actorId: string,
  brandId: string,
  input: PlaceInput,
  photo?: PlacePhoto | null,
): Promise<PlaceRow> {
  const brand = await getAccount(ctx, brandId).catch(() => null);
  if (brand?.kind !== 'brand') throw notFound('Brand');
  await assertManagesBrandPlaces(ctx.db, actorId, brandId);
  const values = checkPlace(input, true);
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(places)
    .values({
      ...(values as typeof places.$inferInsert),
      ...photoColumns(photo),
      id: uuidv7(now.getTime()),
      brandId,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row;
}

/** A signed-in person suggests a place without a brand: shown at once, without a shop. */
export async function suggestPlace(
  ctx: PlacesContext,
  accountId: string,
  input: PlaceInput,
  photo?: PlacePhoto | null,
): Promise<PlaceRow> {
  const account = await getAccount(ctx, accountId);
  if (account.kind !== 'person') throw forbidden('not_a_person', 'Only a person can suggest a place');
  const values = checkPlace({ category: 'other', ...input }, true);
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(places)
    .values({
      ...(values as typeof places.$inferInsert),
      ...photoColumns(photo),
      id: uuidv7(now.getTime()),
      brandId: null,
      suggestedBy: accountId,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row;
}

/** Changes the fields given (others stay); `photo: null` removes the photo. */
export async function updatePlace(
  ctx: PlacesContext,
  actorId: string,
  placeId: string,
  input: PlaceInput,
  photo?: PlacePhoto | null,
): Promise<PlaceRow> {
  const place = await placeForEdit(ctx.db, actorId, placeId);
  if (place.status === 'hidden') throw notFound('Place');
  const values: Checked = { ...checkPlace(input, false, place), updatedAt: ctx.clock.now() };
  if (photo === null) Object.assign(values, { photoPath: null, photoPreviewPath: null, photoAlt: null });
  else Object.assign(values, photoColumns(photo));
  const [row] = await ctx.db.update(places).set(values).where(eq(places.id, place.id)).returning();
  return row;
}

/**
 * Removes a place from the map (status `hidden`): its brand's team, its suggester, or a platform
 * moderator hiding a suggestion. Its history (check-ins, badges, codes) stays.
 */
export async function removePlace(ctx: PlacesContext, actorId: string, placeId: string): Promise<PlaceRow> {
  const place = await placeForEdit(ctx.db, actorId, placeId);
  if (place.status === 'hidden') throw notFound('Place');
  const [row] = await ctx.db
    .update(places)
    .set({ status: 'hidden', updatedAt: ctx.clock.now() })
    .where(eq(places.id, place.id))
    .returning();
  return row;
}

/** Whether a place is open for check-ins at `at`: active and within its pop-up dates. */
export function placeIsLive(place: Pick<PlaceRow, 'status' | 'startsAt' | 'endsAt'>, at: Date): boolean {
  if (place.status !== 'active') return false;
  if (place.startsAt && place.startsAt.getTime() > at.getTime()) return false;
  return !(place.endsAt && place.endsAt.getTime() <= at.getTime());
}

/** The specials of places that are on now (active, within their dates), by place, oldest first. */
export async function liveSpecials(ctx: PlacesContext, placeIds: string[]): Promise<Map<string, SpecialView[]>> {
  const out = new Map<string, SpecialView[]>(placeIds.map((id) => [id, []]));
  if (!placeIds.length) return out;
  const now = ctx.clock.now();
  const rows = await ctx.db
    .select()
    .from(placeSpecials)
    .where(
      and(
        inArray(placeSpecials.placeId, placeIds),
        eq(placeSpecials.active, true),
        sql`(${placeSpecials.startsAt} is null or ${placeSpecials.startsAt} <= ${now})`,
        sql`(${placeSpecials.endsAt} is null or ${placeSpecials.endsAt} > ${now})`,
      ),
    )
    .orderBy(asc(placeSpecials.createdAt), asc(placeSpecials.id));
  for (const r of rows) {
    out.get(r.placeId)?.push({
      id: r.id,
      kind: r.kind,
      title: r.title,
      description: r.description,
      everyN: r.everyN,
      firstN: r.firstN,
      minPeople: r.minPeople,
      windowMinutes: r.windowMinutes,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
    });
  }
  return out;
}

/**
 * The places whose mayor has shared at least one check-in there: private check-ins count for the
 * mayorship, but a person who only checks in privately is not named to others as its mayor.
 */
async function publicMayors(ctx: PlacesContext, rows: PlaceRow[]): Promise<Set<string>> {
  const withMayor = rows.filter((r) => r.mayorId);
  if (!withMayor.length) return new Set();
  const shared = await ctx.db
    .selectDistinct({ placeId: checkins.placeId })
    .from(checkins)
    .innerJoin(places, and(eq(places.id, checkins.placeId), eq(places.mayorId, checkins.accountId)))
    .where(
      and(
        inArray(
          checkins.placeId,
          withMayor.map((r) => r.id),
        ),
        eq(checkins.visibility, 'public'),
      ),
    );
  return new Set(shared.map((r) => r.placeId));
}

async function views(ctx: PlacesContext, rows: PlaceRow[], viewerId: string | null): Promise<PlaceView[]> {
  const accountIds = [...new Set(rows.flatMap((r) => [r.brandId, r.mayorId]).filter((x): x is string => !!x))];
  const [accounts, specials, shownMayors] = await Promise.all([
    getAccounts(ctx, accountIds),
    liveSpecials(
      ctx,
      rows.map((r) => r.id),
    ),
    publicMayors(ctx, rows),
  ]);
  const out: PlaceView[] = [];
  for (const row of rows) {
    const brand = row.brandId ? (accounts.get(row.brandId) ?? null) : null;
    const manageable = viewerId
      ? row.brandId
        ? await managesPlace(ctx.db, viewerId, row)
        : row.suggestedBy === viewerId
      : false;
    out.push({
      ...row,
      brand: brand && {
        id: brand.id,
        username: brand.username,
        displayName: brand.displayName,
        avatarPath: brand.avatarPath,
      },
      mayor:
        row.mayorId && (shownMayors.has(row.id) || row.mayorId === viewerId)
          ? (accounts.get(row.mayorId) ?? null)
          : null,
      specials: specials.get(row.id) ?? [],
      manageable,
    });
  }
  return out;
}

/**
 * One place with its brand, mayor and live specials. A hidden place is a 404 except for those
 * who manage it.
 */
export async function getPlace(ctx: PlacesContext, viewerId: string | null, placeId: string): Promise<PlaceView> {
  const row = await loadPlace(ctx.db, placeId);
  const [view] = await views(ctx, [row], viewerId);
  if (row.status === 'hidden' && !view.manageable) throw notFound('Place');
  return view;
}

/**
 * A brand's places, by name. The public sees those shown on the map; the brand's team sees its
 * removed places too when it asks (`includeHidden`).
 */
export async function listBrandPlaces(
  ctx: PlacesContext,
  brandId: string,
  options: { viewerId?: string | null; includeHidden?: boolean } = {},
): Promise<PlaceView[]> {
  const brand = await getAccount(ctx, brandId).catch(() => null);
  if (brand?.kind !== 'brand') throw notFound('Brand');
  const viewerId = options.viewerId ?? null;
  const team = viewerId ? await managesPlace(ctx.db, viewerId, { brandId } as PlaceRow) : false;
  const rows = await ctx.db
    .select()
    .from(places)
    .where(and(eq(places.brandId, brandId), options.includeHidden && team ? undefined : ne(places.status, 'hidden')))
    .orderBy(asc(places.name), asc(places.id));
  return views(ctx, rows, viewerId);
}

/** A platform moderator hides (or shows again) any place; brands remove their own with removePlace. */
export async function setPlaceHidden(
  ctx: PlacesContext,
  moderatorId: string,
  placeId: string,
  hidden: boolean,
): Promise<PlaceRow> {
  if (!(await isPlatformModerator(ctx.db, moderatorId)))
    throw forbidden('not_a_moderator', 'Only a platform moderator may hide or show a place');
  const place = await loadPlace(ctx.db, placeId);
  const [row] = await ctx.db
    .update(places)
    .set({ status: hidden ? 'hidden' : 'active', updatedAt: ctx.clock.now() })
    .where(eq(places.id, place.id))
    .returning();
  return row;
}
