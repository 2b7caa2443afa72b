/**
 * Alerts of watches: immediate (new matches, made by the matcher), a daily digest, and crisis
 * alerts (a spike of negative matches, spikes.ts). Each alert is one `watch_alerts` row, unique
 * per (watch, kind, period), delivered by the `watch.alert` job on the channels the watch
 * chose: in-app notifications to the brand's team, e-mail to them, and the brand's signed
 * webhooks (commerce's endpoints, deliveries and HMAC signature; events watch.match,
 * watch.digest, watch.crisis reach endpoints subscribed to `*`).
 *
 * The `watches.hourly` job runs the crisis check and the digests, then schedules itself for the
 * next hour. It lives in the jobs table, so it survives restarts; duplicates are harmless since
 * every effect is keyed (the digest of a day exists once, a crisis episode alerts once).
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../../../config';
import { queryRows, type Db } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { enqueue, keepScheduled } from '../../../jobs/queue';
import type { EventBus } from '../../../lib/events';
import { mailerFor, type Mailer } from '../../../lib/mailer';
import { translate, type Locale } from '../../../web/i18n';
import { fanOutWebhooks } from '../../commerce';
import { notify, publishNotifications } from '../../social';
import { detectSpike, nextCrisisState } from './spikes';
import { loadMatches, matchUrl, type MatchRow } from './watches';
import type { AlertKind, Watch } from './schema';

export type AlertsContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'dataDir' | 'smtpUrl' | 'mailFrom'>;
  events: Pick<EventBus, 'publish'>;
  mailer?: Mailer;
};

const HOURLY = 'watches.hourly';
const DAY_MS = 86_400_000;

type AlertRow = {
  id: string;
  watch_id: string;
  kind: AlertKind;
  period: string;
  item_ids: string[] | string;
  detail: Record<string, unknown> | string;
  notified_at: Date | null;
  mailed_at: Date | null;
  created_at: Date | string;
};
type WatchRow = {
  id: string;
  brand_id: string;
  name: string;
  query: string;
  alert_in_app: boolean;
  alert_email: boolean;
  alert_webhook: boolean;
  brand_username: string;
  brand_name: string;
};
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

type Item = MatchRow;

/** The alert's items still shown (deleted posts are gone), most reached first. */
async function alertItems(db: Db, watchId: string, ids: string[]): Promise<Item[]> {
  const rows = await loadMatches(db, watchId, { ids, limit: 100 });
  return rows.sort((a, b) => Number(b.author_reach) - Number(a.author_reach) || (a.item_id < b.item_id ? 1 : -1));
}

export const watchPagePath = (brandUsername: string, watchId: string) => `/brands/${brandUsername}/watches/${watchId}`;

/** Job `watch.alert`: tells the team on each channel the watch chose; safe to run twice. */
export async function deliverAlert(ctx: AlertsContext, alertId: string): Promise<void> {
  const [alert] = await queryRows<AlertRow>(ctx.db, sql`select * from watch_alerts where id = ${alertId}`);
  if (!alert) return;
  const [watch] = await queryRows<WatchRow>(
    ctx.db,
    sql`select w.id, w.brand_id, w.name, w.query, w.alert_in_app, w.alert_email, w.alert_webhook, a.username as brand_username, a.display_name as brand_name
        from watches w join accounts a on a.id = w.brand_id where w.id = ${alert.watch_id}`,
  );
  if (!watch) return;
  const ids = json<string[]>(alert.item_ids);
  const detail = json<Record<string, unknown>>(alert.detail);
  const items = await alertItems(ctx.db, watch.id, ids);
  const pageUrl = `${ctx.config.publicUrl}${watchPagePath(watch.brand_username, watch.id)}`;

  if (watch.alert_webhook) {
    await fanOutWebhooks(ctx.db, {
      brandId: watch.brand_id,
      event: `watch.${alert.kind}`,
      eventId: alert.id,
      createdAt: new Date(alert.created_at),
      data: {
        watch: { id: watch.id, name: watch.name, query: watch.query, url: pageUrl },
        alert: { id: alert.id, kind: alert.kind, period: alert.period, ...detail },
        items: items.map((i) => ({
          id: i.item_id,
          type: i.item_type,
          url: matchUrl(ctx.config.publicUrl, i),
          author: i.author_username,
          // An outside item: the source it was read from, under the brand's name for it.
          ...(i.item_type === 'outside' ? { source: { id: i.source_id, name: i.source_name ?? '' } } : {}),
          reach: Number(i.author_reach),
          sentiment: i.sentiment,
          text: i.text ?? '',
        })),
      },
    });
  }

  const team = await queryRows<{ account_id: string; email: string | null; locale: string | null }>(
    ctx.db,
    sql`select m.account_id, c.email, a.locale from brand_members m join accounts a on a.id = m.account_id
        left join credentials c on c.account_id = m.account_id where m.brand_id = ${watch.brand_id} order by m.account_id`,
  );

  if (watch.alert_email && !alert.mailed_at) {
    const mailer = ctx.mailer ?? mailerFor(ctx.config);
    for (const member of team) {
      if (!member.email) continue;
      const locale: Locale = member.locale === 'en' ? 'en' : 'fr';
      await mailer.send({
        to: member.email,
        key: `watch-alert:${alert.id}:${member.account_id}`,
        ...alertMail(locale, alert.kind, watch, items, detail, pageUrl),
      });
    }
    await queryRows(
      ctx.db,
      sql`update watch_alerts set mailed_at = now() where id = ${alert.id} and mailed_at is null`,
    );
  }

  if (watch.alert_in_app && !alert.notified_at) {
    const created = await ctx.db.transaction(async (tx) => {
      const claimed = await queryRows<{ id: string }>(
        tx,
        sql`update watch_alerts set notified_at = now() where id = ${alert.id} and notified_at is null returning id`,
      );
      if (claimed.length === 0) return [];
      const out: { id: string | null; accountId: string }[] = [];
      // The team asked for these alerts: a member who muted the brand still gets them.
      for (const member of team) {
        const n = { accountId: member.account_id, fromAccountId: watch.brand_id, type: 'watch' as const };
        const about = { subjectId: watch.id, detail: alert.kind };
        out.push({ id: await notify(tx, { ...n, ...about }, { reachMuted: true }), accountId: member.account_id });
      }
      return out;
    });
    await publishNotifications(ctx, created);
  }
}

function alertMail(
  locale: Locale,
  kind: AlertKind,
  watch: WatchRow,
  items: Item[],
  detail: Record<string, unknown>,
  pageUrl: string,
) {
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) =>
    translate(locale, key, params);
  const subject = t(`watch.mail.${kind}_subject` as 'watch.mail.match_subject', {
    name: watch.name,
    count: items.length,
  });
  const lines = items
    .slice(0, 20)
    .map((i) =>
      i.item_type === 'outside'
        ? `- ${t('watch.outside_via', { name: i.source_name ?? '' })} (${t(`watch.sentiment.${i.sentiment}` as 'watch.sentiment.neutral')}): ${(i.text ?? '').replace(/\s+/g, ' ').slice(0, 200)}${matchUrl('', i) ? ` ${matchUrl('', i)}` : ''}`
        : `- @${i.author_username ?? '?'} (${t('watch.reach', { count: Number(i.author_reach) })}, ${t(`watch.sentiment.${i.sentiment}` as 'watch.sentiment.neutral')}): ${(i.text ?? '').replace(/\s+/g, ' ').slice(0, 200)}`,
    );
  const intro =
    kind === 'crisis'
      ? t('watch.mail.crisis_intro', {
          current: Number(detail.current ?? 0),
          mean: Number(detail.mean ?? 0).toFixed(1),
        })
      : t(`watch.mail.${kind}_intro` as 'watch.mail.match_intro', { name: watch.name, count: items.length });
  return { subject, text: [intro, '', ...lines, '', `${t('watch.mail.open')} ${pageUrl}`].join('\n') };
}

// Daily digest ------------------------------------------------------------------------------------

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The day a match belongs to in digests: when it was said, except for outside items, which a feed
 * may bring days after they were published (a new source's backlog): those count on the day they
 * were read, so every one reaches a digest.
 */
const digestTime = sql`(case when item_type = 'outside' then matched_at else item_created_at end)`;

/**
 * The digest of the previous UTC day for every watch in digest mode, once per (watch, day): the
 * alert row is the mark. A day without matches is marked but sends nothing.
 */
export async function runDigests(ctx: Pick<AlertsContext, 'db'>, now = new Date()): Promise<number> {
  const day = utcDay(now.getTime() - DAY_MS);
  const from = new Date(`${day}T00:00:00.000Z`);
  const to = new Date(from.getTime() + DAY_MS);
  const list = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from watches where active and alert_mode = 'digest' order by id`,
  );
  let sent = 0;
  for (const w of list) {
    const made = await ctx.db.transaction(async (tx) => {
      const inDay = sql`${digestTime} >= ${from.toISOString()}::timestamptz and ${digestTime} < ${to.toISOString()}::timestamptz`;
      const items = await queryRows<{ item_id: string }>(
        tx,
        sql`select item_id from watch_matches where watch_id = ${w.id} and ${inDay}
            order by author_reach desc, item_id desc limit 50`,
      );
      const [{ n }] = await queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from watch_matches where watch_id = ${w.id} and ${inDay}`,
      );
      const inserted = await queryRows<{ id: string }>(
        tx,
        sql`insert into watch_alerts (id, watch_id, kind, period, item_ids, detail)
            values (${uuidv7()}, ${w.id}, 'digest', ${day}, ${JSON.stringify(items.map((i) => i.item_id))}::jsonb, ${JSON.stringify({ day, count: Number(n) })}::jsonb)
            on conflict (watch_id, kind, period) do nothing returning id`,
      );
      if (inserted[0] && Number(n) > 0) {
        await enqueue(tx, 'watch.alert', { alertId: inserted[0].id });
        return true;
      }
      return false;
    });
    if (made) sent++;
  }
  return sent;
}

// Crisis ------------------------------------------------------------------------------------------

/** Negative matches per 24-hour window back from `now`: [last 24 h, the day before, ... 7 days before that]. */
export async function negativeWindows(
  db: Db,
  watchId: string,
  now = new Date(),
): Promise<{ current: number; baseline: number[] }> {
  const rows = await queryRows<{ d: number; n: number }>(
    db,
    sql`select floor(extract(epoch from (${now.toISOString()}::timestamptz - item_created_at)) / 86400)::int as d, count(*)::int as n
        from watch_matches m
        where m.watch_id = ${watchId} and m.sentiment = 'negative'
          and m.item_created_at > ${now.toISOString()}::timestamptz - interval '8 days' and m.item_created_at <= ${now.toISOString()}::timestamptz
          and (m.item_type <> 'status' or exists (select 1 from statuses s where s.id = m.status_id))
        group by 1`,
  );
  const byDay = new Map(rows.map((r) => [Number(r.d), Number(r.n)]));
  return { current: byDay.get(0) ?? 0, baseline: [1, 2, 3, 4, 5, 6, 7].map((d) => byDay.get(d) ?? 0) };
}

/**
 * Checks every active watch for a negative spike. An episode alerts once: crisis_since is set
 * by a conditional update (only one run can flip it), and cleared when the spike is over.
 */
export async function runCrisisChecks(ctx: Pick<AlertsContext, 'db'>, now = new Date()): Promise<number> {
  const list = await queryRows<
    Pick<Watch, 'id'> & { spike_k: number; spike_min_count: number; crisis_since: Date | null }
  >(ctx.db, sql`select id, spike_k, spike_min_count, crisis_since from watches where active order by id`);
  let alerts = 0;
  for (const w of list) {
    const { current, baseline } = await negativeWindows(ctx.db, w.id, now);
    const verdict = detectSpike(baseline, current, { k: Number(w.spike_k), minCount: Number(w.spike_min_count) });
    const next = nextCrisisState(w.crisis_since !== null, verdict);
    if (!next.inCrisis) {
      if (w.crisis_since) await queryRows(ctx.db, sql`update watches set crisis_since = null where id = ${w.id}`);
      continue;
    }
    if (!next.alert) continue;
    const made = await ctx.db.transaction(async (tx) => {
      const flipped = await queryRows<{ id: string }>(
        tx,
        sql`update watches set crisis_since = ${now.toISOString()}::timestamptz where id = ${w.id} and crisis_since is null returning id`,
      );
      if (flipped.length === 0) return false;
      // The items that drove it: the last 24 hours' negative matches, most reached first.
      const items = await queryRows<{ item_id: string }>(
        tx,
        sql`select m.item_id from watch_matches m
            where m.watch_id = ${w.id} and m.sentiment = 'negative' and m.item_created_at > ${now.toISOString()}::timestamptz - interval '24 hours'
              and (m.item_type <> 'status' or exists (select 1 from statuses s where s.id = m.status_id))
            order by m.author_reach desc, m.item_id desc limit 20`,
      );
      const period = now.toISOString().slice(0, 13);
      const inserted = await queryRows<{ id: string }>(
        tx,
        sql`insert into watch_alerts (id, watch_id, kind, period, item_ids, detail)
            values (${uuidv7()}, ${w.id}, 'crisis', ${period}, ${JSON.stringify(items.map((i) => i.item_id))}::jsonb,
                    ${JSON.stringify({ current: verdict.current, mean: verdict.mean, std: verdict.std, threshold: verdict.threshold })}::jsonb)
            on conflict (watch_id, kind, period) do nothing returning id`,
      );
      if (inserted[0]) await enqueue(tx, 'watch.alert', { alertId: inserted[0].id });
      return inserted.length > 0;
    });
    if (made) alerts++;
  }
  return alerts;
}

// The hourly job ------------------------------------------------------------------------------------

const nextHour = (now: Date) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000 + 60_000);

/** Job `watches.hourly`: crisis checks, digests, then the next run. */
export async function runHourly(ctx: AlertsContext, now = new Date()): Promise<void> {
  await runCrisisChecks(ctx, now);
  await runDigests(ctx, now);
  await scheduleHourly(ctx.db, nextHour(now), 'future');
}

/** Makes sure a `watches.hourly` job waits in the queue (see keepScheduled). */
export async function scheduleHourly(
  db: Db,
  at: Date = nextHour(new Date()),
  counting: 'any' | 'future' = 'any',
): Promise<void> {
  await keepScheduled(db, HOURLY, at, counting);
}
