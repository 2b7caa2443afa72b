/**
 * Posts ↔ moderation (Medusa-style link: social does not know moderation; this file knows both
 * and plugs moderation into social's extension points, registered by src/boot.ts).
 *
 * - Auto-triage: a post, reply or comment in a brand's space (written by or for the brand,
 *   replying to it, or mentioning it) is analysed after commit (`published` job, idempotent);
 *   flagged ones join the brand's queue as `post` / `reply`. Posts are published at once
 *   (post-moderation); a rejection hides the post.
 * - Staff posting policy: when the brand requires it, a post written for the brand by a team
 *   member with the `staff` role is held (hidden) and queued as `staff_post`; approval shows it as
 *   written (and announces it to open live timelines after the commit), rejection keeps it hidden
 *   and tells the writer why.
 * - Hiding is one row in moderation_hidden_statuses; social's rules (applyRules, canSee) drop
 *   those posts through the extension's gate, everywhere: timelines, threads, streams, GET.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows, type Db, type DbOrTx } from '../db/client';
import { enqueue } from '../jobs/queue';
import { analyseText } from '../modules/analysis';
import {
  notifyAuthor,
  policyFor,
  submitForModeration,
  type Decision,
  type ModerationType,
  type SubjectHandler,
  type SubjectSummary,
} from '../modules/moderation';

import type { StatusExtension } from '../modules/social';
import type { AppExtensions } from './extensions';

/** SQL for the brand whose space a post `s` is in: its author, the account it replies to, or a brand it mentions. */
const brandSpaceSql = sql`(select a.id from accounts a where a.kind = 'brand'
    and (a.id = s.account_id or a.id = s.in_reply_to_account_id or a.id in (select account_id from status_mentions where status_id = s.id))
    order by (a.id = s.account_id) desc, (a.id = s.in_reply_to_account_id) desc, a.id limit 1)`;

async function brandSpaceOf(db: DbOrTx, statusId: string): Promise<string | null> {
  const [row] = await queryRows<{ brand_id: string | null }>(
    db,
    sql`select ${brandSpaceSql} as brand_id from statuses s where s.id = ${statusId}`,
  );
  return row?.brand_id ?? null;
}

async function hide(tx: DbOrTx, statusId: string, reason: 'held' | 'rejected', itemId: string | null) {
  await queryRows(
    tx,
    sql`insert into moderation_hidden_statuses (status_id, reason, item_id) values (${statusId}, ${reason}, ${itemId})
        on conflict (status_id) do update set reason = excluded.reason, item_id = coalesce(excluded.item_id, moderation_hidden_statuses.item_id)`,
  );
}

async function unhide(tx: DbOrTx, statusId: string) {
  await queryRows(tx, sql`delete from moderation_hidden_statuses where status_id = ${statusId}`);
}

/** Holds a staff member's post for the brand when its policy asks for approval. True when held. */
async function holdStaffPost(
  tx: DbOrTx,
  statusId: string,
  brandId: string,
  writtenById: string | null,
): Promise<boolean> {
  if (!writtenById || writtenById === brandId) return false;
  const [member] = await queryRows<{ role: string }>(
    tx,
    sql`select role from brand_members where brand_id = ${brandId} and account_id = ${writtenById}`,
  );
  if (member?.role !== 'staff') return false;
  if (!(await policyFor(tx, brandId)).staffPostsNeedApproval) return false;
  const item = await submitForModeration(tx, {
    brandId,
    type: 'staff_post',
    subjectId: statusId,
    authorId: writtenById,
    flags: [],
  });
  await hide(tx, statusId, 'held', item.id);
  return true;
}

/** Triage of a committed post: flagged ones join the brand's queue once (re-runs change nothing). */
export async function triagePost(db: Db, statusId: string): Promise<string | null> {
  const [s] = await queryRows<{
    text: string;
    spoiler_text: string;
    account_id: string;
    in_reply_to_id: string | null;
    language: string | null;
  }>(db, sql`select text, spoiler_text, account_id, in_reply_to_id, language from statuses where id = ${statusId}`);
  if (!s) return null;
  const brandId = await brandSpaceOf(db, statusId);
  if (!brandId) return null;
  const language = s.language === 'fr' || s.language === 'en' ? s.language : undefined;
  // The brand's own name is context: a link to its own site is not advertising for someone else.
  const [brand] = await queryRows<{ name: string }>(
    db,
    sql`select coalesce(nullif(display_name, ''), username) as name from accounts where id = ${brandId}`,
  );
  const analysis = analyseText({
    text: s.text,
    title: s.spoiler_text || undefined,
    language,
    context: { brandName: brand?.name },
  });
  if (analysis.flags.length === 0) return null;
  const type: ModerationType = s.in_reply_to_id ? 'reply' : 'post';
  return db.transaction(async (tx) => {
    const [seen] = await queryRows(
      tx,
      sql`select 1 from moderation_items where type = ${type} and subject_id = ${statusId} limit 1`,
    );
    if (seen) return null;
    const item = await submitForModeration(tx, {
      brandId,
      type,
      subjectId: statusId,
      authorId: s.account_id,
      flags: analysis.flags,
    });
    return item.id;
  });
}

export const moderatedPosts: StatusExtension = {
  name: 'moderation',
  async afterInsert(tx, { status, writtenById }) {
    if (status.reblogOfId) return false;
    if (await holdStaffPost(tx, status.id, status.accountId, writtenById)) return false;
    return (await brandSpaceOf(tx, status.id)) !== null;
  },
  async published(app: AppContext, statusId: string) {
    await triagePost(app.db, statusId);
  },
  async hydrate(db, statusIds) {
    const rows = await queryRows<{ status_id: string; reason: string }>(
      db,
      sql`select status_id, reason from moderation_hidden_statuses where status_id in ${statusIds}`,
    );
    return new Map(rows.map((r) => [r.status_id, { hidden: r.reason }]));
  },
  // Held posts are few: the timeline's hydration statement finds them, and hydrate runs only then.
  candidates: (ids) => `select status_id from moderation_hidden_statuses where status_id = any(${ids})`,
  hides: (data) => Boolean((data as { hidden?: string } | undefined)?.hidden),
  async hiddenAmong(db, statusIds) {
    if (statusIds.length === 0) return new Set();
    const rows = await queryRows<{ status_id: string }>(
      db,
      sql`select status_id from moderation_hidden_statuses where status_id in ${statusIds}`,
    );
    return new Set(rows.map((r) => r.status_id));
  },
};

/** What the console shows for posts: text, author, the brand whose space it is, a link. */
async function describePosts(db: Db, ids: string[]): Promise<Map<string, SubjectSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{
    id: string;
    text: string;
    spoiler_text: string;
    account_id: string;
    written_by_id: string | null;
    username: string;
    display_name: string;
    writer: string | null;
    brand_id: string | null;
  }>(
    db,
    sql`select s.id, s.text, s.spoiler_text, s.account_id, s.written_by_id, a.username, a.display_name, w.username as writer, ${brandSpaceSql} as brand_id
        from statuses s join accounts a on a.id = s.account_id left join accounts w on w.id = s.written_by_id
        where s.id in ${ids}`,
  );
  const out = new Map<string, SubjectSummary>();
  for (const r of rows) {
    out.set(r.id, {
      text: r.text,
      title: r.spoiler_text || undefined,
      authorId: r.written_by_id ?? r.account_id,
      authorName: r.writer ? `${r.display_name || r.username} (@${r.writer})` : r.display_name || r.username,
      url: `/@${r.username}/${r.id}`,
      brandId: r.brand_id,
    });
  }
  return out;
}

/** The brand a post is for, to sign the notification. */
async function authorAndBrand(tx: DbOrTx, statusId: string) {
  const [row] = await queryRows<{ account_id: string; written_by_id: string | null }>(
    tx,
    sql`select account_id, written_by_id from statuses where id = ${statusId}`,
  );
  return row ?? null;
}

function postHandler(type: ModerationType): SubjectHandler {
  return {
    type,
    describe: describePosts,
    async onDecision(tx, statusId, decision: Decision) {
      const post = await authorAndBrand(tx, statusId);
      if (!post) return; // deleted by its author meanwhile
      const brandId = await brandSpaceOf(tx, statusId);
      if (decision.action === 'approve') {
        await unhide(tx, statusId);
        if (type === 'staff_post') {
          // Held until now: followers' open timelines hear of it after this commit.
          await enqueue(tx, 'status.announce', { statusId });
          if (post.written_by_id)
            await notifyAuthor(tx, {
              to: post.written_by_id,
              from: post.account_id,
              detail: 'staff_post_approved',
              subjectId: statusId,
            });
        }
        return;
      }
      await hide(tx, statusId, 'rejected', null);
      const to = type === 'staff_post' ? post.written_by_id : (post.written_by_id ?? post.account_id);
      if (to)
        await notifyAuthor(tx, {
          to,
          from: brandId,
          detail: `${type === 'staff_post' ? 'staff_post' : 'post'}_rejected:${decision.reason ?? 'other'}`,
          subjectId: statusId,
        });
    },
  };
}

/** Called once per app context by the composition root (src/links/extensions.ts). Idempotent. */
export function registerModeratedPosts(extensions: Pick<AppExtensions, 'statuses' | 'moderationSubjects'>) {
  extensions.statuses.register(moderatedPosts);
  for (const type of ['post', 'reply', 'comment', 'staff_post'] as const)
    extensions.moderationSubjects.register(postHandler(type));
}
