/**
 * Dashboards of a watch over the last N days (UTC days): volume and sentiment per day, share of
 * voice between the brand's watches, top voices (authors by reach), top words and hashtags.
 * A few grouped queries each; words are counted in memory over the window's texts (capped).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { badRequest } from '../../../lib/errors';

export const MAX_DAYS = 90;
const DAY_MS = 86_400_000;
const TEXT_SAMPLE = 3000;
// Written as a string: the built server stays ASCII (scripts/build.mjs).
const ELIDED_ARTICLE = new RegExp("^[ldjmnstc]['’]");

export function checkDays(raw: unknown, fallback = 30): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS)
    throw badRequest('invalid_param', `days must be an integer from 1 to ${MAX_DAYS}`, { field: 'days' });
  return n;
}

export type DayPoint = { date: string; total: number; positive: number; neutral: number; negative: number };

const windowStart = (days: number, now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);

/** One point per UTC day, oldest first, zeros included. */
export async function dailySeries(db: Db, watchId: string, days: number, now = new Date()): Promise<DayPoint[]> {
  const from = windowStart(days, now);
  const rows = await queryRows<{ day: string; sentiment: string; n: number }>(
    db,
    sql`select to_char(item_created_at at time zone 'UTC', 'YYYY-MM-DD') as day, sentiment, count(*)::int as n
        from watch_matches where watch_id = ${watchId} and item_created_at >= ${from.toISOString()}::timestamptz
        group by 1, 2`,
  );
  const points = new Map<string, DayPoint>();
  for (let i = 0; i < days; i++) {
    const date = new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    points.set(date, { date, total: 0, positive: 0, neutral: 0, negative: 0 });
  }
  for (const r of rows) {
    const p = points.get(r.day);
    if (!p) continue;
    const n = Number(r.n);
    p.total += n;
    if (r.sentiment === 'positive' || r.sentiment === 'negative' || r.sentiment === 'neutral') p[r.sentiment] += n;
  }
  return [...points.values()];
}

export type Voice = { account_id: string; username: string; display_name: string; reach: number; items: number };

export async function topVoices(db: Db, watchId: string, days: number, limit = 10, now = new Date()): Promise<Voice[]> {
  const from = windowStart(days, now);
  const rows = await queryRows<Voice>(
    db,
    sql`select m.author_id as account_id, a.username, a.display_name, max(m.author_reach)::int as reach, count(*)::int as items
        from watch_matches m join accounts a on a.id = m.author_id
        where m.watch_id = ${watchId} and m.item_created_at >= ${from.toISOString()}::timestamptz
        group by m.author_id, a.username, a.display_name
        order by reach desc, items desc, a.username limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, reach: Number(r.reach), items: Number(r.items) }));
}

export type ShareOfVoice = { watch_id: string; name: string; count: number; share: number };

export async function shareOfVoice(db: Db, brandId: string, days: number, now = new Date()): Promise<ShareOfVoice[]> {
  const from = windowStart(days, now);
  const rows = await queryRows<{ watch_id: string; name: string; count: number }>(
    db,
    sql`select w.id as watch_id, w.name, count(m.item_id)::int as count
        from watches w left join watch_matches m on m.watch_id = w.id and m.item_created_at >= ${from.toISOString()}::timestamptz
        where w.brand_id = ${brandId}
        group by w.id, w.name order by count desc, w.name`,
  );
  const total = rows.reduce((a, r) => a + Number(r.count), 0);
  return rows.map((r) => ({
    watch_id: r.watch_id,
    name: r.name,
    count: Number(r.count),
    share: total ? Number(r.count) / total : 0,
  }));
}

// Words -------------------------------------------------------------------------------------------

const STOP = new Set(
  (
    'a au aux avec ce ces cet cette dans de des du elle elles en est et etre eu il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses si son sont sur ta te tes toi ton tu un une vos votre vous y c d j l m n s t qu ca ça été très plus tout tous toute bien fait faire comme aussi chez ' +
    'the a an and or but of to in on at for with from by is are was were be been it its this that these those i you he she we they my your our their me him her us them not no so as if than then there here have has had do does did just very can will would about'
  )
    .split(/\s+/)
    .filter(Boolean),
);

export type WordCount = { word: string; count: number };

/** Words (letters, 3+ characters, not stop words, lowercased) and hashtags of a set of texts. */
export function countWords(texts: string[], limit = 20): { words: WordCount[]; hashtags: WordCount[] } {
  const words = new Map<string, number>();
  const tags = new Map<string, number>();
  for (const text of texts) {
    const seenTags = new Set<string>();
    for (const m of text.matchAll(/#([\p{L}\p{N}_]+)/gu)) seenTags.add(m[1].toLowerCase());
    for (const tag of seenTags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    const withoutLinks = text.replace(/https?:\/\/\S+/g, ' ').replace(/[#@][\p{L}\p{N}_]+/gu, ' ');
    for (const m of withoutLinks.toLowerCase().matchAll(/\p{L}[\p{L}'’-]*\p{L}/gu)) {
      const w = m[0].replace(ELIDED_ARTICLE, '');
      if ([...w].length < 3 || STOP.has(w)) continue;
      words.set(w, (words.get(w) ?? 0) + 1);
    }
  }
  const top = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([word, count]) => ({ word, count }));
  return { words: top(words), hashtags: top(tags) };
}

export async function topWords(db: Db, watchId: string, days: number, limit = 20, now = new Date()) {
  const from = windowStart(days, now);
  const rows = await queryRows<{ text: string }>(
    db,
    // Posts' words and outside items' (read from the brand's sources), newest first.
    sql`select coalesce(s.text, o.title || ' ' || o.text) as text from watch_matches m
        left join statuses s on s.id = m.status_id
        left join outside_items o on m.item_type = 'outside' and o.id = m.item_id
        where m.watch_id = ${watchId} and m.item_created_at >= ${from.toISOString()}::timestamptz
          and (s.id is not null or o.id is not null)
        order by m.item_id desc limit ${TEXT_SAMPLE}`,
  );
  return countWords(
    rows.map((r) => r.text),
    limit,
  );
}

export type WatchStats = {
  days: number;
  series: DayPoint[];
  top_voices: Voice[];
  top_words: WordCount[];
  top_hashtags: WordCount[];
  totals: { total: number; positive: number; neutral: number; negative: number };
};

export async function watchStats(db: Db, watchId: string, days: number, now = new Date()): Promise<WatchStats> {
  const [series, voices, { words, hashtags }] = await Promise.all([
    dailySeries(db, watchId, days, now),
    topVoices(db, watchId, days, 10, now),
    topWords(db, watchId, days, 20, now),
  ]);
  const totals = series.reduce(
    (a, p) => ({
      total: a.total + p.total,
      positive: a.positive + p.positive,
      neutral: a.neutral + p.neutral,
      negative: a.negative + p.negative,
    }),
    { total: 0, positive: 0, neutral: 0, negative: 0 },
  );
  return { days, series, top_voices: voices, top_words: words, top_hashtags: hashtags, totals };
}
