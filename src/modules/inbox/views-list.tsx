/**
 * The brand's inbox page: counts per status as tabs, the filters, the conversations (what breaches
 * first on top) and, for owners and admins, the round robin and saved replies. Keyboard: j/k move,
 * Enter opens (static/inbox.js); without the script every row is a link.
 */
import type { FC } from 'hono/jsx';
import { Button, CsrfField, Flash } from '../../web/components';
import type { MessageKey } from '../../web/i18n';
import type { ListedConversation } from './conversations';
import type { AgentLoad, Routing } from './round-robin';
import type { SavedReply } from './saved-replies';
import { conversationKinds, conversationPriorities, conversationStatuses, inboxChannels } from './schema';
import { inboxPageUrl } from './urls';
import { type InboxView, KeysHelp, nameOf, SlaLine, StatusBadge } from './views-kit';

export type ListPageProps = {
  v: InboxView;
  brand: { username: string; name: string };
  viewerId: string;
  counts: Record<string, number>;
  filters: Record<string, string | undefined>;
  rows: ListedConversation[];
  moreHref: string | null;
  available: boolean;
  manage: { routing: Routing; agents: AgentLoad[]; saved: SavedReply[] } | null;
  notice?: string;
  error?: string;
};

const Select: FC<{ v: InboxView; name: string; label: MessageKey; value?: string; options: [string, string][] }> = ({
  v,
  name,
  label,
  value,
  options,
}) => (
  <label class="inbox-filter">
    <span>{v.t(label)}</span>
    <select name={name}>
      <option value="">{v.t('inbox.filter.any')}</option>
      {options.map(([val, text]) => (
        <option value={val} selected={val === value}>
          {text}
        </option>
      ))}
    </select>
  </label>
);

const Row: FC<{ v: InboxView; base: string; c: ListedConversation; brand: string }> = ({ v, c, brand }) => (
  <li class="inbox-item" data-href={inboxPageUrl(brand, c.id)} data-item={c.id} tabindex={-1}>
    <a class="inbox-item-link" href={inboxPageUrl(brand, c.id)}>
      <strong class="inbox-customer">{nameOf(c.customer)}</strong>
      {c.subject ? <span class="inbox-subject"> · {c.subject}</span> : null}
    </a>
    <span class="inbox-meta">
      <StatusBadge v={v} c={c} /> <span class="inbox-badge">{v.t(`inbox.channel.${c.channel}` as MessageKey)}</span>{' '}
      <span class="inbox-badge">{v.t(`inbox.kind.${c.kind}` as MessageKey)}</span>{' '}
      {c.priority !== 'normal' ? (
        <span class={`inbox-badge inbox-priority-${c.priority}`}>
          {v.t(`inbox.priority.${c.priority}` as MessageKey)}
        </span>
      ) : null}{' '}
      {c.labels.map((l) => (
        <span class="inbox-label">{l}</span>
      ))}
    </span>
    <span class="inbox-assignee">
      {c.assignee ? v.t('inbox.assigned_to', { name: nameOf(c.assignee) }) : v.t('inbox.unassigned')}
    </span>
    <SlaLine v={v} c={c} />
  </li>
);

const Manage: FC<{ v: InboxView; base: string; manage: NonNullable<ListPageProps['manage']> }> = ({
  v,
  base,
  manage,
}) => (
  <>
    <details class="inbox-manage">
      <summary>{v.t('inbox.routing')}</summary>
      <form method="post" action={`${base}/routing`} class="stack">
        <CsrfField token={v.csrf} />
        <label>
          <input type="checkbox" name="round_robin" value="true" checked={manage.routing.roundRobin} />{' '}
          {v.t('inbox.routing.on')}
        </label>
        <label>
          {v.t('inbox.routing.cap')}{' '}
          <input type="number" name="open_cap" min={1} max={500} value={String(manage.routing.openCap)} />
        </label>
        <Button small>{v.t('inbox.routing.save')}</Button>
      </form>
      <ul>
        {manage.agents.map((a) => (
          <li>
            {nameOf(a.account)} · {a.available ? v.t('inbox.available_now') : v.t('inbox.unavailable')} · {a.open}
          </li>
        ))}
      </ul>
    </details>
    <details class="inbox-manage">
      <summary>{v.t('inbox.saved.title')}</summary>
      {manage.saved.length === 0 ? <p>{v.t('inbox.saved.none')}</p> : null}
      <ul class="inbox-saved-list">
        {manage.saved.map((s) => (
          <li>
            <strong>{s.title}</strong>
            <p class="inbox-saved-text">{s.text}</p>
            <form method="post" action={`${base}/saved-replies/${s.id}/delete`}>
              <CsrfField token={v.csrf} />
              <Button small variant="danger">
                {v.t('inbox.saved.delete')}
              </Button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/saved-replies`} class="stack">
        <CsrfField token={v.csrf} />
        <label>
          {v.t('inbox.saved.name')} <input type="text" name="title" maxlength={80} required />
        </label>
        <label>
          {v.t('inbox.saved.text')} <textarea name="text" rows={4} maxlength={5000} required></textarea>
        </label>
        <p class="hint">{v.t('inbox.saved.variables')}</p>
        <Button small>{v.t('inbox.saved.add')}</Button>
      </form>
    </details>
  </>
);

export const InboxListPage: FC<ListPageProps> = (p) => {
  const { v } = p;
  const base = inboxPageUrl(p.brand.username);
  const tab = (status: string) => {
    const q = new URLSearchParams({ ...(p.filters as Record<string, string>), status });
    for (const [k, val] of [...q]) if (!val) q.delete(k);
    return `${base}?${q}`;
  };
  return (
    <div class="page inbox-page">
      <h1>{v.t('inbox.title', { name: p.brand.name })}</h1>
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      {p.error ? <Flash kind="error">{p.error}</Flash> : null}
      <nav class="inbox-tabs" aria-label={v.t('inbox.filters')}>
        {conversationStatuses.map((s) => (
          <a href={tab(s)} aria-current={p.filters.status === s ? 'page' : undefined}>
            {v.t(`inbox.status.${s}` as MessageKey)} <span class="inbox-count">{p.counts[s] ?? 0}</span>
          </a>
        ))}
        <a href={tab('all')} aria-current={p.filters.status === 'all' ? 'page' : undefined}>
          {v.t('inbox.status.all')}
        </a>
      </nav>
      <form method="get" action={base} class="inbox-filters">
        <input type="hidden" name="status" value={p.filters.status ?? 'open'} />
        <Select
          v={v}
          name="assignee"
          label="inbox.filter.assignee"
          value={p.filters.assignee}
          options={[
            ['mine', v.t('inbox.filter.mine')],
            ['unassigned', v.t('inbox.filter.unassigned')],
          ]}
        />
        <Select
          v={v}
          name="kind"
          label="inbox.filter.kind"
          value={p.filters.kind}
          options={conversationKinds.map((k) => [k, v.t(`inbox.kind.${k}` as MessageKey)])}
        />
        <Select
          v={v}
          name="channel"
          label="inbox.filter.channel"
          value={p.filters.channel}
          options={inboxChannels.map((k) => [k, v.t(`inbox.channel.${k}` as MessageKey)])}
        />
        <Select
          v={v}
          name="priority"
          label="inbox.filter.priority"
          value={p.filters.priority}
          options={conversationPriorities.map((k) => [k, v.t(`inbox.priority.${k}` as MessageKey)])}
        />
        <label class="inbox-filter">
          <span>{v.t('inbox.filter.label')}</span>
          <input type="text" name="label" value={p.filters.label ?? ''} maxlength={40} />
        </label>
        <Button small variant="secondary">
          {v.t('inbox.filter.apply')}
        </Button>
      </form>
      <form method="post" action={`${base}/availability`} class="inbox-availability">
        <CsrfField token={v.csrf} />
        <input type="hidden" name="available" value={p.available ? 'false' : 'true'} />
        <span>{p.available ? v.t('inbox.available') : v.t('inbox.unavailable')}</span>{' '}
        <Button small variant="ghost">
          {p.available ? v.t('inbox.set_unavailable') : v.t('inbox.set_available')}
        </Button>
      </form>
      <KeysHelp v={v} />
      {p.rows.length === 0 ? (
        <p class="inbox-empty">{v.t('inbox.empty')}</p>
      ) : (
        <ol class="inbox-list" id="inbox-list" aria-describedby="inbox-keys-text">
          {p.rows.map((c) => (
            <Row v={v} base={base} c={c} brand={p.brand.username} />
          ))}
        </ol>
      )}
      {p.moreHref ? (
        <p>
          <a href={p.moreHref} rel="next">
            {v.t('inbox.more')}
          </a>
        </p>
      ) : null}
      {p.manage ? <Manage v={v} base={base} manage={p.manage} /> : null}
    </div>
  );
};
