/**
 * The interaction collector (job `analytics.ladder`, every 20 s): reads what happened since its
 * watermark in every source table (sources.ts), and in ONE transaction appends the new rows to the
 * interactions log, moves the people's rollup, bumps the brand metrics and moves the watermark.
 * The log's key (brand, kind, source row) makes a row read twice count once, so the scan looks
 * back OVERLAP_MS past the watermark (a slow commit with an older id or time is not missed) and a
 * crash anywhere leaves nothing half-counted. Then the touched brands' snapshots are refreshed
 * (snapshot.ts), so the dashboard reflects an interaction within a minute.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../../db/client';
import { keepScheduled } from '../../../jobs/queue';
import type { Clock } from '../../../lib/clock';
import { bumpCounts, type CountBump } from '../counts';
import { interactionKinds, kindMetric, type InteractionKind } from './rules';
import { refreshDirtyBrands } from './snapshot';
import { sources, type Bound } from './sources';

const JOB = 'analytics.ladder';
const CURSOR_KEY = 'analytics.ladder_cursor';
export const COLLECT_EVERY_MS = 20_000;
const OVERLAP_MS = 120_000;

type NewRow = { brand_id: string; account_id: string; kind: InteractionKind; at: Date | string; value: number | null };
type PersonDates = {
  b: string;
  a: string;
  cr: string | null;
  cl: string | null;
  cp: string | null;
  ct: string | null;
  co: string | null;
  jo: string | null;
};

/**
 * Collects once. `full`: reads every source from the beginning (the demo, after writing
 * backdated rows; harmless anywhere, only slower). Answers how many interactions were new.
 */
export async function collectInteractions(
  ctx: { db: Db; clock: Clock },
  options: { full?: boolean } = {},
): Promise<{ added: number; refreshed: number }> {
  const added = await ctx.db.transaction(async (tx) => {
    const cursor = await readCursor(tx);
    // The next watermark is this transaction's start: whatever commits later with an older time
    // or id is within the overlap; the scans stay short however long nothing happens.
    const [started] = await queryRows<{ now: Date | string }>(tx, sql`select now() as now`);
    const next: Record<string, string> = { ...cursor };
    const fresh: NewRow[] = [];
    for (const source of sources) {
      const mark = cursor[source.name];
      const from: Bound = options.full || !mark ? null : new Date(Date.parse(mark) - OVERLAP_MS);
      const rows = await queryRows<NewRow>(
        tx,
        sql`insert into analytics_interactions (brand_id, account_id, kind, at, ref, value)
            select distinct on (brand_id, kind, ref) brand_id, account_id, kind, at, ref, value
            from (${source.select(from)}) x
            where brand_id is not null and account_id <> brand_id
              and not exists (select 1 from brand_members m where m.brand_id = x.brand_id and m.account_id = x.account_id)
            on conflict do nothing
            returning brand_id, account_id, kind, at, value`,
      );
      fresh.push(...rows);
      let latest = Math.max(mark ? Date.parse(mark) : 0, new Date(started?.now ?? 0).getTime());
      for (const r of rows) latest = Math.max(latest, new Date(r.at).getTime());
      next[source.name] = new Date(latest).toISOString();
    }
    if (fresh.length > 0) {
      await applyToRollup(tx, fresh);
      await bumpCounts(tx, bumpsOf(fresh));
      await markDirty(tx, [...new Set(fresh.map((r) => r.brand_id))], ctx.clock.now());
    }
    await queryRows(
      tx,
      sql`insert into settings (key, value) values (${CURSOR_KEY}, ${JSON.stringify(next)})
          on conflict (key) do update set value = excluded.value`,
    );
    return fresh.length;
  });
  const refreshed = await refreshDirtyBrands(ctx);
  return { added, refreshed };
}

async function readCursor(tx: Tx): Promise<Record<string, string>> {
  // The row lock serializes two collectors (a job taken again after its lock expired).
  await queryRows(tx, sql`insert into settings (key, value) values (${CURSOR_KEY}, '{}') on conflict (key) do nothing`);
  const [row] = await queryRows<{ value: string }>(
    tx,
    sql`select value from settings where key = ${CURSOR_KEY} for update`,
  );
  try {
    return JSON.parse(row?.value ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** The brand metrics each new interaction adds (metrics.ts), on the Paris day it happened. */
function bumpsOf(rows: NewRow[]): CountBump[] {
  const bumps: CountBump[] = [];
  for (const r of rows) {
    const at = new Date(r.at);
    const metric = kindMetric[r.kind];
    if (metric) bumps.push({ kind: 'brand', id: r.brand_id, metric, at });
    if (r.value !== null && (r.kind === 'review' || r.kind === 'review_photo' || r.kind === 'rating')) {
      bumps.push({ kind: 'brand', id: r.brand_id, metric: 'rating_sum', at, by: Number(r.value) });
      bumps.push({ kind: 'brand', id: r.brand_id, metric: 'rating_count', at });
    }
  }
  return bumps;
}

const later = (a: string | null, b: string) => (a === null || a < b ? b : a);

/** Per person: the latest time of each rung reached and the two latest conversations, merged into the rollup. */
export async function applyToRollup(tx: Tx, rows: NewRow[]): Promise<void> {
  const people = new Map<string, PersonDates & { convs: string[] }>();
  for (const r of rows) {
    const key = `${r.brand_id}|${r.account_id}`;
    const p = people.get(key) ?? {
      b: r.brand_id,
      a: r.account_id,
      cr: null,
      cl: null,
      cp: null,
      ct: null,
      co: null,
      jo: null,
      convs: [],
    };
    const at = new Date(r.at).toISOString();
    const target = interactionKinds[r.kind];
    if (target === 'creators') p.cr = later(p.cr, at);
    else if (target === 'conversation') p.convs.push(at);
    else if (target === 'critics') p.ct = later(p.ct, at);
    else if (target === 'collectors') p.co = later(p.co, at);
    else if (target === 'joiners') p.jo = later(p.jo, at);
    people.set(key, p);
  }
  const records = [...people.values()]
    .map(({ convs, ...p }) => {
      convs.sort().reverse();
      return { ...p, cl: convs[0] ?? null, cp: convs[1] ?? null };
    })
    .sort((x, y) => (x.b + x.a < y.b + y.a ? -1 : 1));
  for (let i = 0; i < records.length; i += 5000) await upsertPeople(tx, records.slice(i, i + 5000));
}

async function upsertPeople(tx: Tx, records: PersonDates[]): Promise<void> {
  await queryRows(
    tx,
    sql`insert into analytics_ladder_people as p
          (brand_id, account_id, creator_at, conv_last_at, conv_prev_at, critic_at, collector_at, joiner_at)
        select b, a, cr, cl, cp, ct, co, jo from json_to_recordset(${JSON.stringify(records)}::json)
          as r(b uuid, a uuid, cr timestamptz, cl timestamptz, cp timestamptz, ct timestamptz, co timestamptz,
            jo timestamptz)
        on conflict (brand_id, account_id) do update set
          creator_at = greatest(p.creator_at, excluded.creator_at),
          conv_last_at = greatest(p.conv_last_at, excluded.conv_last_at),
          conv_prev_at = (select x from unnest(array[p.conv_last_at, p.conv_prev_at, excluded.conv_last_at,
                            excluded.conv_prev_at]) as x where x is not null order by x desc offset 1 limit 1),
          critic_at = greatest(p.critic_at, excluded.critic_at),
          collector_at = greatest(p.collector_at, excluded.collector_at),
          joiner_at = greatest(p.joiner_at, excluded.joiner_at)`,
  );
}

/** Brands whose snapshot is out of date; emptied by refreshDirtyBrands once their snapshot is written. */
export async function markDirty(tx: Db | Tx, brandIds: string[], at: Date): Promise<void> {
  if (brandIds.length === 0) return;
  await queryRows(
    tx,
    sql`insert into analytics_ladder_dirty (brand_id, since)
        select b, ${at.toISOString()}::timestamptz from unnest(${`{${[...brandIds].sort().join(',')}}`}::uuid[]) as b
        on conflict (brand_id) do nothing`,
  );
}

/** Keeps one `analytics.ladder` job waiting; old finished runs are swept so the queue stays small. */
export async function scheduleLadderCollector(
  db: Db,
  counting: 'any' | 'future' = 'any',
  at = new Date(Date.now() + COLLECT_EVERY_MS),
): Promise<void> {
  await queryRows(db, sql`delete from jobs where kind = ${JOB} and done_at < now() - interval '10 minutes'`);
  await keepScheduled(db, JOB, at, counting);
}

export async function runLadderCollector(ctx: { db: Db; clock: Clock }): Promise<void> {
  await collectInteractions(ctx);
  await scheduleLadderCollector(ctx.db, 'future');
}
