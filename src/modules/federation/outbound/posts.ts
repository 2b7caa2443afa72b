import { Note, Question } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type DbOrTx } from '../../../db/client';
import type { FedContext } from '../context';

/** Another post a post points at (its parent, what it quotes, what a repost shares): enough to name it. */
export type PostRef = { id: string; username: string; uri: string | null; poll: boolean } | null;

/** What a post needs to become a `Note` or `Question`, read for a set of posts in one query. */
export type PostRow = {
  id: string;
  account_id: string;
  username: string;
  domain: string | null;
  uri: string | null;
  visibility: string;
  content_html: string;
  spoiler_text: string;
  sensitive: boolean;
  language: string | null;
  created_at: Date | string;
  edited_at: Date | string | null;
  reblog_of: PostRef;
  in_reply_to: PostRef;
  quote_of: PostRef;
  poll: {
    options: { title: string; votesCount: number }[];
    multiple: boolean;
    expires_at: string;
    voters: number;
  } | null;
  media: { path: string; remote_url: string | null; width: number; height: number; description: string }[];
  mentions: { username: string; domain: string | null; uri: string | null; url: string | null }[];
  tags: string[];
};

const ref = (column: string) =>
  sql.raw(`(select json_build_object('id', p.id, 'username', pa.username, 'uri', p.uri,
              'poll', exists (select 1 from polls pp where pp.status_id = p.id))
            from statuses p join accounts pa on pa.id = p.account_id where p.id = s.${column})`);

/** The posts with these ids, as stored (missing ones are left out), in the order asked. */
export async function loadPosts(db: DbOrTx, ids: string[]): Promise<PostRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<PostRow>(
    db,
    sql`select s.id, s.account_id, a.username, a.domain, s.uri, s.visibility, s.content_html, s.spoiler_text,
          s.sensitive, s.language, s.created_at, s.edited_at,
          ${ref('reblog_of_id')} as reblog_of, ${ref('in_reply_to_id')} as in_reply_to, ${ref('quote_of_id')} as quote_of,
          (select json_build_object('options', pl.options, 'multiple', pl.multiple, 'expires_at', pl.expires_at,
                    'voters', pl.voters_count) from polls pl where pl.status_id = s.id) as poll,
          coalesce((select json_agg(json_build_object('path', m.path, 'remote_url', m.remote_url, 'width', m.width,
                      'height', m.height, 'description', m.description) order by m.position)
             from media_attachments m where m.status_id = s.id), '[]'::json) as media,
          coalesce((select json_agg(json_build_object('username', ma.username, 'domain', ma.domain, 'uri', r.uri,
                      'url', r.url) order by ma.username)
             from status_mentions sm join accounts ma on ma.id = sm.account_id
             left join remote_actors r on r.account_id = ma.id where sm.status_id = s.id), '[]'::json) as mentions,
          coalesce((select json_agg(t.tag order by t.tag) from status_tags t where t.status_id = s.id), '[]'::json) as tags
        from statuses s join accounts a on a.id = s.account_id
        where s.id = any(${arrayLiteral(ids)}::uuid[])`,
  );
  const byId = new Map(rows.map((r) => [r.id, parsed(r)]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

// node-postgres parses json columns; PGlite too, but be lenient with strings.
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function parsed(row: PostRow): PostRow {
  return {
    ...row,
    reblog_of: json(row.reblog_of),
    in_reply_to: json(row.in_reply_to),
    quote_of: json(row.quote_of),
    poll: json(row.poll),
    media: json(row.media),
    mentions: json(row.mentions),
    tags: json(row.tags),
  };
}

/**
 * A post's ActivityPub id: a remote post's own id, ours at our note path (or the question path
 * for a poll, so each kind is served by its own dispatcher).
 */
export function postUri(ctx: FedContext, post: NonNullable<PostRef>): URL {
  if (post.uri) return new URL(post.uri);
  return ourPostUri(ctx, post.username, post.id, post.poll);
}

/** The id of a post of ours: at the question path for a poll, at the note path otherwise. */
export function ourPostUri(ctx: FedContext, username: string, id: string, poll: boolean): URL {
  const values = { identifier: username, id };
  return poll ? ctx.getObjectUri(Question, values) : ctx.getObjectUri(Note, values);
}

/** A mentioned account's actor id: a remote one's own, ours at our actor path. */
export const mentionUri = (ctx: FedContext, m: PostRow['mentions'][number]) =>
  m.uri ? new URL(m.uri) : ctx.getActorUri(m.username);
