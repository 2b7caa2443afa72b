import { eq, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { accounts } from '../../db/schema';
import { enqueue } from '../../jobs/queue';
import { runAfterInsert } from './extensions';
import { notify, type NewNotification } from './notifications';
import type { Status } from './posts';
import { statuses } from './schema';

/** A notification made in the post's transaction, to publish once it commits. */
export type Told = { id: string | null; accountId: string };

type Linked = Pick<Status, 'id' | 'accountId'>;

/**
 * What a new post implies beyond its own rows, in its transaction, the same for our posts
 * (createStatus) and remote ones (insertRemoteStatus): its author's counters; the parent's
 * replies and the quoted post's quotes counted; the replied-to, quoted and mentioned accounts
 * told, as `mayTell` allows (the caller's rule: blocks, our accounts only...); followers who
 * asked to be told (follow option notify) of a post of its author's own, not a reply to someone
 * else nor a direct message; then the linked modules' hooks, and their `status.published` job.
 */
export async function recordNewPost(
  tx: DbOrTx,
  row: Status,
  links: {
    parent: Linked | null;
    quoted: Linked | null;
    mentionIds: string[];
    writtenById: string | null;
    extensions?: Record<string, unknown>;
  },
  mayTell: (n: NewNotification) => Promise<boolean>,
): Promise<Told[]> {
  const { parent, quoted } = links;
  const from = row.accountId;
  const told: Told[] = [];
  const tell = async (n: NewNotification) => {
    if (await mayTell(n)) told.push({ id: await notify(tx, n), accountId: n.accountId });
  };
  await tx
    .update(accounts)
    .set({ postsCount: sql`${accounts.postsCount} + 1`, lastPostAt: new Date() })
    .where(eq(accounts.id, from));
  if (parent) {
    await tx
      .update(statuses)
      .set({ repliesCount: sql`${statuses.repliesCount} + 1` })
      .where(eq(statuses.id, parent.id));
    await tell({ accountId: parent.accountId, fromAccountId: from, type: 'reply', statusId: row.id });
  }
  if (quoted) {
    await tx
      .update(statuses)
      .set({ quotesCount: sql`${statuses.quotesCount} + 1` })
      .where(eq(statuses.id, quoted.id));
    await tell({ accountId: quoted.accountId, fromAccountId: from, type: 'quote', statusId: row.id });
  }
  for (const m of links.mentionIds) {
    if (m === parent?.accountId) continue; // already told by the reply notification
    await tell({ accountId: m, fromAccountId: from, type: 'mention', statusId: row.id });
  }
  if (row.visibility !== 'direct' && (!parent || parent.accountId === from)) {
    for (const followerId of await notifiedFollowers(tx, from)) {
      const n = { accountId: followerId, fromAccountId: from, type: 'status' as const, statusId: row.id };
      told.push({ id: await notify(tx, n), accountId: followerId });
    }
  }
  // Linked modules (shoppable products, reply-to-buy, watches, triage) write in this transaction
  // and may ask to run once the post is committed.
  const later = await runAfterInsert(tx, row, links.writtenById, links.extensions);
  if (later.length) await enqueue(tx, 'status.published', { statusId: row.id, extensions: later });
  return told;
}

/** Followers of an account with the follow option notify (Mastodon's bell). */
async function notifiedFollowers(tx: DbOrTx, accountId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select follower_id as id from follows where followee_id = ${accountId} and notify`,
  );
  return rows.map((r) => r.id);
}
