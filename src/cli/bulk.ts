/**
 * Fast bulk generation of large worlds for benchmarks and load tests: 10k accounts and 1M posts
 * on PGlite in a few minutes, 100k / 5M on a PostgreSQL server.
 *
 * Rows are generated inside the database by batched `insert ... select generate_series` (no
 * per-row round trip, nothing to transfer but a few parameters); only names and the pool of
 * French texts come from JavaScript. The services are bypassed, so the denormalized counters
 * (posts, followers, following, replies, reposts, likes) are recomputed at the end.
 *
 * Ids are UUIDv7 built from each row's own timestamp, so they sort by created_at like the ids
 * the services make. They are built in SQL rather than with uuidv7() from src/db/ids.ts: that
 * one is monotonic per process (an id is never older than the last one made), which would pin
 * every back-dated id to the newest time already issued.
 */
import { fakerFR } from '@faker-js/faker';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/client';
import { renderText, parseText } from '../modules/social';
import {
  BULK_EMAIL_DOMAIN,
  count,
  DAY,
  run,
  uuidv7Sql,
  inBatches,
  type BulkOptions,
  type BulkResult,
} from './bulk-helpers';
import { insertLikes, insertPosts, insertReplies, insertReposts, timeChunks } from './bulk-statuses';
import { BIO_END, BIO_START, CITIES, REPLIES, demoTextPool, handlePart } from './demo-world';

export { BULK_EMAIL_DOMAIN, uuidv7Sql, type BulkOptions, type BulkResult } from './bulk-helpers';

export async function generateBulk(database: Database, options: BulkOptions): Promise<BulkResult> {
  const db = database.db;
  const seed = options.seed ?? 1;
  const days = options.days ?? 90;
  const parallel = database.kind === 'pg' ? 2 : 1;
  const progress = options.onProgress ?? (() => {});
  const seconds: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      seconds[phase] = Math.round((performance.now() - t0) / 100) / 10;
    }
  };
  const now = Date.now() - 60_000;
  const postsFrom = now - days * DAY;

  await run(db, sql`drop table if exists _bulk_accounts`);
  await run(db, sql`drop table if exists _bulk_texts`);
  await run(db, sql`create table _bulk_accounts (n int primary key, id uuid not null)`);
  await run(
    db,
    sql`create table _bulk_texts (i int primary key, text text not null, html text not null, tags text[] not null)`,
  );

  try {
    // Accounts already there (a demo world) come first: the low numbers are the popular ones.
    const existing = await count(db, sql`select count(*)::int as n from accounts`);
    await run(
      db,
      sql`insert into _bulk_accounts (n, id)
      select (row_number() over (order by kind = 'brand' desc, followers_count desc, id))::int - 1, id from accounts`,
    );
    const total = existing + options.accounts;
    await timed('accounts', () => insertAccounts(db, existing, options, seed, postsFrom, progress));
    await run(db, sql`analyze _bulk_accounts`);

    const textCount = await insertTexts(db, seed, options.publicUrl ?? 'http://localhost:3000');
    const posts = Math.round(options.posts * 0.8);
    const replies = Math.round(options.posts * 0.1);
    const reposts = options.posts - posts - replies;

    const follows = Math.min(options.follows ?? 200, total - 1);
    await timed('follows', () => insertFollows(db, total, follows, parallel, progress));
    await timed('posts', () => insertPosts(db, total, posts, textCount, postsFrom, now, parallel, progress));
    const chunks = timeChunks(postsFrom, now, Math.max(1, Math.ceil(posts / 50_000)));
    await timed('replies', () => insertReplies(db, total, replies, posts, textCount, chunks, now, parallel, progress));
    await timed('reposts', () => insertReposts(db, total, reposts, posts, chunks, now, parallel, progress));
    const likes = options.likes ?? Math.round(options.posts / 2);
    await timed('likes', () => insertLikes(db, total, likes, posts + replies, chunks, now, parallel, progress));
    await timed('counters', () => fixCounters(db, progress));
    progress({ phase: 'analyze', done: 0, total: 1 });
    await timed('analyze', async () => {
      for (const table of ['accounts', 'follows', 'statuses', 'status_tags', 'favourites'])
        await run(db, sql.raw(`vacuum analyze ${table}`));
    });
    progress({ phase: 'analyze', done: 1, total: 1 });
    return {
      accounts: options.accounts,
      follows: await count(db, sql`select count(*)::int as n from follows`),
      statuses: await count(db, sql`select count(*)::int as n from statuses`),
      likes: await count(db, sql`select count(*)::int as n from favourites`),
      seconds,
    };
  } finally {
    await run(db, sql`drop table if exists _bulk_accounts`);
    await run(db, sql`drop table if exists _bulk_texts`);
  }
}

async function insertAccounts(
  db: Db,
  first: number,
  options: BulkOptions,
  seed: number,
  before: number,
  progress: NonNullable<BulkOptions['onProgress']>,
) {
  const f = fakerFR;
  f.seed(seed);
  const n = options.accounts;
  // Accounts were made over the year before the first post, in id order.
  const from = before - 365 * DAY;
  const step = (365 * DAY) / Math.max(1, n);
  const batch = 5_000;
  for (let start = 0; start < n; start += batch) {
    const rows = [];
    for (let k = start; k < Math.min(n, start + batch); k++) {
      const firstName = f.person.firstName();
      const lastName = f.person.lastName();
      const index = first + k;
      rows.push({
        n: index,
        ms: Math.floor(from + k * step),
        username: `${`${handlePart(firstName)}_${handlePart(lastName)}`.slice(0, 20)}_${index}`,
        display_name: `${firstName} ${lastName}`,
        note: `${BIO_START[k % BIO_START.length]}, ${BIO_END[(k * 7) % BIO_END.length]}`,
        location: k % 5 < 3 ? CITIES[k % CITIES.length]! : f.location.city(),
      });
    }
    const withCredentials = options.passwordHash
      ? sql`, cred as (insert into credentials (account_id, email, password_hash, created_at)
            select id, lower(username) || ${`@${BULK_EMAIL_DOMAIN}`}, ${options.passwordHash}, to_timestamp(ms / 1000.0) from src)`
      : sql``;
    await run(
      db,
      sql`with src as materialized (
            select r.n, r.username, r.display_name, r.note, r.location, r.ms, ${sql.raw(uuidv7Sql('r.ms'))} as id
            from json_to_recordset(${JSON.stringify(rows)}::json) as r(n int, ms bigint, username text, display_name text, note text, location text)
          ), acc as (
            insert into accounts (id, kind, username, display_name, note, location, locale, created_at, updated_at)
            select id, 'person', username, display_name, note, location, 'fr', to_timestamp(ms / 1000.0), to_timestamp(ms / 1000.0) from src
          )${withCredentials}
          insert into _bulk_accounts (n, id) select n, id from src`,
    );
    progress({ phase: 'accounts', done: Math.min(n, start + batch), total: n });
  }
}

/** French posts (and, after them, replies) with their rendered HTML and hashtags. */
async function insertTexts(db: Db, seed: number, publicUrl: string): Promise<number> {
  const posts = demoTextPool(seed, 2_000);
  const render = (text: string) =>
    renderText(text, { mentions: new Map(), shortLinks: new Map(), tagBase: `${publicUrl}/tags` });
  const rows = [...posts, ...REPLIES].map((text, i) => ({ i, text, html: render(text), tags: parseText(text).tags }));
  await run(
    db,
    sql`insert into _bulk_texts (i, text, html, tags)
    select r.i, r.text, r.html, array(select jsonb_array_elements_text(r.tags)) from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(i int, text text, html text, tags jsonb)`,
  );
  return posts.length;
}

async function insertFollows(
  db: Db,
  total: number,
  perAccount: number,
  parallel: number,
  progress: NonNullable<BulkOptions['onProgress']>,
) {
  if (perAccount <= 0) return;
  // A third of the follows go to a few popular accounts (heavy-tailed, like real networks);
  // small worlds just pick distinct accounts at random.
  const pickSql =
    perAccount * 3 >= total
      ? sql`select b.id from _bulk_accounts b where b.n <> a.n order by random() limit ${perAccount}::int`
      : sql`select b.id from _bulk_accounts b where b.n = any(array(
              select distinct j from (
                select case when random() < 0.33 then floor(power(random(), 3) * ${total}::int)::int else floor(random() * ${total}::int)::int end as j
                from generate_series(1, ${Math.ceil(perAccount * 1.3) + 10}::int)
              ) c where j <> a.n limit ${perAccount}::int))`;
  const batch = Math.max(1, Math.floor(100_000 / perAccount));
  let done = 0;
  const tasks = [];
  for (let lo = 0; lo < total; lo += batch) {
    const hi = Math.min(total, lo + batch);
    tasks.push(async () => {
      await run(
        db,
        sql`insert into follows (follower_id, followee_id, created_at)
            select a.id, b.id, now() - random() * interval '300 days'
            from _bulk_accounts a
            cross join lateral (${pickSql}) b
            where a.n >= ${lo}::int and a.n < ${hi}::int
            on conflict do nothing`,
      );
      done += hi - lo;
      progress({ phase: 'follows', done, total });
    });
  }
  await inBatches(tasks, parallel);
}

/** Recomputes every denormalized counter from the rows (exact, whatever was there before). */
export async function fixCounters(db: Db, progress: NonNullable<BulkOptions['onProgress']> = () => {}) {
  const steps: SQL[] = [
    sql`update accounts a set posts_count = c.n, last_post_at = c.last
        from (select account_id, count(*)::int as n, max(created_at) as last from statuses group by account_id) c
        where a.id = c.account_id and (a.posts_count <> c.n or a.last_post_at is distinct from c.last)`,
    sql`update accounts a set followers_count = c.n
        from (select followee_id, count(*)::int as n from follows group by followee_id) c
        where a.id = c.followee_id and a.followers_count <> c.n`,
    sql`update accounts a set following_count = c.n
        from (select follower_id, count(*)::int as n from follows group by follower_id) c
        where a.id = c.follower_id and a.following_count <> c.n`,
    sql`update statuses s set replies_count = c.n
        from (select in_reply_to_id, count(*)::int as n from statuses where in_reply_to_id is not null group by in_reply_to_id) c
        where s.id = c.in_reply_to_id and s.replies_count <> c.n`,
    sql`update statuses s set reblogs_count = c.n
        from (select reblog_of_id, count(*)::int as n from statuses where reblog_of_id is not null group by reblog_of_id) c
        where s.id = c.reblog_of_id and s.reblogs_count <> c.n`,
    sql`update statuses s set favourites_count = c.n
        from (select status_id, count(*)::int as n from favourites group by status_id) c
        where s.id = c.status_id and s.favourites_count <> c.n`,
  ];
  for (const [i, step] of steps.entries()) {
    await run(db, step);
    progress({ phase: 'counters', done: i + 1, total: steps.length });
  }
}
