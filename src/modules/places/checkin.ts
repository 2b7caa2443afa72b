/**
 * A check-in, in one transaction: the person must be within the place's radius plus the stated
 * accuracy of their position (capped, so a vague position cannot reach far places); at most one
 * counted check-in per person, place and Europe/Paris day (the partial unique index
 * `checkins_counted_per_day_key` decides under concurrency: the loser is recorded as
 * `already_today`); a check-in implying travel faster than 300 km/h since the person's previous
 * one, anywhere, is recorded, not counted, and flagged. A counted check-in adds one to the
 * place's count. `applyCheckinEffects` (badges, mayor, specials) runs inside the same transaction.
 * A public check-in is then shared as a post to the person's followers; a private one is not.
 * Nothing here tells anyone else where the person is.
 */
import { eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { queryRows, type Db } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../../lib/events';
import { forbidden, notFound, unprocessable } from '../../lib/errors';
import type { Log } from '../../lib/log';
import { createStatus, publishNotifications } from '../social';
import { applyCheckinEffects, type CheckinEffects } from './effects';
import type { OwnCheckin } from './present';
import { haversineM, parisDay } from './geo';
import type { PlaceRow } from './access';
import { placeIsLive } from './places';
import { checkins, type CheckinVisibility, type NotCountedReason } from './schema';
import { checkAccuracy, checkinVisibilityOf, checkLat, checkLon, checkText, MAX_COMMENT } from './validation';

/** The stated accuracy counts up to this many metres: beyond, a position is too vague to help. */
export const ACCURACY_CAP_M = 100;
/** Faster than this since the previous check-in is implausible travel. */
export const MAX_SPEED_KMH = 300;
/** Distance allowed whatever the time, for the inaccuracy of two positions (neighbouring shops). */
export const TRAVEL_SLACK_M = 1000;

export type CheckinContext = {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'postMaxChars'>;
  events: Pick<EventBus, 'publish'>;
  log?: Pick<Log, 'warn'>;
};

export type CheckinInput = {
  lat?: unknown;
  lon?: unknown;
  accuracy_m?: unknown;
  visibility?: unknown;
  comment?: unknown;
};

export type CheckinResult = CheckinEffects & {
  id: string;
  placeId: string;
  counted: boolean;
  reason: NotCountedReason | null;
  flagged: boolean;
  localDay: string;
  visibility: CheckinVisibility;
  /** The person's own distance to the place, in metres. */
  distanceM: number;
  /** The post the check-in was shared as (public check-ins), or null. */
  statusId: string | null;
};

/** What a check-in reads before writing (one statement). */
type Situation = Pick<PlaceRow, 'id' | 'brandId' | 'name' | 'city' | 'lat' | 'lon' | 'radiusM' | 'status'> & {
  startsAt: Date | string | null;
  endsAt: Date | string | null;
  kind: string | null;
  username: string;
  displayName: string;
  locale: string | null;
  prevLat: number | null;
  prevLon: number | null;
  prevAt: Date | string | null;
};

/** How far the person may be: the radius plus the stated accuracy, capped. */
export const reachOf = (radiusM: number, accuracyM: number | null) =>
  radiusM + Math.min(Math.max(accuracyM ?? 0, 0), ACCURACY_CAP_M);

/** Whether going from one check-in to the next needs more than MAX_SPEED_KMH. */
export function implausibleTravel(distanceM: number, seconds: number): boolean {
  const beyond = distanceM - TRAVEL_SLACK_M;
  if (beyond <= 0) return false;
  if (seconds <= 0) return true;
  return beyond / 1000 / (seconds / 3600) > MAX_SPEED_KMH;
}

export async function checkIn(
  ctx: CheckinContext,
  accountId: string,
  placeId: string,
  input: CheckinInput,
): Promise<CheckinResult> {
  const lat = checkLat(input.lat);
  const lon = checkLon(input.lon);
  const accuracyM = checkAccuracy(input.accuracy_m);
  const visibility = checkinVisibilityOf(input.visibility);
  const comment = checkText(input.comment, 'comment', MAX_COMMENT, { required: false });
  if (!isUuid(placeId)) throw notFound('Place');
  // One read: the place, the person and their previous check-in anywhere.
  const [found] = await queryRows<Situation>(
    ctx.db,
    sql`select p.id, p.brand_id as "brandId", p.name, p.city, p.lat, p.lon, p.radius_m as "radiusM", p.status,
          p.starts_at as "startsAt", p.ends_at as "endsAt", a.kind, a.username, a.display_name as "displayName",
          a.locale, prev.lat as "prevLat", prev.lon as "prevLon", prev.created_at as "prevAt"
        from places p
        left join accounts a on a.id = ${accountId}
        left join lateral (
          select c.lat, c.lon, c.created_at from checkins c
          where c.account_id = ${accountId} order by c.created_at desc limit 1
        ) prev on true
        where p.id = ${placeId.toLowerCase()}`,
  );
  if (!found) throw notFound('Place');
  const place = {
    ...found,
    startsAt: found.startsAt ? new Date(found.startsAt) : null,
    endsAt: found.endsAt ? new Date(found.endsAt) : null,
  };
  const now = ctx.clock.now();
  if (place.status === 'hidden') throw unprocessable('place_closed', 'This place is no longer on the map');
  if (!placeIsLive(place, now))
    throw unprocessable('place_closed', 'This place is not open for check-ins at the moment', {
      starts_at: place.startsAt?.toISOString() ?? null,
      ends_at: place.endsAt?.toISOString() ?? null,
    });
  if (found.kind !== 'person') throw forbidden('not_a_person', 'Only a person can check in');
  const person = { id: accountId, username: found.username, displayName: found.displayName, locale: found.locale };
  const distanceM = haversineM(lat, lon, place.lat, place.lon);
  const reach = reachOf(place.radiusM, accuracyM);
  if (distanceM > reach)
    throw unprocessable('too_far', `You are ${Math.round(distanceM)} m from this place; check in within ${reach} m`, {
      field: 'lat',
      distance_m: Math.round(distanceM),
      allowed_m: reach,
    });
  // Two check-ins of one person at the same moment are one person: the previous one is read
  // before the transaction, which need not see a concurrent one.
  const flagged =
    found.prevAt !== null &&
    implausibleTravel(
      haversineM(found.prevLat!, found.prevLon!, lat, lon),
      (now.getTime() - new Date(found.prevAt).getTime()) / 1000,
    );

  const localDay = parisDay(now);
  const id = uuidv7(now.getTime());
  const recorded = await ctx.db.transaction(async (tx) => {
    let counted = false;
    let reason: NotCountedReason | null = flagged ? 'implausible_travel' : null;
    if (!flagged) {
      // The unique index on counted rows decides who counts today, even under concurrency.
      const won = await queryRows<{ id: string }>(
        tx,
        sql`insert into checkins (id, place_id, account_id, lat, lon, accuracy_m, visibility, comment, counted,
              flagged, local_day, created_at)
            values (${id}, ${place.id}, ${accountId}, ${lat}, ${lon}, ${accuracyM}, ${visibility}, ${comment}, true,
              false, ${localDay}, ${now})
            on conflict (place_id, account_id, local_day) where counted do nothing
            returning id`,
      );
      counted = won.length === 1;
      if (!counted) reason = 'already_today';
    }
    if (!counted) {
      await queryRows(
        tx,
        sql`insert into checkins (id, place_id, account_id, lat, lon, accuracy_m, visibility, comment, counted,
              reason, flagged, local_day, created_at)
            values (${id}, ${place.id}, ${accountId}, ${lat}, ${lon}, ${accuracyM}, ${visibility}, ${comment}, false,
              ${reason}, ${flagged}, ${localDay}, ${now})`,
      );
    } else {
      await queryRows(tx, sql`update places set checkins_count = checkins_count + 1 where id = ${place.id}`);
    }
    const effects = await applyCheckinEffects(
      { db: tx, clock: ctx.clock },
      { id, placeId: place.id, accountId, brandId: place.brandId, localDay, at: now, counted },
    );
    return { counted, reason, flagged, effects };
  });

  await publishNotifications(ctx, recorded.effects.notices);
  const statusId =
    visibility === 'public' && !recorded.flagged ? await shareCheckin(ctx, person, place, id, comment) : null;
  return {
    ...recorded.effects,
    id,
    placeId: place.id,
    counted: recorded.counted,
    reason: recorded.reason,
    flagged: recorded.flagged,
    localDay,
    visibility,
    distanceM,
    statusId,
  };
}

const shareText = {
  fr: (who: string, where: string) => `${who} est chez ${where}`,
  en: (who: string, where: string) => `${who} is at ${where}`,
};

/** The post a public check-in is shared as, in the author's language ("Chloé est chez Maison Lin, Lyon 2e"). */
export function checkinPostText(
  publicUrl: string,
  person: { displayName: string; username: string; locale: string | null },
  place: Pick<PlaceRow, 'id' | 'name' | 'city'>,
  comment: string | null,
): { text: string; language: 'fr' | 'en' } {
  const language = person.locale?.startsWith('en') ? 'en' : 'fr';
  const where = place.city ? `${place.name}, ${place.city}` : place.name;
  const lines = [shareText[language](person.displayName || person.username, where)];
  if (comment) lines.push(comment);
  lines.push(`${publicUrl}/places/${place.id}`);
  return { text: lines.join('\n\n'), language };
}

/**
 * Shares the check-in with the person's followers (a followers-only post), once the check-in has
 * committed so the post's live events name a row that exists. A failure to post leaves the
 * check-in as it is (it counted) and is logged.
 */
async function shareCheckin(
  ctx: CheckinContext,
  person: { displayName: string; username: string; locale: string | null; id: string },
  place: Pick<PlaceRow, 'id' | 'name' | 'city'>,
  checkinId: string,
  comment: string | null,
): Promise<string | null> {
  const { text, language } = checkinPostText(ctx.config.publicUrl, person, place, comment);
  try {
    const status = await createStatus(ctx, person.id, { text, language, visibility: 'private' });
    await ctx.db.update(checkins).set({ statusId: status.id }).where(eq(checkins.id, checkinId));
    return status.id;
  } catch (error) {
    ctx.log?.warn({ err: error, checkinId }, 'check-in not shared as a post');
    return null;
  }
}

/** The person's own check-ins, newest first (keyset on the time-sortable ids). Nobody else's. */
export async function listOwnCheckins(
  ctx: { db: Db },
  accountId: string,
  page: { maxId?: string | null; limit: number },
): Promise<OwnCheckin[]> {
  return queryRows<OwnCheckin>(
    ctx.db,
    sql`select c.id, c.place_id as "placeId", p.name as "placeName", c.counted, c.reason, c.visibility, c.comment,
          c.local_day::text as "localDay", c.created_at as "createdAt"
        from checkins c join places p on p.id = c.place_id
        where c.account_id = ${accountId} ${page.maxId ? sql`and c.id < ${page.maxId}` : sql``}
        order by c.id desc
        limit ${page.limit}`,
  ).then((rows) => rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })));
}
