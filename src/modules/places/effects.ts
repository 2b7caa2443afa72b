/**
 * What a counted check-in sets off, decided inside the check-in's transaction (so a flash special
 * for the first 5 is unlocked exactly 5 times under concurrency): badges earned, the mayorship,
 * specials unlocked. checkin.ts calls `applyCheckinEffects` once the check-in row is written;
 * badges.ts, mayor.ts and specials.ts fill it in.
 */
import type { DbOrTx } from '../../db/client';
import type { Clock } from '../../lib/clock';

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
};

export type EffectsContext = { db: DbOrTx; clock: Clock };

export async function applyCheckinEffects(_c: EffectsContext, _checkin: CountedCheckin): Promise<CheckinEffects> {
  return { badges: [], mayor: false, specials: [] };
}
