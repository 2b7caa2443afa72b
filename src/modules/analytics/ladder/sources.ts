/**
 * Where the collector reads interactions with a brand: one SELECT per source table, each giving
 * rows (brand_id, account_id, kind, at, ref, value) from a lower bound on. Tables whose ids are
 * UUIDv7 are bounded by id (their primary key, time-ordered); the others by their time column.
 * Kinds and their rungs: rules.ts. Brands are accounts of kind 'brand'; a brand's own acts and
 * direct messages are not interactions.
 */
import { type SQL, sql } from 'drizzle-orm';

/** The lowest UUIDv7 of an instant: every id made at or after it sorts at or above. */
export function uuidFloor(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

export type Bound = Date | null;
type Source = { name: string; select: (from: Bound) => SQL };

const idFrom = (column: SQL, from: Bound) => (from ? sql`${column} >= ${uuidFloor(from)}::uuid` : sql`true`);
const timeFrom = (column: SQL, from: Bound) =>
  from ? sql`${column} >= ${from.toISOString()}::timestamptz` : sql`true`;
/** A stable id for rows that have none (a follow, a space membership), from their key. */
const keyRef = (...parts: SQL[]) => sql`md5(${sql.join(parts, sql` || '/' || `)})::uuid`;
const epoch = (column: SQL) => sql`extract(epoch from ${column})::text`;

/** A person's act on a brand's post kept in its own table (account_id, status_id, created_at, UUIDv7 id). */
function actOnBrandPosts(table: 'favourites' | 'bookmarks', kind: 'like' | 'bookmark'): Source {
  return {
    name: table,
    select: (from) => sql`
      select s.account_id as brand_id, f.account_id, ${kind}::text as kind, f.created_at as at, f.id as ref,
             null::smallint as value
      from ${sql.identifier(table)} f join statuses s on s.id = f.status_id
        join accounts b on b.id = s.account_id and b.kind = 'brand'
      where ${idFrom(sql`f.id`, from)}`,
  };
}

export const sources: Source[] = [
  {
    // Posts: reposts of the brand's posts, replies to them, mentions (an original post is a
    // creator's, a reply a conversation), quotes and original posts carrying its products. The
    // brand received replies and mentions whatever their visibility (direct messages aside: the
    // inbox's); a followers-only post that does not name it stays private.
    name: 'statuses',
    select: (from) => sql`
      with s as (
        select id, account_id, in_reply_to_id, in_reply_to_account_id, reblog_of_id, quote_of_id, created_at,
               visibility in ('public', 'unlisted') as open
        from statuses where ${idFrom(sql`id`, from)} and visibility <> 'direct')
      select o.account_id as brand_id, s.account_id, 'repost' as kind, s.created_at as at, s.id as ref,
             null::smallint as value
        from s join statuses o on o.id = s.reblog_of_id join accounts b on b.id = o.account_id and b.kind = 'brand'
      union all
      select s.in_reply_to_account_id, s.account_id, 'reply', s.created_at, s.id, null
        from s join accounts b on b.id = s.in_reply_to_account_id and b.kind = 'brand'
        where s.reblog_of_id is null
      union all
      select m.account_id, s.account_id, case when s.in_reply_to_id is null then 'post' else 'mention' end,
             s.created_at, s.id, null
        from s join status_mentions m on m.status_id = s.id join accounts b on b.id = m.account_id and b.kind = 'brand'
        where s.reblog_of_id is null and s.in_reply_to_account_id is distinct from m.account_id
      union all
      select o.account_id, s.account_id, 'post', s.created_at, s.id, null
        from s join statuses o on o.id = s.quote_of_id join accounts b on b.id = o.account_id and b.kind = 'brand'
        where s.reblog_of_id is null and s.in_reply_to_id is null and s.open
      union all
      select p.brand_id, s.account_id, 'post', s.created_at, s.id, null
        from s join status_products sp on sp.status_id = s.id join products p on p.id = sp.product_id
        where s.reblog_of_id is null and s.in_reply_to_id is null and s.open`,
  },
  actOnBrandPosts('favourites', 'like'),
  actOnBrandPosts('bookmarks', 'bookmark'),
  {
    // Through each brand's own index (followee_id, created_at): brands are the accounts with a team.
    name: 'follows',
    select: (from) => sql`
      select f.followee_id as brand_id, f.follower_id as account_id, 'follow' as kind, f.created_at as at,
             ${keyRef(sql`f.follower_id::text`, sql`f.followee_id::text`, epoch(sql`f.created_at`))} as ref,
             null::smallint as value
      from follows f
      where f.followee_id in (select distinct brand_id from brand_members) and ${timeFrom(sql`f.created_at`, from)}`,
  },
  {
    // Published reviews, when published: with photos, with text, or a bare rating.
    name: 'reviews',
    select: (from) => sql`
      select r.brand_id, r.author_id as account_id,
             case when exists (select 1 from review_photos ph where ph.review_id = r.id) then 'review_photo'
                  when btrim(r.body) <> '' then 'review' else 'rating' end as kind,
             r.published_at as at, r.id as ref, r.rating as value
      from reviews r where r.status = 'published' and ${timeFrom(sql`r.published_at`, from)}`,
  },
  {
    // Questions and answers count when written (a later rejection does not take them back).
    name: 'qa_questions',
    select: (from) => sql`
      select q.brand_id, q.author_id as account_id, 'question' as kind, q.created_at as at, q.id as ref,
             null::smallint as value
      from qa_questions q where ${idFrom(sql`q.id`, from)} and q.status <> 'rejected'`,
  },
  {
    name: 'qa_answers',
    select: (from) => sql`
      select q.brand_id, a.author_id as account_id, 'answer' as kind, a.created_at as at, a.id as ref,
             null::smallint as value
      from qa_answers a join qa_questions q on q.id = a.question_id
      where ${idFrom(sql`a.id`, from)} and not a.official and a.status <> 'rejected'`,
  },
  {
    name: 'community_topics',
    select: (from) => sql`
      select sp.brand_id, t.author_id as account_id, 'topic' as kind, t.created_at as at, t.id as ref,
             null::smallint as value
      from community_topics t join community_spaces sp on sp.id = t.space_id
      where ${idFrom(sql`t.id`, from)} and t.status <> 'rejected'`,
  },
  {
    name: 'community_topic_replies',
    select: (from) => sql`
      select sp.brand_id, r.author_id as account_id, 'space_reply' as kind, r.created_at as at, r.id as ref,
             null::smallint as value
      from community_topic_replies r join community_topics t on t.id = r.topic_id
        join community_spaces sp on sp.id = t.space_id
      where ${idFrom(sql`r.id`, from)} and r.status <> 'rejected'`,
  },
  {
    name: 'community_space_invites',
    select: (from) => sql`
      select sp.brand_id, i.account_id, 'space_join' as kind, i.created_at as at,
             ${keyRef(sql`i.space_id::text`, sql`i.account_id::text`)} as ref, null::smallint as value
      from community_space_invites i join community_spaces sp on sp.id = i.space_id
      where ${timeFrom(sql`i.created_at`, from)}`,
  },
  {
    // Counted public check-ins at a brand's place (a private one is the person's own business);
    // shared as a post with photos, a creator's.
    name: 'checkins',
    select: (from) => sql`
      select p.brand_id, c.account_id,
             case when c.status_id is not null
                       and exists (select 1 from media_attachments m where m.status_id = c.status_id)
                  then 'check_in_photo' else 'check_in' end as kind,
             c.created_at as at, c.id as ref, null::smallint as value
      from checkins c join places p on p.id = c.place_id
      where p.brand_id is not null and c.counted and c.visibility = 'public' and ${idFrom(sql`c.id`, from)}`,
  },
  {
    name: 'place_tips',
    select: (from) => sql`
      select p.brand_id, t.author_id as account_id, 'tip' as kind, t.created_at as at, t.id as ref,
             null::smallint as value
      from place_tips t join places p on p.id = t.place_id
      where p.brand_id is not null and t.status <> 'rejected' and ${idFrom(sql`t.id`, from)}`,
  },
  {
    name: 'popup_subscribers',
    select: (from) => sql`
      select p.brand_id, s.account_id, 'subscription' as kind, s.created_at as at,
             ${keyRef(sql`s.popup_id::text`, sql`s.account_id::text`)} as ref, null::smallint as value
      from popup_subscribers s join popups p on p.id = s.popup_id
      where ${timeFrom(sql`s.created_at`, from)}`,
  },
];
