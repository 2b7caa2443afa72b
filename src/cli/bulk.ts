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
import { queryRows, type Database, type Db } from '../db/client';
import { uuidv7Floor } from '../db/ids';
import { renderText, parseText } from '../modules/social';
import { BIO_END, BIO_START, CITIES, REPLIES, demoTextPool, handlePart } from './demo-world';

export type BulkOptions = {
  accounts: number;
  /** Statuses in all: about 80% posts, 10% replies, 10% reposts. */
  posts: number;
  /** Accounts each account follows (default 200, capped at accounts - 1). */
  follows?: number;
  /** Likes in all (default: half the posts). */
  likes?: number;
  seed?: number;
  /** How far back posts go (default 90 days). */
  days?: number;
  /** Base of the hashtag links in the posts' HTML (the server's COMPTOIR_URL). */
  publicUrl?: string;
  /** When given, every generated account can log in as <username>@bulk.comptoir.test with the password of this hash. */
  passwordHash?: string;
  onProgress?: (progress: { phase: string; done: number; total: number }) => void;
};

export type BulkResult = {
  accounts: number;
  follows: number;
  statuses: number;
  likes: number;
  seconds: Record<string, number>;
};

export const BULK_EMAIL_DOMAIN = 'bulk.comptoir.test';
const DAY = 86_400_000;

/** A UUIDv7 in SQL from an expression giving Unix milliseconds: 48-bit time, version 7, variant 10, random rest. */
export const uuidv7Sql = (ms: string) =>
  `(lpad(to_hex(${ms}), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15))::uuid`;

const run = (db: Db, query: SQL) => queryRows<Record<string, unknown>>(db, query);
const count = async (db: Db, query: SQL) => Number((await queryRows<{ n: number }>(db, query))[0]?.n ?? 0);

/** Runs `tasks` with at most `parallel` at a time (a server takes several; PGlite is one connection). */
async function inBatches(tasks: (() => Promise<void>)[], parallel: number) {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
}

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

/** Top-level posts, evenly spread in time; authors heavy-tailed (a few accounts post a lot). */
async function insertPosts(
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

function timeChunks(from: number, to: number, n: number): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++)
    out.push([
      uuidv7Floor(Math.floor(from + ((to - from) * i) / n)),
      uuidv7Floor(Math.floor(from + ((to - from) * (i + 1)) / n) + (i === n - 1 ? 1 : 0)),
    ]);
  return out;
}

/** Replies to a sample of earlier posts, within hours of them, by heavy-tailed authors. */
async function insertReplies(
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
async function insertReposts(
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
async function insertLikes(
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
