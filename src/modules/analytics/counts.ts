/**
 * Adding to analytics_counts: one statement for any number of counters (rows for the same
 * counter are summed first, since one INSERT … ON CONFLICT may not touch a row twice).
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type DbOrTx } from '../../db/client';
import { parisDay } from '../../lib/paris';
import type { Metric, SubjectKind } from './metrics';

export type CountBump = { kind: SubjectKind; id: string; metric: Metric; at: Date; by?: number };

export async function bumpCounts(db: DbOrTx, bumps: CountBump[]): Promise<void> {
  const sums = new Map<string, { k: string; i: string; m: string; d: string; v: number }>();
  for (const b of bumps) {
    const day = parisDay(b.at);
    const key = `${b.kind}|${b.id}|${b.metric}|${day}`;
    const row = sums.get(key) ?? { k: b.kind, i: b.id, m: b.metric, d: day, v: 0 };
    row.v += b.by ?? 1;
    sums.set(key, row);
  }
  const rows = [...sums.values()].filter((r) => r.v !== 0);
  if (rows.length === 0) return;
  // Sorted so two writers lock shared counters in the same order (no deadlock).
  rows.sort((a, b) => (a.k + a.i + a.m + a.d < b.k + b.i + b.m + b.d ? -1 : 1));
  await queryRows(
    db,
    sql`insert into analytics_counts (subject_kind, subject_id, metric, day, value)
        select k, i, m, d, v from json_to_recordset(${JSON.stringify(rows)}::json)
          as r(k text, i uuid, m text, d date, v bigint)
        on conflict (subject_kind, subject_id, metric, day)
        do update set value = analytics_counts.value + excluded.value`,
  );
}

/** Daily values of some metrics of one subject between two Paris days (inclusive). */
export async function readCounts(
  db: DbOrTx,
  subject: { kind: SubjectKind; id: string },
  metrics: readonly Metric[],
  from: string,
  to: string,
): Promise<{ metric: Metric; day: string; value: number }[]> {
  const rows = await queryRows<{ metric: Metric; day: string; value: string | number }>(
    db,
    sql`select metric, to_char(day, 'YYYY-MM-DD') as day, value from analytics_counts
        where subject_kind = ${subject.kind} and subject_id = ${subject.id}
          and metric = any(${arrayLiteral(metrics)}::text[]) and day between ${from}::date and ${to}::date
        order by day, metric`,
  );
  return rows.map((r) => ({ metric: r.metric, day: r.day, value: Number(r.value) }));
}
