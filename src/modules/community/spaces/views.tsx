/**
 * The spaces' pages for people: a space (charter, topics pinned first, the new-topic form) and a
 * topic (the accepted answer first and marked, replies, the reply form, the team's actions).
 * Every user text goes through JSX, which escapes it. Forms carry the CSRF token.
 */
import type { FC } from 'hono/jsx';
import { CsrfField, RelativeTime } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import type { SpaceRow } from './access';
import { MAX_TEXT, MAX_TITLE } from './posting';
import { spaceFeedPaths, spacePath, topicPath } from './present';
import type { ReplyRow, TopicRow } from './topics';

export type V = { t: T; locale: Locale; csrf: string; viewerId: string | null };

const StatusBadge: FC<{ v: V; status: string }> = ({ v, status }) =>
  status === 'published' ? null : (
    <span class={`badge space-status space-status-${status}`}>
      {v.t(`spaces.status.${status}` as 'spaces.status.pending')}
    </span>
  );

const Byline: FC<{ v: V; author: { username: string; displayName: string }; at: Date; team?: boolean }> = (p) => (
  <p class="space-byline muted small">
    <a href={`/@${p.author.username}`}>{p.author.displayName}</a>
    {p.team ? <span class="badge space-team">{p.v.t('spaces.team_badge')}</span> : null} ·{' '}
    <RelativeTime date={p.at} locale={p.v.locale} />
  </p>
);

export const Charter: FC<{ v: V; space: SpaceRow }> = ({ v, space }) =>
  space.charter ? (
    <aside class="space-charter" aria-labelledby="space-charter-title">
      <h2 id="space-charter-title">{v.t('spaces.charter')}</h2>
      <div class="space-text">{space.charter}</div>
    </aside>
  ) : null;

export const SpacePage: FC<{
  v: V;
  space: SpaceRow;
  topics: TopicRow[];
  manager: boolean;
  error?: string | null;
  values?: { title?: string; text?: string };
}> = ({ v, space, topics, manager, error, values }) => (
  <div class="narrow-wide stack space-page">
    <header class="page-header">
      <p class="muted small">
        <a href={`/@${space.brandUsername}`}>{space.brandName}</a> ·{' '}
        {v.t(space.visibility === 'public' ? 'spaces.visibility.public' : 'spaces.visibility.members')}
      </p>
      <h1>{space.name}</h1>
      {space.description ? <p class="lead">{space.description}</p> : null}
      <p class="space-feeds small">
        <a href={spaceFeedPaths(space.id).rss}>RSS</a> · <a href={spaceFeedPaths(space.id).atom}>Atom</a>
        {manager ? (
          <>
            {' '}
            · <a href={`/brands/${space.brandUsername}/spaces/${space.id}`}>{v.t('spaces.manage')}</a>
          </>
        ) : null}
      </p>
      {space.archivedAt ? <p class="notice">{v.t('spaces.archived_notice')}</p> : null}
    </header>
    <Charter v={v} space={space} />
    <section aria-labelledby="space-topics-title">
      <h2 id="space-topics-title">{v.t('spaces.topics')}</h2>
      {topics.length === 0 ? <p class="empty">{v.t('spaces.no_topics')}</p> : null}
      <ul class="space-topics">
        {topics.map((topic) => (
          <li class={`space-topic${topic.pinned ? ' pinned' : ''}`} data-topic={topic.id}>
            <a href={topicPath(topic.id)}>{topic.title}</a>{' '}
            {topic.pinned ? <span class="badge">{v.t('spaces.pinned')}</span> : null}
            {topic.locked ? <span class="badge">{v.t('spaces.locked')}</span> : null}
            {topic.acceptedReplyId ? <span class="badge space-solved">{v.t('spaces.solved')}</span> : null}
            <StatusBadge v={v} status={topic.status} />{' '}
            <span class="muted small">
              {topic.author.displayName} · {v.t('spaces.replies_count', { count: topic.repliesCount })} ·{' '}
              <RelativeTime date={topic.lastActivityAt} locale={v.locale} />
            </span>
          </li>
        ))}
      </ul>
    </section>
    {space.archivedAt ? null : v.viewerId ? (
      <section aria-labelledby="space-new-title" class="card space-new">
        <h2 id="space-new-title">{v.t('spaces.new_topic')}</h2>
        {space.charter ? <p class="hint">{v.t('spaces.charter_reminder')}</p> : null}
        {error ? (
          <p class="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action={`${spacePath(space.id)}/topics`} class="stack">
          <CsrfField token={v.csrf} />
          <label for="topic-title">{v.t('spaces.topic_title')}</label>
          <input id="topic-title" name="title" required maxlength={MAX_TITLE} value={values?.title ?? ''} />
          <label for="topic-text">{v.t('spaces.topic_text')}</label>
          <textarea id="topic-text" name="text" required maxlength={MAX_TEXT} rows={6}>
            {values?.text ?? ''}
          </textarea>
          <button type="submit" class="button primary">
            {v.t('spaces.post_topic')}
          </button>
        </form>
      </section>
    ) : (
      <p>
        <a href={`/login?next=${encodeURIComponent(spacePath(space.id))}`}>{v.t('spaces.login_to_post')}</a>
      </p>
    )}
  </div>
);

export const ReplyItem: FC<{ v: V; reply: ReplyRow; canAccept: boolean; topicId: string }> = (p) => (
  <li
    id={`reply-${p.reply.id}`}
    class={`space-reply${p.reply.accepted ? ' accepted' : ''}`}
    data-reply={p.reply.id}
    data-accepted={p.reply.accepted ? 'true' : undefined}
  >
    {p.reply.accepted ? <p class="badge space-accepted">{p.v.t('spaces.accepted_answer')}</p> : null}
    <Byline v={p.v} author={p.reply.author} at={p.reply.createdAt} team={p.reply.team} />
    <StatusBadge v={p.v} status={p.reply.status} />
    <div class="space-text">{p.reply.text}</div>
    {p.canAccept && p.reply.status === 'published' && !p.reply.accepted ? (
      <form method="post" action={`${topicPath(p.topicId)}/accept`} class="inline">
        <CsrfField token={p.v.csrf} />
        <input type="hidden" name="reply_id" value={p.reply.id} />
        <button type="submit" class="button secondary small">
          {p.v.t('spaces.accept')}
        </button>
      </form>
    ) : null}
  </li>
);

/** Asks for replies newer than the last one shown and replaces itself with them and a new poller. */
export const Poller: FC<{ topicId: string; after: string | null }> = ({ topicId, after }) => (
  <li
    class="space-poller"
    aria-hidden="true"
    hx-get={`${topicPath(topicId)}/replies${after ? `?after=${after}` : ''}`}
    hx-trigger="every 5s"
    hx-swap="outerHTML"
  />
);

export type TopicPageData = {
  topic: TopicRow;
  space: SpaceRow;
  replies: ReplyRow[];
  manager: boolean;
  otherSpaces: { id: string; name: string }[];
  error?: string | null;
};

const TeamActions: FC<{ v: V; d: TopicPageData }> = ({ v, d }) => {
  const action = (path: string, label: string) => (
    <form method="post" action={`${topicPath(d.topic.id)}/${path}`} class="inline">
      <CsrfField token={v.csrf} />
      <button type="submit" class="button secondary small">
        {label}
      </button>
    </form>
  );
  return (
    <section class="card space-team-actions" aria-labelledby="space-team-title">
      <h2 id="space-team-title">{v.t('spaces.team_actions')}</h2>
      {d.topic.pinned ? action('unpin', v.t('spaces.unpin')) : action('pin', v.t('spaces.pin'))}{' '}
      {d.topic.locked ? action('unlock', v.t('spaces.unlock')) : action('lock', v.t('spaces.lock'))}
      {d.otherSpaces.length ? (
        <form method="post" action={`${topicPath(d.topic.id)}/move`} class="inline">
          <CsrfField token={v.csrf} />
          <label for="move-space">{v.t('spaces.move_to')}</label>{' '}
          <select id="move-space" name="space_id">
            {d.otherSpaces.map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>{' '}
          <button type="submit" class="button secondary small">
            {v.t('spaces.move')}
          </button>
        </form>
      ) : null}
    </section>
  );
};

export const TopicPage: FC<{ v: V; d: TopicPageData }> = ({ v, d }) => {
  const { topic, space } = d;
  const canAccept = d.manager || (v.viewerId !== null && v.viewerId === topic.author.id);
  // The accepted answer is shown first, then the others in order.
  const accepted = d.replies.filter((r) => r.accepted);
  const others = d.replies.filter((r) => !r.accepted);
  const last = d.replies.length
    ? d.replies
        .map((r) => r.id)
        .sort()
        .at(-1)!
    : null;
  return (
    <div class="narrow-wide stack topic-page">
      <p class="muted small">
        <a href={`/@${space.brandUsername}`}>{space.brandName}</a> › <a href={spacePath(space.id)}>{space.name}</a>
      </p>
      <article class="space-topic-body" data-topic={topic.id}>
        <h1>
          {topic.title} {topic.pinned ? <span class="badge">{v.t('spaces.pinned')}</span> : null}
          {topic.locked ? <span class="badge">{v.t('spaces.locked')}</span> : null}
        </h1>
        <StatusBadge v={v} status={topic.status} />
        <Byline v={v} author={topic.author} at={topic.createdAt} />
        <div class="space-text">{topic.text}</div>
      </article>
      {d.manager ? <TeamActions v={v} d={d} /> : null}
      <section aria-labelledby="topic-replies-title">
        <h2 id="topic-replies-title">{v.t('spaces.replies')}</h2>
        {d.replies.length === 0 ? <p class="empty">{v.t('spaces.no_replies')}</p> : null}
        <ol class="space-replies" id="topic-replies" aria-live="polite">
          {[...accepted, ...others].map((r) => (
            <ReplyItem v={v} reply={r} canAccept={canAccept} topicId={topic.id} />
          ))}
          <Poller topicId={topic.id} after={last} />
        </ol>
      </section>
      {topic.locked ? (
        <p class="notice">{v.t('spaces.locked_notice')}</p>
      ) : space.archivedAt ? (
        <p class="notice">{v.t('spaces.archived_notice')}</p>
      ) : topic.status !== 'published' ? null : v.viewerId ? (
        <section class="card" aria-labelledby="reply-form-title">
          <h2 id="reply-form-title">{v.t('spaces.reply')}</h2>
          {d.error ? (
            <p class="form-error" role="alert">
              {d.error}
            </p>
          ) : null}
          <form method="post" action={`${topicPath(topic.id)}/replies`} class="stack">
            <CsrfField token={v.csrf} />
            <label for="reply-text" class="visually-hidden">
              {v.t('spaces.reply')}
            </label>
            <textarea id="reply-text" name="text" required maxlength={MAX_TEXT} rows={4} />
            <button type="submit" class="button primary">
              {v.t('spaces.send_reply')}
            </button>
          </form>
        </section>
      ) : (
        <p>
          <a href={`/login?next=${encodeURIComponent(topicPath(topic.id))}`}>{v.t('spaces.login_to_post')}</a>
        </p>
      )}
    </div>
  );
};
