/**
 * The console page around the queue: counters, filters, the pager (position, previous, next), the
 * keyboard help, the bulk bar. /static/moderation.js shows one item at a time and keeps the
 * position and counters current; without it every item is listed with its own forms.
 */
import type { Child, FC } from 'hono/jsx';
import { Button, CsrfField, ShortcutsDialog } from '../../../web/components';
import type { Counters, QueueFilters } from '../queue';
import type { RejectionReason } from '../schema';
import { CountersBar, type ConsoleView, FiltersForm, reasonLabel } from './console';

/** How many items wait, as the pager shows it ("9", "1 000+"). */
const total = (v: ConsoleView, c: Counters) =>
  `${new Intl.NumberFormat(v.locale).format(c.pending)}${c.pendingMore ? '+' : ''}`;

const KEYS = [
  ['j', 'mod.key.next'],
  ['k', 'mod.key.previous'],
  ['a', 'mod.key.approve'],
  ['r', 'mod.key.reject'],
  ['1–9', 'mod.key.reason'],
  ['Esc', 'mod.key.cancel'],
  ['e', 'mod.key.escalate'],
  ['x', 'mod.key.select'],
  ['?', 'mod.key.help'],
] as const;

/** The keyboard shortcuts, in a dialog the `?` key (or the pager's button) opens. */
const KeysHelp: FC<{ v: ConsoleView }> = ({ v }) => (
  <ShortcutsDialog
    id="mod-help"
    title={v.t('mod.shortcuts')}
    close={v.t('mod.close')}
    keys={KEYS.map(([key, label]): [string, string] => [key, v.t(label)])}
  />
);

export const ConsolePage: FC<{
  v: ConsoleView;
  title: string;
  tabs: Child;
  counters: Counters;
  filters: QueueFilters;
  action: string;
  notice?: Child;
  list: Child;
  empty: boolean;
  reasons: RejectionReason[];
}> = ({ v, title, tabs, counters, filters, action, notice, list, empty, reasons }) => (
  <div class="page mod-page">
    <h1>{title}</h1>
    {tabs}
    {notice}
    <CountersBar v={v} c={counters} />
    <FiltersForm v={v} action={action} f={filters} />
    <p class="visually-hidden" id="mod-keys">
      {v.t('mod.keys')}
    </p>
    <nav class="mod-pager" aria-label={v.t('mod.pager')} hidden>
      <button type="button" class="button secondary small" data-go="-1">
        ← {v.t('mod.previous')} <kbd>k</kbd>
      </button>
      <span class="mod-position" aria-live="polite">
        {v.t('mod.position_label')} <strong data-position="">1</strong> /{' '}
        <span data-total="">{total(v, counters)}</span>
      </span>
      <button type="button" class="button secondary small" data-go="1">
        {v.t('mod.next')} <kbd>j</kbd> →
      </button>
      <button type="button" class="button ghost small" data-help="" aria-haspopup="dialog">
        {v.t('mod.shortcuts')} <kbd>?</kbd>
      </button>
    </nav>
    <KeysHelp v={v} />
    <div class="mod-live" role="status" aria-live="polite" id="mod-live"></div>
    <form id="mod-bulk" class="mod-bulk" method="post" action="/moderation/bulk">
      <CsrfField token={v.csrf} />
      <input type="hidden" name="back" value={action} />
      <span data-bulk-count="" data-one={v.t('mod.bulk_one')} data-other={v.t('mod.bulk_other')}>
        {v.t('mod.bulk_none')}
      </span>
      <Button variant="secondary" small name="action" value="approve">
        {v.t('mod.bulk_approve')}
      </Button>
      <select name="reason" aria-label={v.t('mod.reason')}>
        {reasons.map((r) => (
          <option value={r.code}>{reasonLabel(v.t, r)}</option>
        ))}
      </select>
      <Button variant="danger" small name="action" value="reject">
        {v.t('mod.bulk_reject')}
      </Button>
    </form>
    <section class="mod-queue" id="mod-queue" aria-describedby="mod-keys" data-empty-text={v.t('mod.empty')}>
      {empty ? <p class="mod-empty">{v.t('mod.empty')}</p> : list}
    </section>
    <script src="/static/moderation.js" defer></script>
  </div>
);
