/**
 * Reach and taps without slowing the pages that cause them: a view (a post shown in a timeline
 * or on its page, a pop-up's page) or a tap (a card opened, Buy pressed) is pushed into an
 * in-memory buffer; a timer flushes it every few seconds with one set-based statement for the
 * views and one for the taps. The views' statement keeps only posts with products and pop-ups,
 * de-duplicates per Paris day in funnel_reach_seen keyed by the day-salted hash of the viewer,
 * and bumps `reached` (and the brand's `reach`) only for rows that were new. The raw viewer
 * (an account id, or a hash of IP and user agent) lives only in this buffer, a few seconds. A crash loses at
 * most the last few seconds of counts; `flushFunnel()` runs on shutdown and in tests.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { systemClock, type Clock } from '../../../lib/clock';
import { parisDay, parisInstantOf } from '../../../lib/paris';
import { markSpectators } from '../ladder/service';

export type ReachKind = 'status' | 'popup';
/** A view: `viewer` is an account id, or (signed out) the request's IP and user agent. */
export type View = { kind: ReachKind; id: string; viewer: string; at: Date };
/**
 * A card opened or Buy pressed from a post or a pop-up (`id`), or with an ambassador's referral
 * cookie (`kind` 'visitor', `id` the cookie's token): its link is the cookie's latest visit for
 * the product's brand. `variantId`, what is bought: from a post, it must be one of the post's.
 */
export type Tap = {
  kind: 'status' | 'popup' | 'visitor';
  id: string;
  variantId?: string;
  metric: 'card_opens' | 'buy_clicks';
  at: Date;
};

const FLUSH_MS = 3_000;
/** Past this many buffered views a push flushes at once (a burst never grows memory without bound). */
const MAX_BUFFERED = 50_000;

type Pending = { views: Map<string, View & { day: string }>; taps: Tap[] };
const buffers = new Map<Db, Pending>();
let clock: Clock = systemClock;
let timer: ReturnType<typeof setInterval> | null = null;
let onError: (error: unknown) => void = () => {};

/** Set once per app context by the link (src/links/analytics-funnel.ts). */
export function useFunnelClock(c: Clock, report?: (error: unknown) => void) {
  clock = c;
  if (report) onError = report;
}

export const funnelNow = () => clock.now();

function pendingFor(db: Db): Pending {
  let p = buffers.get(db);
  if (!p) buffers.set(db, (p = { views: new Map(), taps: [] }));
  if (!timer) {
    timer = setInterval(() => void flushFunnel().catch(onError), FLUSH_MS);
    timer.unref();
  }
  return p;
}

/** Called on the timeline path: a few Map writes, no I/O. */
export function noteViews(db: Db, kind: ReachKind, ids: readonly string[], viewer: string) {
  if (ids.length === 0) return;
  const p = pendingFor(db);
  const at = clock.now();
  const day = parisDay(at);
  for (const id of ids) p.views.set(`${day}|${kind}|${id}|${viewer}`, { kind, id, viewer, at, day });
  if (p.views.size > MAX_BUFFERED) void flushFunnel().catch(onError);
}

export function noteTaps(db: Db, taps: Omit<Tap, 'at'>[]) {
  if (taps.length === 0) return;
  const at = clock.now();
  pendingFor(db).taps.push(...taps.map((t) => ({ ...t, at })));
}

/** The flush in progress (or the last one): the next waits for it. */
let flushing: Promise<void> = Promise.resolve();

/**
 * Writes everything buffered (every database, or only `only`'s: what an app context closing its
 * database calls first, so no buffer outlives its database). Exported for shutdown and for tests.
 * Flushes run one after the other: a caller's flush also waits for the timer's one in flight, so
 * what was buffered before the call is written when it returns.
 */
export function flushFunnel(only?: Db): Promise<void> {
  const run = flushing.catch(() => {}).then(() => writeBuffers(only));
  flushing = run;
  return run;
}

async function writeBuffers(only?: Db): Promise<void> {
  for (const [db, p] of [...buffers]) {
    if (only && db !== only) continue;
    buffers.delete(db);
    if (p.views.size) await recordViews(db, [...p.views.values()]);
    if (p.taps.length) await recordTaps(db, p.taps);
  }
}

/** Stops the timer after a last flush (the server's shutdown). */
export async function stopFunnel(): Promise<void> {
  if (timer) clearInterval(timer);
  timer = null;
  await flushFunnel();
}

/** The days' salts, made by the first writer of each day (concurrent writers keep the first one). */
async function ensureSalts(db: DbOrTx, days: string[]): Promise<void> {
  const fresh = days.map((d) => ({ d, s: randomBytes(16).toString('hex') }));
  await queryRows(
    db,
    sql`insert into funnel_reach_salts (day, salt)
        select d, s from json_to_recordset(${JSON.stringify(fresh)}::json) as r(d date, s text)
        on conflict (day) do nothing`,
  );
}

/**
 * Counts views (each on its own day, so the demo can write a past history). One statement keeps
 * the posts with products and the pop-ups, leaves out the brand's own team and the post's author,
 * hashes each viewer with its day's salt (inside the database: the salt never leaves it), inserts
 * the new (day, subject, viewer) rows and the brand's, and adds the counts of the rows that were
 * new to `reached` and to the brand's `reach`.
 */
export async function recordViews(db: DbOrTx, views: View[]): Promise<void> {
  if (views.length === 0) return;
  const rows = views.map((v) => ({ d: parisDay(v.at), k: v.kind, s: v.id, v: v.viewer }));
  await ensureSalts(db, [...new Set(rows.map((r) => r.d))]);
  const spectators = await queryRows<{ brand_id: string; day: string; viewers: string[] }>(
    db,
    sql`with input as (
          select distinct r.d, r.k, r.s, r.v from json_to_recordset(${JSON.stringify(rows)}::json)
            as r(d date, k text, s uuid, v text)),
        kept as (
          select i.d, i.k, i.s, b.brand_id, b.author_id, i.v,
                 left(encode(sha256(convert_to(salt.salt || ':' || i.v, 'UTF8')), 'hex'), 32) as h
          from input i
          join funnel_reach_salts salt on salt.day = i.d
          cross join lateral (
            select p.brand_id, st.account_id as author_id from status_products sp
            join products p on p.id = sp.product_id join statuses st on st.id = sp.status_id
            where i.k = 'status' and sp.status_id = i.s
            union all
            select pp.brand_id, null from popups pp where i.k = 'popup' and pp.id = i.s
            limit 1) b
          where i.v <> b.brand_id::text and i.v <> coalesce(b.author_id::text, '')
            and not exists (select 1 from brand_members m where m.brand_id = b.brand_id and m.account_id::text = i.v)),
        fresh as (
          insert into funnel_reach_seen (day, subject_kind, subject_id, viewer)
          select d, k, s, h from kept order by 1, 2, 3, 4
          on conflict do nothing returning day, subject_kind, subject_id),
        fresh_brand as (
          insert into funnel_reach_seen (day, subject_kind, subject_id, viewer)
          select distinct d, 'brand'::text, brand_id, h from kept order by 1, 2, 3, 4
          on conflict do nothing returning day, subject_kind, subject_id),
        -- Creators' reach: new viewers of posts about the brand written by people outside its team.
        creators as (
          select distinct f.day, f.subject_id, b.brand_id from fresh f
          join kept b on b.k = 'status' and b.s = f.subject_id and b.d = f.day
          where f.subject_kind = 'status' and b.author_id is not null and b.author_id <> b.brand_id
            and not exists (select 1 from brand_members m where m.brand_id = b.brand_id and m.account_id = b.author_id)),
        sums as (
          select subject_kind as k, subject_id as i,
                 case when subject_kind = 'brand' then 'reach' else 'reached' end as m, day as d, count(*) as n
          from (select * from fresh union all select * from fresh_brand) f group by 1, 2, 3, 4
          union all
          select 'brand', c.brand_id, 'creators_reach', c.day, count(*) from fresh f
          join creators c on c.subject_id = f.subject_id and c.day = f.day
          where f.subject_kind = 'status' group by c.brand_id, c.day),
        counted as (
          insert into analytics_counts (subject_kind, subject_id, metric, day, value)
          select k, i, m, d, n from sums order by k, i, m, d
          on conflict (subject_kind, subject_id, metric, day)
          do update set value = analytics_counts.value + excluded.value
          returning 1)
        -- Signed-in viewers, for the ladder's spectators (a date per person and brand, not what was seen).
        select brand_id, to_char(max(d), 'YYYY-MM-DD') as day, array_agg(distinct v) as viewers from kept
        where v ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        group by brand_id`,
  );
  for (const r of spectators)
    await markSpectators(db, r.brand_id, r.viewers, new Date(parisInstantOf(Date.parse(`${r.day}T12:00:00Z`))));
}

/**
 * Counts taps in one statement: posts without products, unknown pop-ups and cookies that followed
 * no link of the product's brand count nothing.
 */
export async function recordTaps(db: DbOrTx, taps: Tap[]): Promise<void> {
  if (taps.length === 0) return;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  type Row = { k: string; s?: string; t?: string; x?: string; m: string; d: string };
  const rows = taps.flatMap((t): Row[] =>
    t.kind === 'visitor'
      ? t.variantId && uuid.test(t.variantId)
        ? [{ k: t.kind, t: t.id, x: t.variantId, m: t.metric, d: parisDay(t.at) }]
        : []
      : uuid.test(t.id)
        ? [
            {
              k: t.kind,
              s: t.id,
              x: t.variantId && uuid.test(t.variantId) ? t.variantId : undefined,
              m: t.metric,
              d: parisDay(t.at),
            },
          ]
        : [],
  );
  if (rows.length === 0) return;
  await queryRows(
    db,
    sql`with input as (
          select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(k text, s uuid, t text, x uuid, m text, d date)),
        resolved as (
          -- A repost (its Buy button names it) counts for the post it reposts.
          select i.k, sp.status_id as s, i.m, i.d from input i
          join statuses st on st.id = i.s
          cross join lateral (
            select sp.status_id from status_products sp where sp.status_id = coalesce(st.reblog_of_id, st.id)
              and (i.x is null or sp.product_id = (select va.product_id from variants va where va.id = i.x))
            limit 1) sp
          where i.k = 'status'
          union all
          select i.k, i.s, i.m, i.d from input i where i.k = 'popup' and exists (select 1 from popups p where p.id = i.s)
          union all
          select 'link', l.link_id, i.m, i.d from input i
          cross join lateral (
            select v.link_id from variants va join products p on p.id = va.product_id
            join ambassador_visits v on v.visitor = i.t and v.brand_id = p.brand_id
            where va.id = i.x order by v.at desc limit 1) l
          where i.k = 'visitor'),
        sums as (select k, s, m, d, count(*) as n from resolved group by 1, 2, 3, 4)
        insert into analytics_counts (subject_kind, subject_id, metric, day, value)
        select k, s, m, d, n from sums order by k, s, m, d
        on conflict (subject_kind, subject_id, metric, day)
        do update set value = analytics_counts.value + excluded.value`,
  );
}

/** Forgets every day before `today`: its salt first (the hashes become meaningless), then its rows. */
export async function purgeReach(db: Db, now: Date): Promise<void> {
  const today = parisDay(now);
  await db.transaction(async (tx) => {
    await queryRows(tx, sql`delete from funnel_reach_salts where day < ${today}::date`);
    await queryRows(tx, sql`delete from funnel_reach_seen where day < ${today}::date`);
  });
}
