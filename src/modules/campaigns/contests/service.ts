/**
 * Contests: creation by the brand's owner or admins (campaigns.manage), form entries, and reads.
 * The draw itself is draw.ts; who takes part is entries.ts; the algorithm is algorithm.ts.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Config } from '../../../config';
import { queryRows, type Db } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { contestEntries, contests, places, statuses } from '../../../db/schema';
import { enqueue } from '../../../jobs/queue';
import type { Clock } from '../../../lib/clock';
import { conflict, forbidden, notFound, unprocessable } from '../../../lib/errors';
import type { EventBus } from '../../../lib/events';
import { assertCan, getBrand } from '../../accounts';
import { newSeed } from './algorithm';
import { exclusionOf, type Contest } from './entries';
import { entryKinds, type EntryKind } from './schema';

export type ContestsContext = {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl' | 'postMaxChars'>;
  events: Pick<EventBus, 'publish'>;
};

export const MAX_TITLE = 200;
export const MAX_RULES = 5000;
export const MAX_PRIZES = 2000;
export const MAX_WINNERS = 1000;

export type ContestInput = {
  title?: unknown;
  rules?: unknown;
  prizes?: unknown;
  entry?: unknown;
  ends_at?: unknown;
  winners?: unknown;
};

const invalid = (field: string, code: string, message: string) => unprocessable(code, message, { field });

function text(value: unknown, field: string, max: number, required: boolean): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (required) throw invalid(field, `${field}_required`, `${field} is required`);
    return null;
  }
  if (typeof value !== 'string') throw invalid(field, `invalid_${field}`, `${field} must be text`);
  if ([...value.trim()].length > max) throw invalid(field, `${field}_too_long`, `${field} is longer than ${max}`);
  return value.trim();
}

type Checked = {
  title: string;
  rules: string;
  prizes: string | null;
  kind: EntryKind;
  statusId: string | null;
  placeId: string | null;
  endsAt: Date;
  winners: number;
};

async function check(ctx: ContestsContext, brandId: string, input: ContestInput, now: Date): Promise<Checked> {
  const title = text(input.title, 'title', MAX_TITLE, true)!;
  const rules = text(input.rules, 'rules', MAX_RULES, true)!;
  const prizes = text(input.prizes, 'prizes', MAX_PRIZES, false);
  const entry = (input.entry && typeof input.entry === 'object' ? input.entry : {}) as Record<string, unknown>;
  const kind = entry.kind as EntryKind;
  if (!entryKinds.includes(kind))
    throw invalid('entry.kind', 'invalid_entry_kind', `entry.kind must be one of ${entryKinds.join(', ')}`);
  let statusId: string | null = null;
  let placeId: string | null = null;
  if (kind === 'reply' || kind === 'repost' || kind === 'like') {
    if (entry.status_id === undefined || entry.status_id === null || entry.status_id === '')
      throw invalid('entry.status_id', 'status_required', `A ${kind} contest needs entry.status_id`);
    const [post] =
      typeof entry.status_id === 'string' && isUuid(entry.status_id)
        ? await ctx.db
            .select({ id: statuses.id, accountId: statuses.accountId, reblogOfId: statuses.reblogOfId })
            .from(statuses)
            .where(eq(statuses.id, entry.status_id))
        : [];
    if (!post || post.accountId !== brandId || post.reblogOfId)
      throw invalid('entry.status_id', 'invalid_status', 'entry.status_id must be one of the brand’s own posts');
    statusId = post.id;
  }
  if (kind === 'checkin') {
    if (entry.place_id === undefined || entry.place_id === null || entry.place_id === '')
      throw invalid('entry.place_id', 'place_required', 'A checkin contest needs entry.place_id');
    const [place] =
      typeof entry.place_id === 'string' && isUuid(entry.place_id)
        ? await ctx.db
            .select({ id: places.id, brandId: places.brandId })
            .from(places)
            .where(eq(places.id, entry.place_id))
        : [];
    if (!place || place.brandId !== brandId)
      throw invalid('entry.place_id', 'invalid_place', 'entry.place_id must be one of the brand’s places');
    placeId = place.id;
  }
  const endsAt = typeof input.ends_at === 'string' ? new Date(input.ends_at) : new Date(Number.NaN);
  if (Number.isNaN(endsAt.getTime())) throw invalid('ends_at', 'invalid_date', 'ends_at must be an ISO 8601 time');
  if (endsAt.getTime() <= now.getTime()) throw invalid('ends_at', 'ends_in_past', 'ends_at must be in the future');
  const winners = typeof input.winners === 'string' ? Number(input.winners) : input.winners;
  if (typeof winners !== 'number' || !Number.isInteger(winners) || winners < 1 || winners > MAX_WINNERS)
    throw invalid('winners', 'invalid_winners', `winners must be a whole number from 1 to ${MAX_WINNERS}`);
  return { title, rules, prizes, kind, statusId, placeId, endsAt, winners };
}

/**
 * A new contest: its seed is drawn now and kept secret, its commitment is public; the draw is a
 * job due at the end (a row in the same transaction, so it survives a restart).
 */
export async function createContest(
  ctx: ContestsContext,
  actorId: string,
  brandId: string,
  input: ContestInput,
): Promise<{ id: string; commitment: string }> {
  await getBrand(ctx, brandId);
  await assertCan(ctx, actorId, brandId, 'campaigns.manage');
  const now = ctx.clock.now();
  const c = await check(ctx, brandId, input, now);
  const { seed, commitment } = newSeed();
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(contests).values({
      id,
      brandId,
      createdBy: actorId,
      title: c.title,
      rules: c.rules,
      prizes: c.prizes,
      entryKind: c.kind,
      statusId: c.statusId,
      placeId: c.placeId,
      startsAt: now,
      endsAt: c.endsAt,
      winnersCount: c.winners,
      seed,
      commitment,
    });
    await enqueue(tx, 'contest.draw', { contestId: id }, c.endsAt);
  });
  return { id, commitment };
}

export async function findContest(db: Db, id: string): Promise<Contest | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(contests).where(eq(contests.id, id));
  return row ?? null;
}

export async function getContest(db: Db, id: string): Promise<Contest> {
  const contest = await findContest(db, id);
  if (!contest) throw notFound('Contest');
  return contest;
}

export type ContestState = 'open' | 'ended' | 'drawn';
export const stateOf = (contest: Contest, now: Date): ContestState =>
  contest.drawnAt ? 'drawn' : now < contest.endsAt ? 'open' : 'ended';

/** A brand's contests, newest first (its team reads them: campaigns.announce). */
export async function listContests(ctx: ContestsContext, actorId: string, brandId: string): Promise<Contest[]> {
  await getBrand(ctx, brandId);
  await assertCan(ctx, actorId, brandId, 'campaigns.announce');
  return ctx.db.select().from(contests).where(eq(contests.brandId, brandId)).orderBy(desc(contests.createdAt));
}

/** A form entry: once per person, before the end, by someone the rules do not exclude. */
export async function enterContest(ctx: ContestsContext, accountId: string, contestId: string) {
  const contest = await getContest(ctx.db, contestId);
  if (contest.entryKind !== 'form')
    throw conflict('entry_by_action', `This contest is entered by a ${contest.entryKind}, not by the form`);
  const now = ctx.clock.now();
  if (now >= contest.endsAt || contest.drawnAt) throw conflict('contest_ended', 'This contest has ended');
  const excluded = await exclusionOf(ctx.db, contest, accountId);
  if (excluded) throw forbidden('not_eligible', `The rules exclude you from this contest (${excluded})`);
  const [entry] = await ctx.db
    .insert(contestEntries)
    .values({ id: uuidv7(), contestId, accountId, enteredAt: now, source: 'form' })
    .onConflictDoNothing()
    .returning();
  if (!entry) throw conflict('already_entered', 'You have already entered this contest');
  return entry;
}

/** Whether this account has an entry row (form contests, or any contest once drawn). */
export async function hasEntered(db: Db, contestId: string, accountId: string): Promise<boolean> {
  const rows = await db
    .select({ id: contestEntries.id })
    .from(contestEntries)
    .where(and(eq(contestEntries.contestId, contestId), eq(contestEntries.accountId, accountId)));
  return rows.length > 0;
}

/** The ordered list the draw used (canonical order), and how many entries the rules excluded. */
export async function drawnEntries(db: Db, contestId: string): Promise<{ entries: string[]; excluded: number }> {
  const rows = await queryRows<{ account_id: string; excluded: string | null }>(
    db,
    sql`select account_id, excluded from contest_entries where contest_id = ${contestId}`,
  );
  const entries = rows
    .filter((r) => !r.excluded)
    .map((r) => r.account_id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { entries, excluded: rows.length - entries.length };
}
