/**
 * The draw: the `contest.draw` job, due at the contest's end. In one transaction, holding the
 * contest's row: the entries are collected (entries.ts) and stored with their exclusion, the
 * winners follow from the seed and the ordered entries (algorithm.ts), the draw is recorded and
 * the winners are notified. Once committed, the brand's post announces the result, recorded on the
 * contest in the post's own transaction (a post extension), so the post and its record exist
 * together or not at all. A job run again after a crash, or twice at once, finds the draw done and
 * posts the result only if none is recorded; a job run early (the clock says the contest is still
 * open) waits for the end again.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { contestEntries, contests } from '../../../db/schema';
import { enqueue } from '../../../jobs/queue';
import { translate } from '../../../web/i18n';
import { getAccount } from '../../accounts';
import { conflict, DomainError } from '../../../lib/errors';
import { createStatus, notify, publishNotifications, type StatusExtension } from '../../social';
import { canonicalOrder, drawWinners, entriesHashOf } from './algorithm';
import { candidates, type Candidate, type Contest } from './entries';
import type { ContestsContext } from './service';

/** Stores the collected entries with their exclusion (form entries are updated: a block may come later). */
async function storeEntries(tx: DbOrTx, contestId: string, list: Candidate[]) {
  for (let i = 0; i < list.length; i += 1000) {
    const chunk = list.slice(i, i + 1000);
    await tx
      .insert(contestEntries)
      .values(
        chunk.map((c) => ({
          id: uuidv7(),
          contestId,
          accountId: c.accountId,
          enteredAt: c.enteredAt,
          source: c.source,
          excluded: c.excluded,
        })),
      )
      .onConflictDoUpdate({
        target: [contestEntries.contestId, contestEntries.accountId],
        set: { excluded: sql`excluded.excluded` },
      });
  }
}

/** Draws the contest if it has ended and is not drawn yet. Returns the contest as it now stands. */
export async function performDraw(ctx: ContestsContext, contestId: string): Promise<Contest | null> {
  const created: { id: string | null; accountId: string }[] = [];
  const contest = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(contests).where(eq(contests.id, contestId)).for('update');
    if (!row || row.drawnAt || ctx.clock.now() < row.endsAt) return row ?? null;
    const list = await candidates(tx, row, row.endsAt);
    await storeEntries(tx, row.id, list);
    const ordered = canonicalOrder(list.filter((c) => !c.excluded).map((c) => c.accountId));
    const winners = drawWinners(row.seed, ordered, row.winnersCount);
    const [drawn] = await tx
      .update(contests)
      .set({ drawnAt: ctx.clock.now(), entriesHash: entriesHashOf(ordered), winners })
      .where(eq(contests.id, row.id))
      .returning();
    for (const winnerId of winners) {
      const n = {
        accountId: winnerId,
        fromAccountId: row.brandId,
        type: 'campaign' as const,
        subjectId: row.id,
        detail: 'contest_won',
      };
      created.push({ id: await notify(tx, n, { reachMuted: true }), accountId: winnerId });
    }
    return drawn;
  });
  await publishNotifications(ctx, created);
  return contest;
}

/**
 * Post extension (registered by src/links/): a result post names its contest (server side only:
 * no `input` reads it from a request) and is recorded on it in the post's transaction. A contest
 * whose result is already recorded refuses the post, which is then not kept: one result post,
 * whatever crashes or concurrent runs.
 */
export const contestResultExtension: StatusExtension = {
  name: 'contest_result',
  async afterInsert(tx, { status, input }) {
    if (typeof input !== 'string') return;
    const recorded = await tx
      .update(contests)
      .set({ resultStatusId: status.id })
      .where(
        sql`${contests.id} = ${input} and ${contests.brandId} = ${status.accountId} and ${contests.resultStatusId} is null`,
      )
      .returning({ id: contests.id });
    if (recorded.length === 0) throw conflict('contest_result_posted', 'This contest’s result is already posted');
  },
};

/** The brand's post announcing the result, once (see contestResultExtension). */
async function postResult(ctx: ContestsContext, contest: Contest) {
  if (!contest.drawnAt || contest.resultStatusId) return;
  const url = `${ctx.config.publicUrl}/contests/${contest.id}`;
  const count = contest.winners?.length ?? 0;
  const title = [...contest.title].slice(0, 120).join('');
  // In the brand's language (French unless its account says English).
  const language = (await getAccount(ctx, contest.brandId))?.locale === 'en' ? 'en' : 'fr';
  try {
    await createStatus(ctx, contest.brandId, {
      text: translate(language, 'contest.result_post', { title, count, url }),
      visibility: 'public',
      language,
      extensions: { [contestResultExtension.name]: contest.id },
    });
  } catch (error) {
    // Another run posted it first: nothing more to do.
    if (!(error instanceof DomainError && error.code === 'contest_result_posted')) throw error;
  }
}

/** The `contest.draw` job. */
export async function runContestDraw(ctx: ContestsContext, payload: { contestId: string }): Promise<void> {
  const contest = await performDraw(ctx, payload.contestId);
  if (!contest) return;
  if (!contest.drawnAt) {
    // The job came early (a clock set back, or a manual run): due again at the end.
    await enqueue(ctx.db as Db, 'contest.draw', payload, contest.endsAt);
    return;
  }
  await postResult(ctx, contest);
}
