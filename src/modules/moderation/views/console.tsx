/**
 * The moderation console: counters, filters, and the queue's page of items. Every item carries
 * plain forms (approve, reject with a reason, escalate) that work without JavaScript;
 * /static/moderation.js adds the keyboard (j/k, a, r + 1–9, e, x), shows one item at a time
 * and, the next items being already in the page, moves to the next one at once.
 */
import type { FC } from 'hono/jsx';
import { Button, CsrfField, RelativeTime } from '../../../web/components';
import type { Locale, MessageKey, T } from '../../../web/i18n';
import { explainFlag, flagCodes } from '../../analysis';
import type { Counters, HistoryEntry, QueueFilters, QueueItem } from '../queue';
import type { RejectionReason } from '../schema';
import { moderationTypes } from '../subjects';

export type ConsoleView = { t: T; locale: Locale; csrf: string };

/** A label from the messages, or the raw code when the brand made up its own. */
export function labelOf(t: T, key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}
export const reasonLabel = (t: T, r: Pick<RejectionReason, 'code' | 'label'>) =>
  r.label || labelOf(t, `mod.reason.${r.code}`, r.code);

export function duration(locale: Locale, seconds: number): string {
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (seconds >= size)
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: 0,
      }).format(Math.floor(seconds / size));
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short' }).format(seconds);
}

export const CountersBar: FC<{ v: ConsoleView; c: Counters }> = ({ v, c }) => (
  <section class="mod-counters" id="mod-counters" aria-label={v.t('mod.counters')}>
    <dl>
      <div>
        <dt>{v.t('mod.pending')}</dt>
        <dd data-counter="pending" data-more={c.pendingMore ? '' : undefined}>
          {c.pendingMore ? `${new Intl.NumberFormat(v.locale).format(c.pending)}+` : c.pending}
        </dd>
      </div>
      <div>
        <dt>{v.t('mod.oldest')}</dt>
        <dd>{c.oldestSeconds === null ? '—' : duration(v.locale, c.oldestSeconds)}</dd>
      </div>
      <div class={c.pastDelay > 0 ? 'is-late' : undefined}>
        <dt>{v.t('mod.past_delay', { hours: c.maxDelayHours })}</dt>
        <dd>{c.pastDelayMore ? `${new Intl.NumberFormat(v.locale).format(c.pastDelay)}+` : c.pastDelay}</dd>
      </div>
      <div>
        <dt>{v.t('mod.handled_today')}</dt>
        <dd>
          {c.handledToday.length
            ? c.handledToday.map((h) => `@${h.username} ${h.count}`).join(' · ')
            : v.t('mod.nobody_yet')}
        </dd>
      </div>
    </dl>
  </section>
);

/** Folded away unless a filter is on: the queue's first item belongs near the top of the page. */
export const FiltersForm: FC<{ v: ConsoleView; action: string; f: QueueFilters }> = ({ v, action, f }) => (
  <details class="mod-filter-box" open={Boolean(f.type || f.flag || f.productId || f.olderThanHours !== undefined)}>
    <summary>{v.t('mod.filters')}</summary>
    <FiltersFields v={v} action={action} f={f} />
  </details>
);

const FiltersFields: FC<{ v: ConsoleView; action: string; f: QueueFilters }> = ({ v, action, f }) => (
  <form class="mod-filters" method="get" action={action} aria-label={v.t('mod.filters')}>
    <label>
      {v.t('mod.filter.type')}
      <select name="type">
        <option value="">{v.t('mod.filter.any')}</option>
        {moderationTypes.map((type) => (
          <option value={type} selected={f.type === type}>
            {v.t(`mod.type.${type}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
    <label>
      {v.t('mod.filter.flag')}
      <select name="flag">
        <option value="">{v.t('mod.filter.any')}</option>
        {flagCodes.map((code) => (
          <option value={code} selected={f.flag === code}>
            {v.t(`mod.flag.${code}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
    <label>
      {v.t('mod.filter.product')}
      <input name="product_id" value={f.productId ?? ''} size={12} />
    </label>
    <label>
      {v.t('mod.filter.older_than')}
      <input
        name="older_than"
        type="number"
        min="0"
        step="1"
        value={f.olderThanHours === undefined ? '' : String(f.olderThanHours)}
      />
    </label>
    <button type="submit" class="button secondary small">
      {v.t('mod.filter.apply')}
    </button>
    <a class="button ghost small" href={action}>
      {v.t('mod.filter.reset')}
    </a>
  </form>
);

const FlagList: FC<{ v: ConsoleView; item: QueueItem }> = ({ v, item }) =>
  item.flags.length ? (
    <ul class="mod-flags" aria-label={v.t('mod.flags')}>
      {item.flags.map((f) => (
        <li class={`mod-flag mod-flag-${f.code}`}>
          <strong>{labelOf(v.t, `mod.flag.${f.code}`, f.code)}</strong> ·{' '}
          {v.t('mod.confidence', { pct: Math.round(f.confidence * 100) })}
          {f.reason ? <span class="mod-flag-reason"> — {explainFlag(f, v.locale)}</span> : null}
        </li>
      ))}
    </ul>
  ) : (
    <p class="mod-flags mod-muted">{v.t('mod.no_flags')}</p>
  );

const History: FC<{ v: ConsoleView; history: HistoryEntry[] }> = ({ v, history }) => (
  <details class="mod-history" open={history.length > 0}>
    <summary>
      {v.t('mod.history')} ({history.length})
    </summary>
    {history.length ? (
      <ul>
        {history.map((h) => (
          <li>
            {v.t(`mod.type.${h.type}` as MessageKey)} ·{' '}
            <span class={`mod-status mod-status-${h.status}`}>{v.t(`mod.status.${h.status}` as MessageKey)}</span>
            {h.reason ? ` (${labelOf(v.t, `mod.reason.${h.reason}`, h.reason)})` : ''} ·{' '}
            <RelativeTime date={h.createdAt} locale={v.locale} />
          </li>
        ))}
      </ul>
    ) : (
      <p class="mod-muted">{v.t('mod.history_empty')}</p>
    )}
  </details>
);

export const ItemCard: FC<{
  v: ConsoleView;
  item: QueueItem;
  n: number;
  history: HistoryEntry[];
  reasons: RejectionReason[];
  back: string;
  canEscalate: boolean;
  orderBase: string;
}> = ({ v, item, n, history, reasons, back, canEscalate, orderBase }) => {
  const s = item.subject;
  const decide = `/moderation/items/${item.id}/decide`;
  return (
    <article
      class="mod-item"
      id={`item-${item.id}`}
      data-item={item.id}
      tabindex={-1}
      aria-labelledby={`item-${item.id}-title`}
    >
      <header class="mod-item-head">
        <h2 id={`item-${item.id}-title`} class="mod-item-title">
          <span class={`mod-type mod-type-${item.type}`}>{v.t(`mod.type.${item.type}` as MessageKey)}</span>{' '}
          {s?.title ? <span>{s.title}</span> : <span class="visually-hidden">{v.t('mod.item', { n })}</span>}
        </h2>
        <p class="mod-waiting">{v.t('mod.waiting', { time: duration(v.locale, item.waitingSeconds) })}</p>
        <label class="mod-select">
          <input type="checkbox" name="ids" value={item.id} form="mod-bulk" data-select="" />{' '}
          <span class="visually-hidden">{v.t('mod.select')}</span>
        </label>
      </header>
      {item.appealOf ? (
        <p class="mod-appeal">
          <strong>{v.t('mod.appeal_of')}</strong>
          {item.appealText ? (
            <>
              {' '}
              — {v.t('mod.appeal_text')} : « {item.appealText} »
            </>
          ) : null}
        </p>
      ) : null}
      <div class="mod-item-body">
        <div class="mod-text">
          {s?.rating ? <p class="mod-rating">{v.t('mod.rating', { rating: s.rating })}</p> : null}
          <blockquote class="mod-quote">{s?.text || '—'}</blockquote>
          <p class="mod-meta">
            {v.t('mod.author')} : {s?.authorName ?? item.authorId ?? '—'}
            {s?.url ? (
              <>
                {' · '}
                <a href={s.url}>{v.t('mod.open')}</a>
              </>
            ) : null}
          </p>
          <FlagList v={v} item={item} />
        </div>
        <aside class="mod-side">
          {item.orderId || s?.orderId ? (
            <p class="mod-order">
              {v.t('mod.order')} : <a href={`${orderBase}${item.orderId ?? s?.orderId}`}>{v.t('mod.order_link')}</a>
            </p>
          ) : null}
          <History v={v} history={history} />
        </aside>
      </div>
      <div class="mod-actions">
        <form method="post" action={decide} class="mod-approve">
          <CsrfField token={v.csrf} />
          <input type="hidden" name="back" value={back} />
          <Button name="action" value="approve" data-key="a">
            {v.t('mod.approve')} <kbd>a</kbd>
          </Button>
        </form>
        <form method="post" action={decide} class="mod-reject">
          <CsrfField token={v.csrf} />
          <input type="hidden" name="back" value={back} />
          <input type="hidden" name="action" value="reject" />
          <details class="mod-reasons">
            <summary class="button danger">
              {v.t('mod.reject')} <kbd>r</kbd>
            </summary>
            <fieldset>
              <legend>{v.t('mod.reason')}</legend>
              {s?.rejectSuspends ? <p class="mod-suspends">{v.t('mod.reject_suspends')}</p> : null}
              {reasons.map((r, i) => (
                <label class="mod-reason">
                  <input type="radio" name="reason" value={r.code} required checked={i === 0} />{' '}
                  <kbd>{i < 9 ? i + 1 : ''}</kbd> {reasonLabel(v.t, r)}
                  {r.editable ? <small> ({v.t('mod.reason.editable')})</small> : null}
                </label>
              ))}
              <label class="mod-note">
                {v.t('mod.note')}
                <input name="note" maxlength={1000} />
              </label>
              <Button variant="danger" small>
                {v.t('mod.confirm_reject')}
              </Button>
            </fieldset>
          </details>
        </form>
        {canEscalate ? (
          <form method="post" action={decide} class="mod-escalate">
            <CsrfField token={v.csrf} />
            <input type="hidden" name="back" value={back} />
            <Button variant="secondary" name="action" value="escalate">
              {v.t('mod.escalate')} <kbd>e</kbd>
            </Button>
          </form>
        ) : null}
      </div>
    </article>
  );
};

export const ItemList: FC<{
  v: ConsoleView;
  items: QueueItem[];
  histories: Map<string, HistoryEntry[]>;
  reasons: Map<string | null, RejectionReason[]>;
  back: string;
  canEscalate: boolean;
  moreHref: string | null;
  orderBase: string;
}> = ({ v, items, histories, reasons, back, canEscalate, moreHref, orderBase }) => (
  <>
    {items.map((item, i) => (
      <ItemCard
        v={v}
        item={item}
        n={i + 1}
        history={histories.get(item.id) ?? []}
        reasons={reasons.get(item.brandId) ?? []}
        back={back}
        canEscalate={canEscalate}
        orderBase={orderBase}
      />
    ))}
    {moreHref ? (
      <p class="mod-more" data-more={moreHref}>
        <a href={moreHref.replace('&fragment=1', '').replace('?fragment=1&', '?')}>{v.t('mod.more')}</a>
      </p>
    ) : null}
  </>
);
