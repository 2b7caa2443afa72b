/**
 * A post's page with its thread (ancestors above, replies below, reply or quote form), and the
 * actions on posts: like, repost, bookmark, delete, vote. Actions are plain POST forms that
 * redirect back (303); with htmx (HX-Request) they answer the updated fragment instead.
 */
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { list, readParams } from '../../http/params';
import { mediaUrl } from '../accounts';
import { findByUsername, getAccount, type Account } from '../accounts';
import { renderError, renderPage } from '../../web/page';
import { loadVisible } from './hydrate';
import { deleteStatus, findVisibleStatus, type Status } from './posts';
import { bookmark, favourite, getPoll, reblog, unbookmark, unfavourite, unreblog, vote } from './reactions';
import { contextSkeleton } from './timelines';
import { Composer, emptyComposer } from './views/composer';
import { ActionBar, PollView, postPath, StatusCard } from './views/status';
import { defaultPostAs, postAsOptions } from './web-compose';
import {
  actorOf,
  backTarget,
  errorMessage,
  isHtmx,
  loginPath,
  plainExcerpt,
  socialContext,
  viewContext,
  type Ctx,
} from './web-shared';

// Ours (`@name`) or a remote account's whole handle (`@name@host[:port]`).
export const HANDLE = ':handle{@(?:[A-Za-z0-9_]{1,30}|[A-Za-z0-9_.~-]{1,64}@[A-Za-z0-9.-]+(?::[0-9]{1,5})?)}';
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';

/** An absolute picture for link previews: the post's first image, else the author's avatar. */
export function previewImage(ctx: AppContext, account: Account, firstImagePath?: string | null): string {
  if (firstImagePath) return mediaUrl(ctx.config, firstImagePath);
  return account.avatarPath ? mediaUrl(ctx.config, account.avatarPath) : `${ctx.config.publicUrl}/static/avatar.svg`;
}

async function visibleOrNull(ctx: AppContext, viewerId: string | null, id: string): Promise<Status | null> {
  try {
    return await findVisibleStatus(ctx.db, viewerId, id);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

const notFoundPage = (c: Ctx, ctx: AppContext) =>
  renderError(c, 404, viewContext(c, ctx, null).t('social.post.not_found'), ctx);

const ACTIONS = ['like', 'unlike', 'repost', 'unrepost', 'bookmark', 'unbookmark', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

export const statusPages: RouteModule = (app, ctx) => {
  const social = socialContext(ctx);

  /** Short address of a post, e.g. for "in reply to" links: goes to its page. */
  app.get(`/statuses/${ID}`, async (c) => {
    const actor = await actorOf(c, ctx);
    const row = await visibleOrNull(ctx, actor?.actorId ?? null, c.req.param('id').toLowerCase());
    if (!row) return notFoundPage(c, ctx);
    const target = row.reblogOfId ? await visibleOrNull(ctx, actor?.actorId ?? null, row.reblogOfId) : row;
    if (!target) return notFoundPage(c, ctx);
    const author = await getAccount(ctx, target.accountId);
    return c.redirect(postPath(author, target.id), 302);
  });

  app.get(`/${HANDLE}/${ID}`, async (c) => {
    const id = c.req.param('id').toLowerCase();
    const account = await findByUsername(ctx, c.req.param('handle').slice(1));
    if (!account) return notFoundPage(c, ctx);
    const actor = await actorOf(c, ctx);
    const viewerId = actor?.actorId ?? null;
    const row = await visibleOrNull(ctx, viewerId, id);
    if (!row || row.accountId !== account.id) {
      if (row) return c.redirect(`/statuses/${row.id}`, 302);
      return notFoundPage(c, ctx);
    }
    if (row.reblogOfId) return c.redirect(`/statuses/${row.reblogOfId}`, 302);

    const thread = await contextSkeleton(ctx.db, id);
    const { hydrated: h, ids } = await loadVisible(ctx, viewerId, [...thread.ancestors, id, ...thread.descendants], {
      keepMuted: true,
    });
    const shown = new Set(ids.filter((x) => x === id || !h.hidden.has(h.statuses.get(x)!.accountId)));
    const ancestors = thread.ancestors.filter((x) => shown.has(x));
    const descendants = thread.descendants.filter((x) => shown.has(x));
    const v = viewContext(c, ctx, viewerId);
    const name = account.displayName || account.username;
    const media = h.media.get(id) ?? [];
    const shareable = row.visibility === 'public' || row.visibility === 'unlisted';
    const quoting = Boolean(c.req.query('quote')) && shareable && actor;

    let composer = null;
    if (actor) {
      const [options, postAs] = await Promise.all([postAsOptions(ctx, actor), defaultPostAs(ctx, actor)]);
      const values = emptyComposer(
        postAs,
        quoting ? 'public' : row.visibility === 'public' ? 'public' : row.visibility,
      );
      if (!quoting && row.accountId !== actor.actorId) values.text = `@${account.username} `;
      composer = (
        <div id="reply" class="thread-composer">
          <Composer
            v={v}
            maxChars={ctx.config.postMaxChars}
            values={values}
            postAsOptions={options}
            next={postPath(account, id)}
            replyTo={quoting ? null : { id, username: account.username }}
            quoteOf={quoting ? { id, username: account.username } : null}
            autofocus={Boolean(quoting)}
          />
          {quoting ? (
            <p>
              <a href={postPath(account, id)}>{v.t('social.post.cancel_quote')}</a>
            </p>
          ) : null}
        </div>
      );
    }

    const excerpt = plainExcerpt(row.spoilerText || row.text || '', 200);
    return renderPage(c, {
      meta: {
        title: v.t('social.post.title', { name }),
        description: excerpt || v.t('social.post.description_media', { name }),
        url: `${ctx.config.publicUrl}${postPath(account, id)}`,
        image: previewImage(ctx, account, row.spoilerText || row.sensitive ? null : media[0]?.path),
        type: 'article',
        noindex: row.visibility !== 'public',
        oembed: row.visibility === 'public' && !account.domain,
      },
      body: (
        <div class="narrow-wide stack thread-page">
          <p class="back-link">
            <a href={`/@${account.username}`}>← {v.t('social.post.back_to', { name })}</a>
            {shareable ? (
              <>
                {' '}
                ·{' '}
                <a href={`${postPath(account, id)}/propagation`} class="post-propagation-link">
                  {v.t('watch.propagation_link')}
                </a>
              </>
            ) : null}
          </p>
          <h1 class="visually-hidden">{v.t('social.post.title', { name })}</h1>
          <section class="timeline thread-main" aria-label={v.t('social.post.title', { name })}>
            {ancestors.map((x) => (
              <StatusCard v={v} h={h} id={x} inThread />
            ))}
            <StatusCard v={v} h={h} id={id} focus inThread={ancestors.length > 0} />
          </section>
          {composer}
          <section class="thread-replies" aria-labelledby="replies-title">
            <h2 id="replies-title">{v.t('social.post.replies', { count: descendants.length })}</h2>
            {descendants.length ? (
              <div class="timeline">
                {descendants.map((x) => (
                  <StatusCard v={v} h={h} id={x} inThread={h.statuses.get(x)?.inReplyToId === id} />
                ))}
              </div>
            ) : (
              <p class="empty-state">{v.t('social.post.no_replies')}</p>
            )}
          </section>
        </div>
      ),
    });
  });

  app.post(`/statuses/${ID}/:action{like|unlike|repost|unrepost|bookmark|unbookmark|delete}`, async (c) => {
    const id = c.req.param('id').toLowerCase();
    const action = c.req.param('action') as Action;
    const actor = await actorOf(c, ctx);
    if (!actor) return isHtmx(c) ? c.text('Unauthorized', 401) : c.redirect(loginPath(c), 303);
    const params = await readParams(c);
    const next = backTarget(c, params.next, '/home');
    let original: Status;
    try {
      switch (action) {
        case 'like':
          original = await favourite(social, actor.actorId, id);
          break;
        case 'unlike':
          original = await unfavourite(social, actor.actorId, id);
          break;
        case 'repost':
          await reblog(social, actor.actorId, id);
          original = await findVisibleStatus(ctx.db, actor.actorId, id);
          break;
        case 'unrepost':
          original = await unreblog(social, actor.actorId, id);
          break;
        case 'bookmark':
          original = await bookmark(social, actor.actorId, id);
          break;
        case 'unbookmark':
          original = await unbookmark(social, actor.actorId, id);
          break;
        case 'delete':
          await deleteStatus(social, [actor.actorId, actor.personId], id);
          if (isHtmx(c)) return c.body(null, 200);
          return c.redirect(
            next.startsWith(`/statuses/${id}`) || next.includes(`/${id}`) ? '/home' : next.split('#')[0],
            303,
          );
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const t = viewContext(c, ctx, actor.actorId).t;
      if (isHtmx(c)) return c.text(errorMessage(t, error), error.status);
      return renderError(
        c,
        error.status === 404 || error.status === 403 ? error.status : 422,
        errorMessage(t, error),
        ctx,
      );
    }
    if (original.reblogOfId) original = await findVisibleStatus(ctx.db, actor.actorId, original.reblogOfId);
    if (!isHtmx(c)) return c.redirect(`${next.split('#')[0]}#status-${id}`, 303);
    const { hydrated } = await loadVisible(ctx, actor.actorId, [original.id], { keepMuted: true });
    const status = hydrated.statuses.get(original.id)!;
    const author = hydrated.accounts.get(status.accountId)!;
    const v = { ...viewContext(c, ctx, actor.actorId), back: next };
    return c.html(<ActionBar v={v} h={hydrated} status={status} author={author} />);
  });

  app.post(`/polls/${ID}/vote`, async (c) => {
    const pollId = c.req.param('id').toLowerCase();
    const actor = await actorOf(c, ctx);
    if (!actor) return isHtmx(c) ? c.text('Unauthorized', 401) : c.redirect(loginPath(c), 303);
    const params = await readParams(c);
    const next = backTarget(c, params.next, '/home');
    const v = { ...viewContext(c, ctx, actor.actorId), back: next };
    const choices = list(params, 'choices').map((x) => (/^\d+$/.test(x) ? Number(x) : -1));
    try {
      const poll = await vote(social, actor.actorId, pollId, choices);
      if (!isHtmx(c)) return c.redirect(`${next.split('#')[0]}#status-${poll.statusId}`, 303);
      const status = await findVisibleStatus(ctx.db, actor.actorId, poll.statusId);
      return c.html(<PollView v={v} poll={poll} ownVotes={[...new Set(choices)]} authorId={status.accountId} />);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const message = errorMessage(v.t, error);
      if (isHtmx(c)) {
        // Show the form again with the reason, in place (htmx does not swap 4xx answers).
        const poll = await getPoll(social, actor.actorId, pollId).catch(() => null);
        if (!poll) return c.text(message, error.status);
        const { hydrated } = await loadVisible(ctx, actor.actorId, [poll.statusId], { keepMuted: true });
        return c.html(
          <PollView
            v={v}
            poll={poll}
            ownVotes={hydrated.votes.get(poll.id)}
            authorId={poll.statusId}
            error={message}
          />,
        );
      }
      return renderError(c, error.status === 404 || error.status === 403 ? error.status : 422, message, ctx);
    }
  });
};
