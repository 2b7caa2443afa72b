/** Bulk statuses and likes (bulk.ts runs them): posts, replies, reposts and likes, made in SQL by time chunks. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { uuidv7Floor } from '../db/ids';
import { inBatches, run, uuidv7Sql, type BulkOptions } from './bulk-helpers';
import { REPLIES } from './demo-world';

/** Top-level posts, evenly spread in time; authors heavy-tailed (a few accounts post a lot). */
export async function insertPosts(
  db: Db,
  accounts: number,
  posts: number,
  texts: number,
  from: number,
  to: number,
  parallel: number,
  progress: NonNullable<BulkOptions['onProgress']>,
) {
  const step = (to - from) / Math.max(1, posts);
  const batch = 50_000;
  let done = 0;
  const tasks = [];
  for (let lo = 0; lo < posts; lo += batch) {
    const hi = Math.min(posts, lo + batch) - 1;
    tasks.push(async () => {
      await run(
        db,
        sql`with t as materialized (
              select x.ms, ${sql.raw(uuidv7Sql('x.ms'))} as id, x.an, x.ti, x.vis from (
                select (${from}::bigint + floor(g * ${step}::float8 + random() * ${step}::float8))::bigint as ms,
                       floor(power(random(), 2) * ${accounts}::int)::int as an,
                       floor(random() * ${texts}::int)::int as ti,
                       random() as vis
                from generate_series(${lo}::int, ${hi}::int) g
              ) x
            ), ins as (
              insert into statuses (id, account_id, text, content_html, language, visibility, created_at)
              select t.id, a.id, p.text, p.html, 'fr',
                     case when t.vis < 0.03 then 'private' when t.vis < 0.05 then 'unlisted' else 'public' end,
                     to_timestamp(t.ms / 1000.0)
              from t join _bulk_accounts a on a.n = t.an join _bulk_texts p on p.i = t.ti
              order by t.id
            )
            insert into status_tags (tag, status_id)
            select distinct tg, t.id from t join _bulk_texts p on p.i = t.ti cross join unnest(p.tags) tg`,
      );
      done += hi - lo + 1;
      progress({ phase: 'posts', done, total: posts });
    });
  }
  await inBatches(tasks, parallel);
}

export function timeChunks(from: number, to: number, n: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++)
    out.push([
      uuidv7Floor(Math.floor(from + ((to - from) * i) / n)),
      uuidv7Floor(Math.floor(from + ((to - from) * (i + 1)) / n) + (i === n - 1 ? 1 : 0)),
    ]);
  return out;
}

/** Replies to a sample of earlier posts, within hours of them, by heavy-tailed authors. */
export async function insertReplies(
  db: Db,
  accounts: number,
  replies: number,
  posts: number,
  texts: number,
  chunks: [string, string][],
  now: number,
  parallel: number,
  progress: NonNullable<BulkOptions['onProgress']>,
) {
  if (replies <= 0 || posts <= 0) return;
  const p = Math.min(1, replies / posts);
  let done = 0;
  await inBatches(
    chunks.map(([lo, hi]) => async () => {
      await run(
        db,
        sql`with src as materialized (
              select s.id as parent_id, s.account_id as parent_account,
                     least(${now}::bigint, (extract(epoch from s.created_at) * 1000)::bigint + floor(power(random(), 3) * 86400000)::bigint) as ms,
                     floor(power(random(), 2) * ${accounts}::int)::int as an,
                     ${texts}::int + floor(random() * ${REPLIES.length}::int)::int as ti
              from statuses s
              where s.id >= ${lo}::uuid and s.id < ${hi}::uuid and s.reblog_of_id is null and s.in_reply_to_id is null and s.visibility = 'public' and random() < ${p}::float8
            ), t as materialized (select src.*, ${sql.raw(uuidv7Sql('src.ms'))} as id from src)
            insert into statuses (id, account_id, text, content_html, language, visibility, in_reply_to_id, in_reply_to_account_id, created_at)
            select t.id, a.id, x.text, x.html, 'fr', 'public', t.parent_id, t.parent_account, to_timestamp(t.ms / 1000.0)
            from t join _bulk_accounts a on a.n = t.an join _bulk_texts x on x.i = t.ti
            order by t.id`,
      );
      progress({ phase: 'replies', done: ++done, total: chunks.length });
    }),
    parallel,
  );
}

/** Reposts of a sample of posts, by other accounts, within a day of the original. */
export async function insertReposts(
  db: Db,
  accounts: number,
  reposts: number,
  posts: number,
  chunks: [string, string][],
  now: number,
  parallel: number,
  progress: NonNullable<BulkOptions['onProgress']>,
) {
  if (reposts <= 0 || posts <= 0) return;
  const p = Math.min(1, reposts / posts);
  let done = 0;
  await inBatches(
    chunks.map(([lo, hi]) => async () => {
      await run(
        db,
        sql`with src as materialized (
              select s.id as original_id, s.account_id as original_account,
                     least(${now}::bigint, (extract(epoch from s.created_at) * 1000)::bigint + floor(random() * 86400000)::bigint) as ms,
                     floor(power(random(), 2) * ${accounts}::int)::int as an
              from statuses s
              where s.id >= ${lo}::uuid and s.id < ${hi}::uuid and s.reblog_of_id is null and s.in_reply_to_id is null and s.visibility = 'public' and random() < ${p}::float8
            ), t as materialized (select src.*, ${sql.raw(uuidv7Sql('src.ms'))} as id from src)
            insert into statuses (id, account_id, reblog_of_id, visibility, created_at)
            select t.id, a.id, t.original_id, 'public', to_timestamp(t.ms / 1000.0)
            from t join _bulk_accounts a on a.n = t.an
            where a.id <> t.original_account
            order by t.id
            on conflict do nothing`,
      );
      progress({ phase: 'reposts', done: ++done, total: chunks.length });
    }),
    parallel,
  );
}

/** Likes: a sample of posts and replies gets 1 to ~20 likes each (most get few). */
export async function insertLikes(
  db: Db,
  accounts: number,
  likes: number,
  statuses: number,
  chunks: [string, string][],
  now: number,
  parallel: number,
  progress: NonNullable<BulkOptions['onProgress']>,
) {
  if (likes <= 0 || statuses <= 0) return;
  const meanPerStatus = 5.5; // 1 + floor(u^3 * 20) averages about 5.5
  const p = Math.min(1, likes / meanPerStatus / statuses);
  let done = 0;
  await inBatches(
    chunks.map(([lo, hi]) => async () => {
      await run(
        db,
        sql`with c as materialized (
              select s.id, s.created_at, 1 + floor(power(random(), 3) * 20)::int as k
              from statuses s
              where s.id >= ${lo}::uuid and s.id < ${hi}::uuid and s.reblog_of_id is null and random() < ${p}::float8
            ), t as materialized (
              select c.id as status_id, l.ms, floor(random() * ${accounts}::int)::int as an, ${sql.raw(uuidv7Sql('l.ms'))} as id
              from c cross join lateral (
                select least(${now}::bigint, (extract(epoch from c.created_at) * 1000)::bigint + floor(random() * 172800000)::bigint) as ms
                from generate_series(1, c.k)
              ) l
            )
            insert into favourites (id, account_id, status_id, created_at)
            select t.id, a.id, t.status_id, to_timestamp(t.ms / 1000.0)
            from t join _bulk_accounts a on a.n = t.an
            order by t.id
            on conflict do nothing`,
      );
      progress({ phase: 'likes', done: ++done, total: chunks.length });
    }),
    parallel,
  );
}
