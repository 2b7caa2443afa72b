/**
 * Topics and replies as moderation subjects (types `topic`, `topic_reply`), in the brand's queue
 * and console: approving publishes and tells the author, rejecting keeps it hidden and tells the
 * author the reason. Registered by src/links/community-spaces.ts.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { notifyAuthor, type Decision, type SubjectHandler, type SubjectSummary } from '../../moderation';

type Kind = 'topic' | 'topic_reply';
const table = (kind: Kind) => sql.raw(kind === 'topic' ? 'community_topics' : 'community_topic_replies');

async function applyDecision(tx: DbOrTx, kind: Kind, id: string, decision: Decision, at: Date) {
  const [row] = await queryRows<{ author_id: string; status: string; brand_id: string; topic_id: string }>(
    tx,
    kind === 'topic'
      ? sql`select t.author_id, t.status, s.brand_id, t.id as topic_id from community_topics t
            join community_spaces s on s.id = t.space_id where t.id = ${id} for update of t`
      : sql`select r.author_id, r.status, s.brand_id, r.topic_id from community_topic_replies r
            join community_topics t on t.id = r.topic_id join community_spaces s on s.id = t.space_id
            where r.id = ${id} for update of r`,
  );
  if (!row) return;
  if (decision.action === 'approve') {
    if (row.status === 'published') return;
    await queryRows(tx, sql`update ${table(kind)} set status = 'published' where id = ${id}`);
    await queryRows(
      tx,
      sql`update community_topics set last_activity_at = greatest(last_activity_at, ${at.toISOString()}::timestamptz)
          where id = ${row.topic_id}`,
    );
    await notifyAuthor(tx, { to: row.author_id, from: row.brand_id, detail: `${kind}_published`, subjectId: id });
    return;
  }
  await queryRows(tx, sql`update ${table(kind)} set status = 'rejected' where id = ${id}`);
  if (kind === 'topic_reply')
    await queryRows(
      tx,
      sql`update community_topics set accepted_reply_id = null
          where id = ${row.topic_id} and accepted_reply_id = ${id}`,
    );
  await notifyAuthor(tx, {
    to: row.author_id,
    from: row.brand_id,
    detail: `${kind}_rejected:${decision.reason ?? 'other'}`,
    subjectId: id,
  });
}

async function describe(db: Db, kind: Kind, ids: string[]): Promise<Map<string, SubjectSummary>> {
  const out = new Map<string, SubjectSummary>();
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    id: string;
    text: string;
    title: string;
    author_id: string;
    author_name: string;
    brand_id: string;
    topic_id: string;
  }>(
    db,
    kind === 'topic'
      ? sql`select t.id, t.text, t.title, t.author_id, coalesce(nullif(a.display_name, ''), a.username) as author_name,
              s.brand_id, t.id as topic_id
            from community_topics t join community_spaces s on s.id = t.space_id join accounts a on a.id = t.author_id
            where t.id in ${ids}`
      : sql`select r.id, r.text, t.title, r.author_id, coalesce(nullif(a.display_name, ''), a.username) as author_name,
              s.brand_id, t.id as topic_id
            from community_topic_replies r join community_topics t on t.id = r.topic_id
            join community_spaces s on s.id = t.space_id join accounts a on a.id = r.author_id
            where r.id in ${ids}`,
  );
  for (const r of rows)
    out.set(r.id, {
      text: r.text,
      title: r.title,
      authorId: r.author_id,
      authorName: r.author_name,
      brandId: r.brand_id,
      url: kind === 'topic' ? `/topics/${r.topic_id}` : `/topics/${r.topic_id}#reply-${r.id}`,
    });
  return out;
}

/** The moderation subject handlers of topics and replies; decisions are dated by the app's clock. */
export const spaceSubjects = (clock: { now(): Date }): SubjectHandler[] =>
  (['topic', 'topic_reply'] as const).map((kind) => ({
    type: kind,
    onDecision: (tx, id, decision) => applyDecision(tx, kind, id, decision, clock.now()),
    describe: (db, ids) => describe(db, kind, ids),
  }));
