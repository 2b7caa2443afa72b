/**
 * A post as the pages show it, from hydrated data (skeleton → loadVisible → these components).
 * The content HTML was built by renderText at write time and is safe; everything else the
 * author typed (names, alt text, poll options) goes through JSX escaping.
 */
import type { Child, FC } from 'hono/jsx';
import { fullDateText, mediaSrc, RelativeTime } from '../../../web/components';
import type { Account } from '../../accounts';
import { renderExtensions } from '../extensions';
import { visibleTo, type Hydrated, type Media, type PollRow } from '../hydrate';
import type { Status } from '../posts';
import type { ViewContext } from '../web-shared';
import { Icon } from './icons';
import { ActionBar } from './status-actions';
import { RemoteOrigin } from './remote';
import { AuthorLink, AvatarLink, Csrf, postPath, profilePath } from './status-shared';

export { ActionBar, type ActionBarProps } from './status-actions';
export { AuthorLink, AvatarLink, BrandBadge, postPath, profilePath } from './status-shared';

// Media -------------------------------------------------------------------------------------

export const MediaGrid: FC<{ v: ViewContext; media: Media[] }> = ({ v, media }) => {
  if (media.length === 0) return null;
  const single = media.length === 1;
  return (
    <div class="media-grid" data-count={String(media.length)}>
      {media.map((m) =>
        // A remote image not copied here yet: its alt text and a link, never the remote file inline.
        m.path === '' ? (
          <a
            class="media-item media-remote"
            href={m.remoteUrl ?? undefined}
            target="_blank"
            rel="nofollow noopener noreferrer"
            title={v.t('social.media.remote_open')}
          >
            <span>{m.description || v.t('social.media.remote')}</span>
          </a>
        ) : (
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
        ),
      )}
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
          <RemoteOrigin v={v} author={author} status={status} />
        </header>
        <Body v={v} h={h} status={status} author={author} />
        <QuoteEmbed v={v} h={h} quoteOfId={status.quoteOfId} />
        {renderExtensions(v, h.extensions, status.id, row.id)}
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
