/**
 * One conversation in the back-office: the customer and the links to their file, order and the
 * thread on its channel; the messages in order (internal notes marked); the reply box with the
 * saved-reply picker and the internal-note toggle; the team's actions. The presence line polls
 * every few seconds (htmx) and says who else is here or writing.
 */
import type { FC } from 'hono/jsx';
import { Button, CsrfField, Flash, fullDateText } from '../../web/components';
import { parisFormValue } from '../../web/paris-time';
import type { MessageKey } from '../../web/i18n';
import type { ConversationDetail } from './conversations';
import type { Presence } from './presence';
import type { SavedReply } from './saved-replies';
import { conversationKinds, conversationPriorities } from './schema';
import { customerFileUrl, inboxPageUrl } from './urls';
import { type InboxView, KeysHelp, nameOf, SlaLine, StatusBadge } from './views-kit';

export type ThreadPageProps = {
  v: InboxView;
  brand: { username: string; name: string };
  viewerId: string;
  c: ConversationDetail;
  agents: { id: string; name: string }[];
  saved: SavedReply[];
  draft: { text: string; missing: string[]; savedId?: string; internal?: boolean };
  orderRef: string | null;
  channelUrl: string | null;
  others: Presence[];
  prev: string | null;
  next: string | null;
  notice?: string;
  error?: string;
};

export const PresenceLine: FC<{ v: InboxView; others: Presence[] }> = ({ v, others }) => (
  <>
    {others.map((o) => (
      <p class={`inbox-presence-item${o.typing ? ' is-typing' : ''}`}>
        {v.t(o.typing ? 'inbox.conv.also_replying' : 'inbox.conv.also_viewing', { name: nameOf(o.account) })}
      </p>
    ))}
  </>
);

const Action: FC<{ v: InboxView; action: string; label: MessageKey; id?: string; hidden?: Record<string, string> }> = ({
  v,
  action,
  label,
  id,
  hidden,
}) => (
  <form method="post" action={action} id={id} class="inline-form">
    <CsrfField token={v.csrf} />
    {Object.entries(hidden ?? {}).map(([k, val]) => (
      <input type="hidden" name={k} value={val} />
    ))}
    <Button small variant="secondary">
      {v.t(label)}
    </Button>
  </form>
);

const Messages: FC<{ v: InboxView; c: ConversationDetail }> = ({ v, c }) => (
  <ol class="inbox-thread">
    {c.messages.map((m) => (
      <li class={`inbox-message inbox-message-${m.authorRole}${m.internal ? ' is-internal' : ''}`} data-message={m.id}>
        <p class="inbox-message-head">
          <strong>{nameOf(m.author)}</strong>{' '}
          <span class="inbox-badge">
            {m.internal
              ? v.t('inbox.conv.note')
              : v.t(`inbox.conv.${m.authorRole}` as 'inbox.conv.customer' | 'inbox.conv.team' | 'inbox.conv.system')}
          </span>{' '}
          <time datetime={m.createdAt.toISOString()}>{fullDateText(v.locale, m.createdAt)}</time>
        </p>
        <p class="inbox-message-text">{m.text}</p>
        {m.authorRole === 'team' && !m.internal ? (
          <p class="inbox-delivery">
            {m.deliveryError
              ? v.t('inbox.conv.not_delivered', { reason: m.deliveryError })
              : m.deliveredAt
                ? v.t('inbox.conv.delivered')
                : v.t('inbox.conv.sending')}
          </p>
        ) : null}
      </li>
    ))}
  </ol>
);

export const InboxThreadPage: FC<ThreadPageProps> = (p) => {
  const { v, c } = p;
  const base = inboxPageUrl(p.brand.username, c.id);
  const name = nameOf(c.customer);
  return (
    <div class="page inbox-page inbox-conversation" data-prev={p.prev ?? undefined} data-next={p.next ?? undefined}>
      <p>
        <a href={inboxPageUrl(p.brand.username)}>← {v.t('inbox.conv.back')}</a>
      </p>
      <h1>{v.t('inbox.conv.title', { name })}</h1>
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      {p.error ? <Flash kind="error">{p.error}</Flash> : null}
      <p class="inbox-links">
        <a href={customerFileUrl(p.brand.username, c.customerId)}>{v.t('inbox.conv.customer_file')}</a>
        {p.orderRef && c.orderId ? (
          <>
            {' · '}
            <a href={`/brands/${p.brand.username}/orders/${c.orderId}`}>
              {v.t('inbox.conv.order', { ref: p.orderRef })}
            </a>
          </>
        ) : null}
        {p.channelUrl ? (
          <>
            {' · '}
            <a href={p.channelUrl}>{v.t('inbox.conv.on_channel')}</a>
          </>
        ) : null}
      </p>
      <p class="inbox-meta">
        <StatusBadge v={v} c={c} /> <span class="inbox-badge">{v.t(`inbox.channel.${c.channel}` as MessageKey)}</span>{' '}
        {c.assignee ? v.t('inbox.assigned_to', { name: nameOf(c.assignee) }) : v.t('inbox.unassigned')}{' '}
        <SlaLine v={v} c={c} />
        {c.rating ? <span> · {v.t('inbox.conv.rating', { rating: c.rating })}</span> : null}
      </p>
      <div
        id="inbox-presence"
        class="inbox-presence"
        aria-live="polite"
        hx-post={`${base}/presence`}
        hx-trigger="load, every 10s"
        hx-swap="innerHTML"
      >
        <PresenceLine v={v} others={p.others} />
      </div>
      <Messages v={v} c={c} />
      <section class="inbox-reply" aria-labelledby="inbox-reply-title">
        <h2 id="inbox-reply-title">{v.t('inbox.conv.reply')}</h2>
        {p.saved.length ? (
          <form method="get" action={base} class="inbox-saved-picker">
            <label>
              {v.t('inbox.saved.pick')}{' '}
              <select name="saved">
                {p.saved.map((s) => (
                  <option value={s.id} selected={s.id === p.draft.savedId}>
                    {s.title}
                  </option>
                ))}
              </select>
            </label>{' '}
            <Button small variant="secondary">
              {v.t('inbox.saved.insert')}
            </Button>
          </form>
        ) : null}
        {p.draft.missing.length ? (
          <Flash kind="warning">
            {v.t('inbox.saved.missing', { names: p.draft.missing.map((m) => `{{${m}}}`).join(', ') })}
          </Flash>
        ) : null}
        <form method="post" action={`${base}/reply`} id="inbox-reply-form" class="stack">
          <CsrfField token={v.csrf} />
          <label for="inbox-text">{v.t('inbox.conv.text')}</label>
          <textarea id="inbox-text" name="text" rows={5} maxlength={5000} required data-typing={`${base}/presence`}>
            {p.draft.text}
          </textarea>
          <label>
            <input type="checkbox" name="internal" value="true" id="inbox-internal" checked={p.draft.internal} />{' '}
            {v.t('inbox.conv.internal')}
          </label>
          <label>
            {v.t('inbox.conv.after')}{' '}
            <select name="status">
              {(['pending', 'open', 'resolved'] as const).map((s) => (
                <option value={s}>{v.t(`inbox.conv.after.${s}`)}</option>
              ))}
            </select>
          </label>
          <Button>{v.t('inbox.conv.send')}</Button>
        </form>
      </section>
      <section class="inbox-actions">
        <Action
          v={v}
          action={`${base}/assign`}
          label="inbox.conv.assign_me"
          id="inbox-assign-me"
          hidden={{ account_id: p.viewerId }}
        />
        <form method="post" action={`${base}/assign`} class="inline-form">
          <CsrfField token={v.csrf} />
          <select name="account_id" aria-label={v.t('inbox.conv.assign')}>
            {p.agents.map((a) => (
              <option value={a.id} selected={a.id === c.assigneeId}>
                {a.name}
              </option>
            ))}
          </select>{' '}
          <Button small variant="secondary">
            {v.t('inbox.conv.assign')}
          </Button>
        </form>
        {c.assigneeId ? <Action v={v} action={`${base}/unassign`} label="inbox.conv.unassign" /> : null}
        {c.shownStatus === 'resolved' || c.shownStatus === 'snoozed' || c.shownStatus === 'pending' ? (
          <Action v={v} action={`${base}/reopen`} label="inbox.conv.reopen" />
        ) : null}
        {c.shownStatus !== 'resolved' ? (
          <Action v={v} action={`${base}/resolve`} label="inbox.conv.resolve" id="inbox-resolve" />
        ) : null}
        {c.shownStatus !== 'resolved' ? (
          <form method="post" action={`${base}/snooze`} class="inline-form">
            <CsrfField token={v.csrf} />
            <label>
              {v.t('inbox.conv.snooze')}{' '}
              <input
                type="datetime-local"
                name="until"
                id="inbox-snooze"
                required
                value={parisFormValue(new Date(v.now.getTime() + 86_400_000))}
              />
            </label>{' '}
            <Button small variant="secondary">
              {v.t('inbox.conv.snooze_submit')}
            </Button>
          </form>
        ) : null}
        <form method="post" action={`${base}/priority`} class="inline-form">
          <CsrfField token={v.csrf} />
          <label>
            {v.t('inbox.conv.priority')}{' '}
            <select name="priority">
              {conversationPriorities.map((x) => (
                <option value={x} selected={x === c.priority}>
                  {v.t(`inbox.priority.${x}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>{' '}
          <Button small variant="secondary">
            {v.t('inbox.conv.save')}
          </Button>
        </form>
        <form method="post" action={`${base}/labels`} class="inline-form">
          <CsrfField token={v.csrf} />
          <label>
            {v.t('inbox.conv.labels')} <input type="text" name="labels" value={c.labels.join(', ')} maxlength={440} />
          </label>{' '}
          <Button small variant="secondary">
            {v.t('inbox.conv.save')}
          </Button>
        </form>
        <form method="post" action={`${base}/kind`} class="inline-form">
          <CsrfField token={v.csrf} />
          <label>
            {v.t('inbox.conv.kind')}{' '}
            <select name="kind">
              {conversationKinds.map((x) => (
                <option value={x} selected={x === c.kind}>
                  {v.t(`inbox.kind.${x}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>{' '}
          <span class="hint">
            ({v.t(c.kindSource === 'person' ? 'inbox.conv.kind_person' : 'inbox.conv.kind_triage')})
          </span>{' '}
          <Button small variant="secondary">
            {v.t('inbox.conv.save')}
          </Button>
        </form>
      </section>
      <KeysHelp v={v} />
    </div>
  );
};
