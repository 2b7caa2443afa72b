/**
 * Topics and replies are written here: checked, triaged with the analysis module and routed by
 * the brand's moderation policy, like tips and reviews:
 * - written by the brand's team: published at once (its own space);
 * - flagged by triage: `pending` and queued, whatever the policy;
 * - clean, brand in post-moderation or letting confident approvals through: published at once;
 * - clean, brand in pre-moderation (the default): `pending` until a moderator approves.
 * A pending post is shown to its author and the team only.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { conflict, forbidden, notFound, unprocessable } from '../../../lib/errors';
import { analyseText, type Flag } from '../../analysis';
import { policyFor, submitForModeration } from '../../moderation';
import { readableSpace, type SpaceAccess } from './access';
import type { SpacePostStatus } from './schema';
import { readableTopic } from './topics';

export const MAX_TITLE = 140;
export const MAX_TEXT = 10000;

export type PostingContext = { db: Db; clock: { now(): Date } };

function checkText(raw: unknown, field: 'title' | 'text', max: number): string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
    throw unprocessable(field === 'text' ? 'empty_text' : 'missing_title', `${field} is required`, { field });
  if (typeof raw !== 'string') throw unprocessable(`invalid_${field}`, `${field} must be text`, { field });
  const value = raw.trim();
  if ([...value].length > max)
    throw unprocessable(`${field}_too_long`, `${field} has at most ${max} characters`, { field, max });
  return value;
}

async function route(db: DbOrTx, access: SpaceAccess, flags: Flag[]): Promise<SpacePostStatus> {
  if (access.team) return 'published';
  if (flags.length > 0) return 'pending';
  const policy = await policyFor(db, access.space.brandId);
  return policy.mode === 'post' || policy.autoApproveConfident ? 'published' : 'pending';
}

async function assertWriter(db: DbOrTx, access: SpaceAccess, authorId: string) {
  if (access.space.archivedAt) throw conflict('space_archived', 'This space is archived');
  const [author] = await queryRows<{ kind: string }>(db, sql`select kind from accounts where id = ${authorId}`);
  if (!author) throw notFound('Account');
  if (author.kind === 'brand' && authorId !== access.space.brandId)
    throw forbidden('brands_cannot_post', 'Another brand does not post in this space');
}

function triage(title: string, text: string, brandName: string) {
  const analysis = analyseText({ text, title: title || undefined, context: { brandName } });
  // A question about anything is welcome in a brand's space: off_topic is not a reason to hold it.
  return { language: analysis.language, flags: analysis.flags.filter((f) => f.code !== 'off_topic') };
}

export type Posted = { id: string; status: SpacePostStatus; flags: Flag[] };

export async function createTopic(
  ctx: PostingContext,
  authorId: string,
  spaceId: string,
  raw: { title?: unknown; text?: unknown },
): Promise<Posted> {
  const access = await readableSpace(ctx.db, authorId, spaceId);
  await assertWriter(ctx.db, access, authorId);
  const title = checkText(raw.title, 'title', MAX_TITLE);
  const text = checkText(raw.text, 'text', MAX_TEXT);
  const t = triage(title, text, access.space.brandName);
  const status = await route(ctx.db, access, t.flags);
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`insert into community_topics (id, space_id, author_id, title, text, language, status, flags,
            last_activity_at, created_at)
          values (${id}, ${access.space.id}, ${authorId}, ${title}, ${text}, ${t.language}, ${status},
            ${JSON.stringify(t.flags)}::jsonb, ${now}::timestamptz, ${now}::timestamptz)`,
    );
    if (status === 'pending')
      await submitForModeration(tx, {
        brandId: access.space.brandId,
        type: 'topic',
        subjectId: id,
        authorId,
        flags: t.flags,
      });
  });
  return { id, status, flags: t.flags };
}

export async function createReply(
  ctx: PostingContext,
  authorId: string,
  topicId: string,
  raw: { text?: unknown },
): Promise<Posted & { topicId: string }> {
  const { topic, access } = await readableTopic(ctx.db, authorId, topicId);
  await assertWriter(ctx.db, access, authorId);
  if (topic.status !== 'published') throw conflict('topic_not_published', 'This topic is not published yet');
  if (topic.locked) throw conflict('topic_locked', 'This topic is locked: no more replies');
  const text = checkText(raw.text, 'text', MAX_TEXT);
  const t = triage('', text, access.space.brandName);
  const status = await route(ctx.db, access, t.flags);
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`insert into community_topic_replies (id, topic_id, author_id, text, language, status, flags, created_at)
          values (${id}, ${topic.id}, ${authorId}, ${text}, ${t.language}, ${status},
            ${JSON.stringify(t.flags)}::jsonb, ${now}::timestamptz)`,
    );
    if (status === 'pending')
      await submitForModeration(tx, {
        brandId: access.space.brandId,
        type: 'topic_reply',
        subjectId: id,
        authorId,
        flags: t.flags,
      });
    else
      await queryRows(
        tx,
        sql`update community_topics set last_activity_at = ${now}::timestamptz where id = ${topic.id}`,
      );
  });
  return { id, status, flags: t.flags, topicId: topic.id };
}
