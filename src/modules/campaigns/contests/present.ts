/**
 * A contest as the API and the page show it. The seed never appears here before the draw:
 * `publicView` has no seed at all, and `drawView` refuses a contest that is not drawn.
 */
import { conflict } from '../../../lib/errors';
import { getAccount, getAccounts, type Account } from '../../accounts';
import { ALGORITHM } from './algorithm';
import { entriesCount, type Contest } from './entries';
import { drawnEntries, stateOf, type ContestsContext, type ContestState } from './service';
import { performDraw } from './draw';

export type PublicContest = {
  contest: Contest;
  brand: Account;
  state: ContestState;
  entries: number;
};

export type ContestDraw = {
  seed: string;
  commitment: string;
  entriesHash: string;
  entries: string[];
  winners: string[];
  winnersCount: number;
  winnerAccounts: Account[];
  excluded: number;
  drawnAt: Date;
};

export async function publicView(ctx: ContestsContext, contest: Contest): Promise<PublicContest> {
  const now = ctx.clock.now();
  const [brand, entries] = await Promise.all([getAccount(ctx, contest.brandId), entriesCount(ctx.db, contest, now)]);
  return { contest, brand: brand!, state: stateOf(contest, now), entries };
}

/**
 * The published draw. A contest that has ended but whose job has not run yet (a worker behind) is
 * drawn now, so the answer never depends on the worker; before the end: 409 contest_not_drawn.
 */
export async function drawView(ctx: ContestsContext, contest: Contest): Promise<ContestDraw> {
  let drawn = contest;
  if (!drawn.drawnAt && ctx.clock.now() >= drawn.endsAt) drawn = (await performDraw(ctx, drawn.id)) ?? drawn;
  if (!drawn.drawnAt) throw conflict('contest_not_drawn', 'The contest has not ended: the draw is not made yet');
  const { entries, excluded } = await drawnEntries(ctx.db, drawn.id);
  const winners = drawn.winners ?? [];
  const accounts = await getAccounts(ctx, winners);
  return {
    seed: drawn.seed,
    commitment: drawn.commitment,
    entriesHash: drawn.entriesHash!,
    entries,
    winners,
    winnersCount: drawn.winnersCount,
    winnerAccounts: winners.map((id) => accounts.get(id)).filter((a): a is Account => Boolean(a)),
    excluded,
    drawnAt: drawn.drawnAt,
  };
}

const brandJson = (a: Account) => ({ id: a.id, username: a.username, display_name: a.displayName || a.username });

export function contestJson(publicUrl: string, v: PublicContest) {
  const c = v.contest;
  return {
    id: c.id,
    url: `${publicUrl}/contests/${c.id}`,
    brand: brandJson(v.brand),
    title: c.title,
    rules: c.rules,
    prizes: c.prizes,
    entry: { kind: c.entryKind, status_id: c.statusId, place_id: c.placeId },
    starts_at: c.startsAt.toISOString(),
    ends_at: c.endsAt.toISOString(),
    winners: c.winnersCount,
    commitment: c.commitment,
    entries_count: v.entries,
    status: v.state,
    drawn_at: c.drawnAt?.toISOString() ?? null,
    draw_url: `${publicUrl}/api/v1/contests/${c.id}/draw`,
  };
}

export function drawJson(publicUrl: string, d: ContestDraw) {
  return {
    seed: d.seed,
    commitment: d.commitment,
    entries_hash: d.entriesHash,
    entries: d.entries,
    winners: d.winners,
    winners_count: d.winnersCount,
    winner_accounts: d.winnerAccounts.map((a) => ({ ...brandJson(a), url: `${publicUrl}/@${a.username}` })),
    excluded_count: d.excluded,
    algorithm: ALGORITHM,
    drawn_at: d.drawnAt.toISOString(),
  };
}
