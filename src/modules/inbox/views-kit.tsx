/** Pieces both inbox pages share: the view's bag, badges, the SLA line, the keyboard help. */
import type { FC } from 'hono/jsx';
import { fullDateText, ShortcutsDialog } from '../../web/components';
import type { Locale, MessageKey, T } from '../../web/i18n';
import type { ListedConversation } from './conversations';
import { breached } from './rows';

export type InboxView = { t: T; locale: Locale; csrf: string; now: Date };

export const nameOf = (a: { displayName: string; username: string } | null) => (a ? a.displayName || a.username : '—');

export const StatusBadge: FC<{ v: InboxView; c: ListedConversation }> = ({ v, c }) => (
  <span class={`inbox-badge inbox-status-${c.shownStatus}`}>{v.t(`inbox.state.${c.shownStatus}` as MessageKey)}</span>
);

/** The due time (Paris) and whether it has passed; the snooze's end for a snoozed conversation. */
export const SlaLine: FC<{ v: InboxView; c: ListedConversation }> = ({ v, c }) => (
  <span class="inbox-sla">
    {c.shownStatus === 'snoozed' && c.snoozedUntil ? (
      <span>{v.t('inbox.snoozed_until', { date: fullDateText(v.locale, c.snoozedUntil) })}</span>
    ) : c.slaDueAt && c.shownStatus !== 'resolved' ? (
      <time datetime={c.slaDueAt.toISOString()}>{v.t('inbox.due', { date: fullDateText(v.locale, c.slaDueAt) })}</time>
    ) : null}
    {breached(c, v.now) ? <strong class="inbox-breached"> {v.t('inbox.breached')}</strong> : null}
  </span>
);

export const KEYS = [
  ['j', 'inbox.key.next'],
  ['k', 'inbox.key.previous'],
  ['Enter', 'inbox.key.open'],
  ['r', 'inbox.key.reply'],
  ['n', 'inbox.key.note'],
  ['e', 'inbox.key.resolve'],
  ['s', 'inbox.key.snooze'],
  ['a', 'inbox.key.assign'],
  ['?', 'inbox.key.help'],
] as const;

/** The shortcuts: always listed in a visible block, and in a dialog `?` opens. */
export const KeysHelp: FC<{ v: InboxView }> = ({ v }) => (
  <>
    <details class="inbox-keys">
      <summary>
        {v.t('inbox.shortcuts')} <kbd>?</kbd>
      </summary>
      <p id="inbox-keys-text">{v.t('inbox.keys')}</p>
    </details>
    <ShortcutsDialog
      id="inbox-help"
      title={v.t('inbox.shortcuts')}
      close={v.t('inbox.close')}
      keys={KEYS.map(([key, label]): [string, string] => [key, v.t(label)])}
    />
    <script src="/static/inbox.js" defer></script>
  </>
);
