/**
 * Tips: short public advice about a place, triaged on arrival (the analysis module) and moderated
 * like reviews, in the same queue and console: the place's brand's queue under its policy, or the
 * platform's queue for a place without a brand. Routing:
 * - flagged by triage: held (`pending`) and queued, whatever the policy;
 * - clean, brand in post-moderation, or in pre-moderation letting confident approvals through:
 *   published at once;
 * - clean, brand in pre-moderation (the default): `pending` and queued until a moderator approves;
 * - clean, place without a brand: published at once (the platform post-moderates tips).
 * Liked by people (once each), listed most liked first.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { forbidden, notFound, unprocessable } from '../../lib/errors';
import { analyseText, type Flag } from '../analysis';
import {
  notifyAuthor,
  policyFor,
  submitForModeration,
  type Decision,
  type SubjectHandler,
  type SubjectSummary,
} from '../moderation';
import { authorVisibleTo } from '../social';
import { awardBadges, tipFacts } from './badges';
import type { TipStatus } from './schema';
import { findPlace, teamRole } from './team';

export const MAX_TIP = 400;

export type TipsContext = { db: Db; clock: { now(): Date } };

export function checkTipText(raw: unknown): string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
    throw unprocessable('empty_text', 'text is required', { field: 'text' });
  if (typeof raw !== 'string') throw unprocessable('invalid_text', 'text must be text', { field: 'text' });
  const text = raw.trim();
  if ([...text].length > MAX_TIP)
    throw unprocessable('text_too_long', `A tip has at most ${MAX_TIP} characters`, { field: 'text', max: MAX_TIP });
  return text;
}

/** Triage of a tip: the analysis' flags, without off_topic (a tip about a café need not name it). */
export function triageTip(text: string, brandName?: string): { language: string; flags: Flag[] } {
  const analysis = analyseText({ text, context: brandName ? { brandName } : undefined });
  return { language: analysis.language, flags: analysis.flags.filter((f) => f.code !== 'off_topic') };
}

/** Published at once, or held for a moderator (see the routing above). */
async function routeTip(db: DbOrTx, brandId: string | null, flags: Flag[]): Promise<TipStatus> {
  if (flags.length > 0) return 'pending';
  if (!brandId) return 'published';
  const policy = await policyFor(db, brandId);
  return policy.mode === 'post' || policy.autoApproveConfident ? 'published' : 'pending';
}

export type CreatedTip = { id: string; status: TipStatus; flags: Flag[] };

export async function createTip(
  ctx: TipsContext,
  authorId: string,
  placeId: string,
  raw: { text?: unknown },
): Promise<CreatedTip> {
  const place = await findPlace(ctx.db, placeId);
  if (place?.status !== 'active') throw notFound('Place');
  const text = checkTipText(raw.text);
  const [author] = await queryRows<{ kind: string }>(ctx.db, sql`select kind from accounts where id = ${authorId}`);
  if (!author) throw notFound('Account');
  if (author.kind === 'brand') throw forbidden('brands_cannot_tip', 'Brand accounts do not write tips');
  if (place.brandId && (await teamRole(ctx.db, place.brandId, authorId)))
    throw forbidden('own_brand', 'Members of a brand’s team do not write tips about its places');
  const [brand] = place.brandId
    ? await queryRows<{ name: string }>(
        ctx.db,
        sql`select coalesce(nullif(display_name, ''), username) as name from accounts where id = ${place.brandId}`,
      )
    : [];
  const triage = triageTip(text, brand?.name);
  const status = await routeTip(ctx.db, place.brandId, triage.flags);
  const id = uuidv7();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`insert into place_tips (id, place_id, author_id, text, language, status, flags, published_at, created_at)
          values (${id}, ${place.id}, ${authorId}, ${text}, ${triage.language}, ${status},
                  ${JSON.stringify(triage.flags)}::jsonb,
                  ${status === 'published' ? now.toISOString() : null}::timestamptz, ${now.toISOString()}::timestamptz)`,
    );
    if (status === 'pending')
      await submitForModeration(tx, {
        brandId: place.brandId,
        type: 'tip',
        subjectId: id,
        authorId,
        flags: triage.flags,
      });
    else await awardBadges(tx, authorId, await tipFacts(tx, authorId), place.id, now);
  });
  return { id, status, flags: triage.flags };
}

/** What a moderation decision does to a tip (registered by src/links/place-tips.ts). */
export async function applyTipDecision(tx: DbOrTx, tipId: string, decision: Decision, at: Date): Promise<void> {
  const [tip] = await queryRows<{
    id: string;
    author_id: string;
    place_id: string;
    status: TipStatus;
    brand_id: string | null;
  }>(
    tx,
    sql`select t.id, t.author_id, t.place_id, t.status, p.brand_id from place_tips t join places p on p.id = t.place_id
        where t.id = ${tipId} for update of t`,
  );
  if (!tip || tip.status === 'withdrawn') return;
  if (decision.action === 'approve') {
    if (tip.status === 'published') return;
    await queryRows(
      tx,
      sql`update place_tips set status = 'published', published_at = ${at.toISOString()}::timestamptz
        where id = ${tipId}`,
    );
    await awardBadges(tx, tip.author_id, await tipFacts(tx, tip.author_id), tip.place_id, at);
    await notifyAuthor(tx, { to: tip.author_id, from: tip.brand_id, detail: 'tip_published', subjectId: tipId });
    return;
  }
  await queryRows(tx, sql`update place_tips set status = 'rejected', published_at = null where id = ${tipId}`);
  await notifyAuthor(tx, {
    to: tip.author_id,
    from: tip.brand_id,
    detail: `tip_rejected:${decision.reason ?? 'other'}`,
    subjectId: tipId,
  });
}

/** What the moderation console shows for tips. */
export async function describeTips(db: Db, ids: string[]): Promise<Map<string, SubjectSummary>> {
  const out = new Map<string, SubjectSummary>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    id: string;
    text: string;
    author_id: string;
    author_name: string;
    place_id: string;
    place_name: string;
    brand_id: string | null;
  }>(
    db,
    sql`select t.id, t.text, t.author_id, coalesce(nullif(a.display_name, ''), a.username) as author_name,
               t.place_id, p.name as place_name, p.brand_id
        from place_tips t join places p on p.id = t.place_id join accounts a on a.id = t.author_id
          where t.id in ${ids}`,
  );
  for (const r of rows)
    out.set(r.id, {
      text: r.text,
      title: r.place_name,
      authorId: r.author_id,
      authorName: r.author_name,
      brandId: r.brand_id,
      url: `/places/${r.place_id}#tip-${r.id}`,
    });
  return out;
}

/** The moderation subject handler for tips; decisions are dated by the app's clock. */
export const tipSubject = (clock: { now(): Date }): SubjectHandler => ({
  type: 'tip',
  onDecision: (tx, tipId, decision) => applyTipDecision(tx, tipId, decision, clock.now()),
  describe: describeTips,
});

// Likes and the list --------------------------------------------------------------------------------

async function publishedTip(db: DbOrTx, tipId: string) {
  if (!isUuid(tipId)) throw notFound('Tip');
  const [tip] = await queryRows<{ id: string; author_id: string }>(
    db,
    sql`select id, author_id from place_tips where id = ${tipId} and status = 'published'`,
  );
  if (!tip) throw notFound('Tip');
  return tip;
}

/** Likes a published tip (once; not one's own). */
export async function likeTip(db: Db, accountId: string, tipId: string) {
  const tip = await publishedTip(db, tipId);
  if (tip.author_id === accountId) throw forbidden('own_tip', 'You cannot like your own tip');
  return db.transaction(async (tx) => {
    const added = await queryRows(
      tx,
      sql`insert into place_tip_likes (tip_id, account_id) values (${tipId}, ${accountId})
        on conflict do nothing returning 1`,
    );
    const [row] = await queryRows<{ likes_count: number }>(
      tx,
      sql`update place_tips set likes_count = likes_count + ${added.length} where id = ${tipId} returning likes_count`,
    );
    return { liked: true, likesCount: row.likes_count };
  });
}

export async function unlikeTip(db: Db, accountId: string, tipId: string) {
  await publishedTip(db, tipId);
  return db.transaction(async (tx) => {
    const removed = await queryRows(
      tx,
      sql`delete from place_tip_likes where tip_id = ${tipId} and account_id = ${accountId} returning 1`,
    );
    const [row] = await queryRows<{ likes_count: number }>(
      tx,
      sql`update place_tips set likes_count = greatest(0, likes_count - ${removed.length})
        where id = ${tipId} returning likes_count`,
    );
    return { liked: false, likesCount: row.likes_count };
  });
}

export type TipView = {
  id: string;
  placeId: string;
  text: string;
  language: string | null;
  likesCount: number;
  liked: boolean;
  publishedAt: Date | null;
  author: { id: string; username: string; displayName: string };
};

/** A place's published tips, most liked first (then newest), without those a block hides. */
export async function listTips(db: DbOrTx, viewerId: string | null, placeId: string, limit = 20): Promise<TipView[]> {
  const place = await findPlace(db, placeId);
  if (!place || place.status === 'hidden') throw notFound('Place');
  const rows = await queryRows<{
    id: string;
    text: string;
    language: string | null;
    likes_count: number;
    liked: boolean;
    published_at: Date | string | null;
    author_id: string;
    username: string;
    display_name: string;
  }>(
    db,
    sql`select t.id, t.text, t.language, t.likes_count, t.published_at, t.author_id, a.username, a.display_name,
               ${
                 viewerId
                   ? sql`exists (select 1 from place_tip_likes l where l.tip_id = t.id
                 and l.account_id = ${viewerId})`
                   : sql`false`
               } as liked
        from place_tips t join accounts a on a.id = t.author_id
        where t.place_id = ${place.id} and t.status = 'published'
          and ${authorVisibleTo(viewerId, sql`t.author_id`, { mutes: true })}
        order by t.likes_count desc, t.published_at desc, t.id desc
        limit ${Math.min(Math.max(limit, 1), 50)}`,
  );
  return rows.map((r) => ({
    id: r.id,
    placeId: place.id,
    text: r.text,
    language: r.language,
    likesCount: r.likes_count,
    liked: Boolean(r.liked),
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    author: { id: r.author_id, username: r.username, displayName: r.display_name },
  }));
}
