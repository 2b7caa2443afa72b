/**
 * Reading topics and the team's actions on them. A topic is read by whoever reads its space; a
 * pending or rejected topic or reply only by its author and the brand's team (others: 404 for a
 * topic, absent for a reply). The accepted answer is chosen by the topic's author or the team
 * with `community.manage`; the latter also pin, lock and move topics between the brand's spaces.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { forbidden, notFound, unprocessable } from '../../../lib/errors';
import { readableSpace, type SpaceAccess } from './access';
import type { SpacePostStatus } from './schema';

export type Author = { id: string; username: string; displayName: string; kind: string };
export type TopicRow = {
  id: string;
  spaceId: string;
  title: string;
  text: string;
  language: string | null;
  status: SpacePostStatus;
  pinned: boolean;
  locked: boolean;
  acceptedReplyId: string | null;
  repliesCount: number;
  lastActivityAt: Date;
  createdAt: Date;
  author: Author;
};
export type ReplyRow = {
  id: string;
  topicId: string;
  text: string;
  status: SpacePostStatus;
  accepted: boolean;
  team: boolean;
  createdAt: Date;
  author: Author;
};

type RawTopic = {
  id: string;
  space_id: string;
  title: string;
  text: string;
  language: string | null;
  status: SpacePostStatus;
  pinned: boolean;
  locked: boolean;
  accepted_reply_id: string | null;
  replies_count: number | string;
  last_activity_at: string | Date;
  created_at: string | Date;
  author_id: string;
  username: string;
  display_name: string;
  kind: string;
};

const toTopic = (r: RawTopic): TopicRow => ({
  id: r.id,
  spaceId: r.space_id,
  title: r.title,
  text: r.text,
  language: r.language,
  status: r.status,
  pinned: r.pinned,
  locked: r.locked,
  acceptedReplyId: r.accepted_reply_id,
  repliesCount: Number(r.replies_count),
  lastActivityAt: new Date(r.last_activity_at),
  createdAt: new Date(r.created_at),
  author: { id: r.author_id, username: r.username, displayName: r.display_name || r.username, kind: r.kind },
});

const topicColumns = sql`t.id, t.space_id, t.title, t.text, t.language, t.status, t.pinned, t.locked,
  t.accepted_reply_id, t.last_activity_at, t.created_at, t.author_id, a.username, a.display_name, a.kind,
  (select count(*) from community_topic_replies r where r.topic_id = t.id and r.status = 'published') as replies_count`;

/** The topic and its space as `viewerId` may see them; 404 otherwise. */
export async function readableTopic(
  db: DbOrTx,
  viewerId: string | null,
  topicId: string,
): Promise<{ topic: TopicRow; access: SpaceAccess }> {
  if (!isUuid(topicId)) throw notFound('Topic');
  const [raw] = await queryRows<RawTopic>(
    db,
    sql`select ${topicColumns} from community_topics t join accounts a on a.id = t.author_id where t.id = ${topicId}`,
  );
  if (!raw) throw notFound('Topic');
  const access = await readableSpace(db, viewerId, raw.space_id).catch(() => {
    throw notFound('Topic');
  });
  const topic = toTopic(raw);
  if (topic.status !== 'published' && !access.team && topic.author.id !== viewerId) throw notFound('Topic');
  return { topic, access };
}

/** A space's topics: pinned first, then by last activity; pending ones of the viewer (all for the team). */
export async function listTopics(
  db: Db,
  viewerId: string | null,
  spaceId: string,
  options: { publishedOnly?: boolean; limit?: number } = {},
): Promise<{ access: SpaceAccess; topics: TopicRow[] }> {
  const access = await readableSpace(db, viewerId, spaceId);
  const visible = options.publishedOnly
    ? sql`t.status = 'published'`
    : access.team
      ? sql`true`
      : sql`(t.status = 'published' or t.author_id = ${viewerId})`;
  const rows = await queryRows<RawTopic>(
    db,
    sql`select ${topicColumns} from community_topics t join accounts a on a.id = t.author_id
        where t.space_id = ${access.space.id} and ${visible}
        order by t.pinned desc, t.last_activity_at desc, t.id desc
        limit ${Math.min(Math.max(options.limit ?? 50, 1), 200)}`,
  );
  return { access, topics: rows.map(toTopic) };
}

/** The replies the viewer may see, oldest first (optionally only those after `afterId`, for live updates). */
export async function listReplies(
  db: DbOrTx,
  viewerId: string | null,
  topic: TopicRow,
  access: SpaceAccess,
  afterId?: string,
): Promise<ReplyRow[]> {
  const visible = access.team ? sql`true` : sql`(r.status = 'published' or r.author_id = ${viewerId})`;
  const after = afterId && isUuid(afterId) ? sql`and r.id > ${afterId}` : sql``;
  const rows = await queryRows<{
    id: string;
    text: string;
    status: SpacePostStatus;
    created_at: string | Date;
    author_id: string;
    username: string;
    display_name: string;
    kind: string;
    team: boolean;
  }>(
    db,
    sql`select r.id, r.text, r.status, r.created_at, r.author_id, a.username, a.display_name, a.kind,
          (r.author_id = ${access.space.brandId} or exists (select 1 from brand_members m
             where m.brand_id = ${access.space.brandId} and m.account_id = r.author_id)) as team
        from community_topic_replies r join accounts a on a.id = r.author_id
        where r.topic_id = ${topic.id} and ${visible} ${after}
        order by r.created_at, r.id limit 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    topicId: topic.id,
    text: r.text,
    status: r.status,
    accepted: r.id === topic.acceptedReplyId,
    team: Boolean(r.team),
    createdAt: new Date(r.created_at),
    author: { id: r.author_id, username: r.username, displayName: r.display_name || r.username, kind: r.kind },
  }));
}

export async function getTopic(db: Db, viewerId: string | null, topicId: string) {
  const { topic, access } = await readableTopic(db, viewerId, topicId);
  const replies = await listReplies(db, viewerId, topic, access);
  return { topic, access, replies };
}

async function managedTopic(db: DbOrTx, actorId: string, topicId: string) {
  const found = await readableTopic(db, actorId, topicId);
  if (!found.access.team) throw notFound('Topic');
  if (!found.access.manager)
    throw forbidden('role_not_allowed', `Your role (${found.access.role}) does not allow this`);
  return found;
}

/** Marks (or with `replyId` null, clears) the accepted answer: the topic's author or the team. */
export async function acceptReply(db: Db, actorId: string, topicId: string, raw: unknown) {
  const { topic, access } = await readableTopic(db, actorId, topicId);
  if (raw === undefined) throw unprocessable('missing_reply_id', 'reply_id is required', { field: 'reply_id' });
  const replyId = raw === null || raw === '' ? null : typeof raw === 'string' ? raw.toLowerCase() : '-';
  if (topic.author.id !== actorId && !access.manager) {
    if (access.team) throw forbidden('role_not_allowed', `Your role (${access.role}) does not allow this`);
    throw forbidden('not_topic_author', 'Only the topic’s author or the brand’s team accepts an answer');
  }
  if (replyId !== null) {
    const [reply] = isUuid(replyId)
      ? await queryRows<{ id: string }>(
          db,
          sql`select id from community_topic_replies where id = ${replyId} and topic_id = ${topic.id}
              and status = 'published'`,
        )
      : [];
    if (!reply)
      throw unprocessable('invalid_reply', 'reply_id is not a published reply of this topic', {
        field: 'reply_id',
      });
  }
  await queryRows(db, sql`update community_topics set accepted_reply_id = ${replyId} where id = ${topic.id}`);
  return { topicId: topic.id, acceptedReplyId: replyId };
}

export async function setTopicFlags(
  db: Db,
  actorId: string,
  topicId: string,
  change: { pinned?: boolean; locked?: boolean },
) {
  const { topic } = await managedTopic(db, actorId, topicId);
  const pinned = change.pinned ?? topic.pinned;
  const locked = change.locked ?? topic.locked;
  await queryRows(db, sql`update community_topics set pinned = ${pinned}, locked = ${locked} where id = ${topic.id}`);
  return { ...topic, pinned, locked };
}

/** Moves a topic to another space of the same brand (another brand's space: 422, as if unknown). */
export async function moveTopic(db: Db, actorId: string, topicId: string, spaceId: unknown) {
  const { topic, access } = await managedTopic(db, actorId, topicId);
  const invalid = () =>
    unprocessable('invalid_space', 'space_id is not one of the brand’s spaces', { field: 'space_id' });
  if (typeof spaceId !== 'string' || !isUuid(spaceId)) throw invalid();
  const [target] = await queryRows<{ id: string }>(
    db,
    sql`select id from community_spaces where id = ${spaceId} and brand_id = ${access.space.brandId}`,
  );
  if (!target) throw invalid();
  await queryRows(db, sql`update community_topics set space_id = ${target.id} where id = ${topic.id}`);
  return { ...topic, spaceId: target.id };
}
