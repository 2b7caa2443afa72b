/**
 * A post as the pages show it, from hydrated data (skeleton → loadVisible → these components).
 * The content HTML was built by renderText at write time and is safe; everything else the
 * author typed (names, alt text, poll options) goes through JSX escaping.
 */
import type { Child, FC } from 'hono/jsx';
import { Avatar, fullDateText, mediaSrc, RelativeTime } from '../../../web/components';
import { formatNumber } from '../../../web/i18n';
import type { Account } from '../../accounts';
import { renderExtensions } from '../extensions';
import { visibleTo, type Hydrated, type Media, type PollRow } from '../hydrate';
import type { Status } from '../posts';
import type { ViewContext } from '../web-shared';
import { Icon } from './icons';

export const postPath = (account: Pick<Account, 'username'>, id: string) => `/@${account.username}/${id}`;
export const profilePath = (account: Pick<Account, 'username'>) => `/@${account.username}`;

const Csrf: FC<{ v: ViewContext }> = ({ v }) => <input type="hidden" name="_csrf" value={v.csrf} />;

export const BrandBadge: FC<{ v: ViewContext; account: Pick<Account, 'kind'> }> = ({ v, account }) =>
  account.kind === 'brand' ? <span class="badge badge-brand">{v.t('social.brand_badge')}</span> : null;

/** Name and handle, linking to the profile (the avatar sits in its own column). */
export const AuthorLink: FC<{ v: ViewContext; account: Account }> = ({ v, account }) => (
  <a class="status-author" href={profilePath(account)}>
    <span class="display-name">{account.displayName || account.username}</span>
    <BrandBadge v={v} account={account} />
    <span class="handle">@{account.username}</span>
  </a>
);

/** The avatar column; hidden from screen readers and the tab order (the name link is beside it). */
export const AvatarLink: FC<{ account: Account; size?: 'sm' | 'md' }> = ({ account, size = 'md' }) => (
  <a class="status-avatar" href={profilePath(account)} tabindex={-1} aria-hidden="true">
    <Avatar account={account} size={size} class={account.kind === 'brand' ? 'is-brand' : undefined} />
  </a>
);

// Media -------------------------------------------------------------------------------------

export const MediaGrid: FC<{ v: ViewContext; media: Media[] }> = ({ v, media }) => {
  if (media.length === 0) return null;
  const single = media.length === 1;
  return (
    <div class="media-grid" data-count={String(media.length)}>
      {media.map((m) => (
        <a
          class="media-item"
          href={mediaSrc(m.path)}
          target="_blank"
          rel="noopener"
          aria-label={m.description ? undefined : v.t('social.media.open')}
        >
          <img
            src={single ? mediaSrc(m.path) : mediaSrc(m.previewPath)}
            srcset={`${mediaSrc(m.previewPath)} 400w, ${mediaSrc(m.path)} ${m.width}w`}
            sizes={single ? '(max-width: 680px) 100vw, 600px' : '(max-width: 680px) 50vw, 300px'}
            alt={m.description}
            width={String(m.width)}
            height={String(m.height)}
            loading="lazy"
            decoding="async"
          />
          {m.description ? (
            <span class="media-alt-badge" aria-hidden="true">
              ALT
            </span>
          ) : null}
        </a>
      ))}
    </div>
  );
};

// Polls -------------------------------------------------------------------------------------

export type PollProps = {
  v: ViewContext;
  poll: PollRow;
  ownVotes: number[] | undefined;
  authorId: string;
  error?: string | null;
};

function pollEnds(v: ViewContext, poll: PollRow): string {
  const expired = poll.expiresAt.getTime() <= Date.now();
  if (expired) return v.t('social.poll.closed');
  const minutes = Math.max(1, Math.round((poll.expiresAt.getTime() - Date.now()) / 60_000));
  if (minutes < 60) return v.t('social.poll.ends_minutes', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return v.t('social.poll.ends_hours', { count: hours });
  return v.t('social.poll.ends_days', { count: Math.round(hours / 24) });
}

/** A vote form while the viewer may vote, the results otherwise (and to visitors). */
export const PollView: FC<PollProps> = ({ v, poll, ownVotes, error }) => {
  const expired = poll.expiresAt.getTime() <= Date.now();
  const voted = (ownVotes?.length ?? 0) > 0;
  const metaId = `poll-meta-${poll.id}`;
  const meta = (
    <p class="poll-meta" id={metaId}>
      {v.t('social.poll.voters', { count: poll.votersCount })} · <span>{pollEnds(v, poll)}</span>
    </p>
  );
  if (v.viewerId && !expired && !voted) {
    const action = `/polls/${poll.id}/vote`;
    return (
      <form class="poll-form" method="post" action={action} hx-post={action} hx-target="this" hx-swap="outerHTML">
        <Csrf v={v} />
        <input type="hidden" name="next" value={v.back} />
        {error ? (
          <p class="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <fieldset class="poll" aria-describedby={metaId}>
          <legend class="visually-hidden">
            {poll.multiple ? v.t('social.poll.choose_many') : v.t('social.poll.choose_one')}
          </legend>
          {poll.options.map((o, i) => (
            <label class="poll-option">
              <input
                type={poll.multiple ? 'checkbox' : 'radio'}
                name="choices[]"
                value={String(i)}
                required={!poll.multiple || undefined}
              />
              <span class="poll-label">{o.title}</span>
            </label>
          ))}
        </fieldset>
        <div class="poll-footer">
          <button type="submit" class="button secondary small">
            {v.t('social.poll.vote')}
          </button>
          {meta}
        </div>
      </form>
    );
  }
  const total = poll.votesCount;
  const max = Math.max(0, ...poll.options.map((o) => o.votesCount));
  return (
    <div class={`poll${expired ? ' is-closed' : ''}`}>
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {poll.options.map((o, i) => {
        const pct = total > 0 ? Math.round((o.votesCount / total) * 100) : 0;
        const mine = ownVotes?.includes(i);
        return (
          <div
            class={`poll-option${mine ? ' is-own' : ''}${o.votesCount === max && max > 0 ? ' is-leading' : ''}`}
            style={`--pct:${pct}%`}
          >
            <span class="poll-bar" aria-hidden="true"></span>
            <span class="poll-label">
              {o.title}
              {mine ? <span class="poll-own"> ✓ {v.t('social.poll.your_choice')}</span> : null}
              <span class="visually-hidden"> : {v.t('social.poll.votes', { count: o.votesCount })}</span>
            </span>
            <span class="poll-percent">{`${pct} %`}</span>
          </div>
        );
      })}
      {meta}
    </div>
  );
};

// Actions -----------------------------------------------------------------------------------

type ActionButtonProps = {
  v: ViewContext;
  action: string;
  label: string;
  pressed?: boolean;
  count?: number;
  icon: Parameters<typeof Icon>[0]['name'];
  class: string;
  confirm?: string;
};

/** One toggle as a plain POST form; htmx swaps the whole action bar with the server's answer. */
const ActionButton: FC<ActionButtonProps> = ({ v, action, label, pressed, count, icon, class: cls, confirm }) => (
  <form
    method="post"
    action={action}
    class="action-form"
    hx-post={action}
    hx-target="closest .status-actions"
    hx-swap="outerHTML"
  >
    <Csrf v={v} />
    <input type="hidden" name="next" value={v.back} />
    <button
      type="submit"
      class={`action ${cls}`}
      aria-pressed={pressed === undefined ? undefined : pressed ? 'true' : 'false'}
      data-confirm={confirm}
    >
      <Icon name={icon} class="action-icon" />
      <span class="visually-hidden">{label}</span>
      {count !== undefined ? <span class="count">{count > 0 ? formatNumber(v.locale, count) : ''}</span> : null}
    </button>
  </form>
);

const CountOnly: FC<{
  v: ViewContext;
  icon: Parameters<typeof Icon>[0]['name'];
  label: string;
  count: number;
  class: string;
  href?: string;
}> = ({ v, icon, label, count, class: cls, href }) => {
  const inner = (
    <>
      <Icon name={icon} class="action-icon" />
      <span class="visually-hidden">{label}</span>
      <span class="count">{count > 0 ? formatNumber(v.locale, count) : ''}</span>
    </>
  );
  return href ? (
    <a class={`action ${cls}`} href={href}>
      {inner}
    </a>
  ) : (
    <span class={`action ${cls}`}>{inner}</span>
  );
};

export type ActionBarProps = { v: ViewContext; h: Hydrated; status: Status; author: Account };

/** Reply, repost, quote, like, bookmark and delete for the original post `status`. */
export const ActionBar: FC<ActionBarProps> = ({ v, h, status, author }) => {
  const base = `/statuses/${status.id}`;
  const page = postPath(author, status.id);
  const shareable = status.visibility === 'public' || status.visibility === 'unlisted';
  const liked = h.favourited.has(status.id);
  const reposted = h.reblogged.has(status.id);
  const bookmarked = h.bookmarked.has(status.id);
  if (!v.viewerId) {
    const login = `/login?next=${encodeURIComponent(page)}`;
    return (
      <footer class="status-actions" aria-label={v.t('social.actions.label')} role="group">
        <CountOnly
          v={v}
          icon="reply"
          label={v.t('social.actions.reply')}
          count={status.repliesCount}
          class="reply"
          href={login}
        />
        <CountOnly
          v={v}
          icon="repost"
          label={v.t('social.actions.repost')}
          count={status.reblogsCount}
          class="repost"
          href={login}
        />
        <CountOnly
          v={v}
          icon="like"
          label={v.t('social.actions.like')}
          count={status.favouritesCount}
          class="like"
          href={login}
        />
      </footer>
    );
  }
  return (
    <footer class="status-actions" aria-label={v.t('social.actions.label')} role="group">
      <CountOnly
        v={v}
        icon="reply"
        label={v.t('social.actions.reply')}
        count={status.repliesCount}
        class="reply"
        href={`${page}#reply`}
      />
      {shareable ? (
        <ActionButton
          v={v}
          action={`${base}/${reposted ? 'unrepost' : 'repost'}`}
          label={v.t('social.actions.repost')}
          pressed={reposted}
          count={status.reblogsCount}
          icon="repost"
          class="repost"
        />
      ) : (
        <span class="action repost is-disabled" title={v.t('social.actions.repost_private')}>
          <Icon name="lock" class="action-icon" />
          <span class="visually-hidden">{v.t('social.actions.repost_private')}</span>
        </span>
      )}
      {shareable ? (
        <a class="action quote-link" href={`${page}?quote=1#composer`}>
          <Icon name="quote" class="action-icon" />
          <span class="visually-hidden">{v.t('social.actions.quote')}</span>
          <span class="count">{status.quotesCount > 0 ? formatNumber(v.locale, status.quotesCount) : ''}</span>
        </a>
      ) : null}
      <ActionButton
        v={v}
        action={`${base}/${liked ? 'unlike' : 'like'}`}
        label={v.t('social.actions.like')}
        pressed={liked}
        count={status.favouritesCount}
        icon="like"
        class="like"
      />
      <ActionButton
        v={v}
        action={`${base}/${bookmarked ? 'unbookmark' : 'bookmark'}`}
        label={v.t('social.actions.bookmark')}
        pressed={bookmarked}
        icon="bookmark"
        class="bookmark"
      />
      {status.accountId === v.viewerId ? (
        <form
          method="post"
          action={`${base}/delete`}
          class="action-form"
          hx-post={`${base}/delete`}
          hx-target="closest article.status"
          hx-swap="outerHTML"
        >
          <Csrf v={v} />
          <input type="hidden" name="next" value={v.back} />
          <button type="submit" class="action delete" data-confirm={v.t('social.actions.delete_confirm')}>
            <Icon name="trash" class="action-icon" />
            <span class="visually-hidden">{v.t('social.actions.delete')}</span>
          </button>
        </form>
      ) : (
        // Report ("Signaler"): the moderation module's form (a link: social does not import moderation).
        <a
          class="action report-link"
          href={`/moderation/report?type=${status.inReplyToId ? 'reply' : 'post'}&id=${status.id}`}
          rel="nofollow"
        >
          <Icon name="flag" class="action-icon" />
          <span class="visually-hidden">{v.t('mod.report' as 'social.actions.delete')}</span>
        </a>
      )}
    </footer>
  );
};

// The card ----------------------------------------------------------------------------------

/** Whether a quoted post may be shown inside another to this viewer. */
function quotable(h: Hydrated, id: string | null): Status | null {
  if (!id) return null;
  const q = h.statuses.get(id);
  if (!q || q.reblogOfId || !visibleTo(h, q) || h.hidden.has(q.accountId) || !h.accounts.has(q.accountId)) return null;
  return q;
}

const Content: FC<{ status: Status }> = ({ status }) =>
  status.contentHtml ? (
    <div
      class="status-content"
      lang={status.language ?? undefined}
      dangerouslySetInnerHTML={{ __html: status.contentHtml }}
    />
  ) : null;

/** The body (content, media, poll), behind a content warning when there is one. */
const Body: FC<{ v: ViewContext; h: Hydrated; status: Status; author: Account; compact?: boolean }> = ({
  v,
  h,
  status,
  author,
  compact,
}) => {
  const media = h.media.get(status.id) ?? [];
  const poll = h.polls.get(status.id);
  const pollView =
    poll && !compact ? <PollView v={v} poll={poll} ownVotes={h.votes.get(poll.id)} authorId={author.id} /> : null;
  if (status.spoilerText) {
    return (
      <details class="status-cw">
        <summary>
          <span class="cw-text">{status.spoilerText}</span>{' '}
          <span class="cw-toggle">({v.t('social.spoiler.show')})</span>
        </summary>
        <Content status={status} />
        <MediaGrid v={v} media={media} />
        {pollView}
      </details>
    );
  }
  return (
    <>
      <Content status={status} />
      {status.sensitive && media.length ? (
        <details class="status-cw">
          <summary>{v.t('social.spoiler.sensitive_media')}</summary>
          <MediaGrid v={v} media={media} />
        </details>
      ) : (
        <MediaGrid v={v} media={media} />
      )}
      {pollView}
    </>
  );
};

/** A quoted post, small, inside the quoting one. */
export const QuoteEmbed: FC<{ v: ViewContext; h: Hydrated; quoteOfId: string | null }> = ({ v, h, quoteOfId }) => {
  if (!quoteOfId) return null;
  const q = quotable(h, quoteOfId);
  if (!q) return <p class="quote is-unavailable muted">{v.t('social.quote.unavailable')}</p>;
  const author = h.accounts.get(q.accountId)!;
  return (
    <div
      class="quote"
      role="group"
      aria-label={v.t('social.quote.label', { name: author.displayName || author.username })}
    >
      <header class="status-head">
        <AuthorLink v={v} account={author} />
        <a class="status-time" href={postPath(author, q.id)}>
          <RelativeTime date={q.createdAt} locale={v.locale} />
        </a>
      </header>
      <Body v={v} h={h} status={q} author={author} compact />
    </div>
  );
};

export type StatusCardProps = {
  v: ViewContext;
  h: Hydrated;
  /** The timeline row: a post, or a repost pointing at one. */
  id: string;
  /** The post a thread page is about: larger, with its full date. */
  focus?: boolean;
  /** In a thread the parent is right above: no "in reply to" line. */
  inThread?: boolean;
};

/** One post (or a repost of one) with its author, content, media, poll, quote and actions. */
export const StatusCard: FC<StatusCardProps> = ({ v, h, id, focus, inThread }) => {
  const row = h.statuses.get(id);
  if (!row) return null;
  const status = row.reblogOfId ? h.statuses.get(row.reblogOfId) : row;
  if (!status) return null;
  const author = h.accounts.get(status.accountId);
  const reposter = row.reblogOfId ? h.accounts.get(row.accountId) : null;
  if (!author || (row.reblogOfId && !reposter)) return null;
  const page = postPath(author, status.id);
  const parentAuthor = status.inReplyToAccountId ? h.accounts.get(status.inReplyToAccountId) : null;
  return (
    <article
      class={`status${focus ? ' is-focus' : ''}${row.reblogOfId ? ' is-repost' : ''}`}
      id={`status-${row.id}`}
      data-status-id={status.id}
      aria-labelledby={`status-by-${row.id}`}
    >
      {reposter ? (
        <p class="status-context">
          <Icon name="repost" />{' '}
          <a href={profilePath(reposter)}>
            {v.t('social.reposted_by', { name: reposter.displayName || reposter.username })}
          </a>
        </p>
      ) : null}
      {status.inReplyToId && !inThread ? (
        <p class="status-context">
          <Icon name="reply" />{' '}
          <a href={`/statuses/${status.inReplyToId}`}>
            {parentAuthor
              ? v.t('social.in_reply_to', { name: `@${parentAuthor.username}` })
              : v.t('social.in_reply_to_post')}
          </a>
        </p>
      ) : null}
      <AvatarLink account={author} />
      <div class="status-body">
        <header class="status-head" id={`status-by-${row.id}`}>
          <AuthorLink v={v} account={author} />
          <a class="status-time" href={page}>
            {focus ? (
              <time datetime={status.createdAt.toISOString()}>{fullDateText(v.locale, status.createdAt)}</time>
            ) : (
              <RelativeTime date={status.createdAt} locale={v.locale} />
            )}
          </a>
        </header>
        <Body v={v} h={h} status={status} author={author} />
        <QuoteEmbed v={v} h={h} quoteOfId={status.quoteOfId} />
        {renderExtensions(v, h.extensions, status.id)}
        {status.visibility !== 'public' ? (
          <p class="status-visibility muted small">
            <Icon name="lock" /> {v.t(`social.visibility.${status.visibility}` as 'social.visibility.public')}
          </p>
        ) : null}
        {focus && (status.reblogsCount || status.quotesCount || status.favouritesCount) ? (
          <p class="status-stats muted small">
            {v.t('social.stats.reposts', { count: status.reblogsCount })} ·{' '}
            {v.t('social.stats.quotes', { count: status.quotesCount })} ·{' '}
            {v.t('social.stats.likes', { count: status.favouritesCount })}
          </p>
        ) : null}
        <ActionBar v={v} h={h} status={status} author={author} />
      </div>
    </article>
  );
};

/**
 * A timeline's posts in one card; the live script prepends new ones into it. The empty state
 * sits inside too (app.js removes it when the first live post arrives).
 */
export const StatusList: FC<{
  v: ViewContext;
  h: Hydrated;
  ids: string[];
  empty: Child;
  stream?: string | null;
  label: string;
}> = ({ v, h, ids, empty, stream, label }) => (
  <section
    class="timeline"
    data-live-stream={stream ?? undefined}
    data-live-target={stream ? '' : undefined}
    aria-label={label}
  >
    {ids.map((id) => (
      <StatusCard v={v} h={h} id={id} />
    ))}
    {ids.length === 0 ? <p class="empty-state">{empty}</p> : null}
  </section>
);
