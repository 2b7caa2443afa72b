/**
 * What a counted check-in sets off, decided inside the check-in's transaction (so a flash special
 * for the first 5 is unlocked exactly 5 times under concurrency): badges earned, the mayorship,
 * specials unlocked. checkin.ts calls `applyCheckinEffects` once the check-in row is written;
 * badges.ts, mayor.ts and specials.ts fill it in.
 */
import type { DbOrTx } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { awardBadges, checkinFacts } from './badges';
import { recomputeMayor } from './mayor';
import { unlockSpecials } from './unlocks';

export type CountedCheckin = {
  id: string;
  placeId: string;
  accountId: string;
  /** The place's brand (account id), null for a suggested place. */
  brandId: string | null;
  /** Europe/Paris day, YYYY-MM-DD. */
  localDay: string;
  at: Date;
  counted: boolean;
};

export type CheckinEffects = {
  badges: { code: string; name: string }[];
  /** True when this check-in made (or kept) the person mayor. */
  mayor: boolean;
  specials: { id: string; kind: string; title: string; code: string }[];
  /** Notifications written in the transaction (mayorship won or lost), to publish once it commits. */
  notices: { id: string | null; accountId: string }[];
};

export type EffectsContext = { db: DbOrTx; clock: Clock };

/**
 * Runs in the check-in's transaction, after its row is written. The place's row is locked first
 * (every check-in at one place then decides in turn: the mayorship, and the counts specials read),
 * then the mayor is recomputed, badges awarded and specials unlocked (their rows locked too, see
 * unlocks.ts). A check-in that does not count sets nothing off.
 */
export async function applyCheckinEffects(c: EffectsContext, checkin: CountedCheckin): Promise<CheckinEffects> {
  if (!checkin.counted) return { badges: [], mayor: false, specials: [], notices: [] };
  const mayor = await recomputeMayor(c.db, checkin.placeId, checkin.localDay, checkin.at);
  const facts = await checkinFacts(c.db, checkin.accountId, checkin.placeId, checkin.localDay);
  const badges = await awardBadges(c.db, checkin.accountId, facts, checkin.placeId, checkin.at);
  const specials = await unlockSpecials(c.db, checkin, mayor.mayorId);
  return { badges, mayor: mayor.mayorId === checkin.accountId, specials, notices: mayor.notices };
}
