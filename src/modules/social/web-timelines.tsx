/**
 * Timelines as pages: home (with the composer), local, a hashtag, bookmarks and likes.
 * Each goes skeleton → loadVisible (blocks, mutes, visibility) → StatusCard, pages with
 * "Older posts" (?max_id=) and, on its first page, listens for new posts (data-live-stream).
 */
import type { Child } from 'hono/jsx';
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { PaginationLink } from '../../web/components';
import { renderPage } from '../../web/page';
import { loadVisible, type Hydrated } from './hydrate';
import { homeSkeleton, localSkeleton, pageLimit, reactionSkeleton, tagSkeleton } from './timelines';
import { normalizeTag } from './text';
import { Composer, emptyComposer } from './views/composer';
import { Icon } from './views/icons';
import { StatusList } from './views/status';
import { composerSetup } from './web-compose';
import { FeedIcons, FeedLinks } from './views/feed-links';
import { actorOf, cursor, loginPath, viewContext, type Ctx, type ViewContext } from './web-shared';

export type TimelineData = { h: Hydrated; ids: string[]; older: string | null };

/**
 * Hydrates a skeleton for the viewer (from the read replica when there is one: a timeline may be a
 * few seconds old) and works out the "older" cursor from the unfiltered page.
 */
export async function timelineData(
  ctx: AppContext,
  viewerId: string | null,
  skeleton: string[],
  olderCursor?: string | null,
  options: { keepMuted?: boolean } = {},
): Promise<TimelineData> {
  const { hydrated, ids } = await loadVisible({ db: ctx.reads }, viewerId, skeleton, options);
  const full = skeleton.length >= pageLimit({});
  const last = olderCursor ?? skeleton[skeleton.length - 1];
  return { h: hydrated, ids, older: full && last ? last : null };
}

const olderHref = (c: Ctx, maxId: string) => {
  const url = new URL(c.req.url);
  url.searchParams.set('max_id', maxId);
  return `${url.pathname}?${url.searchParams.toString()}`;
};

/** A timeline: the list, live updates on its first page, and the "Older posts" link. */
export function Timeline({
  c,
  v,
  data,
  stream,
  label,
  empty,
}: {
  c: Ctx;
  v: ViewContext;
  data: TimelineData;
  stream?: string | null;
  label: string;
  empty: Child;
}) {
  const live = stream && !c.req.query('max_id') ? stream : null;
  return (
    <>
      <StatusList v={v} h={data.h} ids={data.ids} empty={empty} stream={live} label={label} />
      {data.older ? (
        <nav class="pagination" aria-label={v.t('social.timeline.paging')}>
          <PaginationLink href={olderHref(c, data.older)}>{v.t('social.timeline.older')}</PaginationLink>
        </nav>
      ) : null}
    </>
  );
}

export const timelinePages: RouteModule = (app, ctx) => {
  app.get('/home', async (c) => {
    const actor = await actorOf(c, ctx);
    if (!actor) return c.redirect(loginPath(c), 303);
    const v = viewContext(c, ctx, actor.actorId);
    const skeleton = await homeSkeleton(ctx.reads, actor.actorId, { maxId: cursor(c) });
    const data = await timelineData(ctx, actor.actorId, skeleton);
    const { options, postAs, extras } = await composerSetup(ctx, actor, v);
    return renderPage(c, {
      meta: { title: v.t('social.home.title'), noindex: true },
      body: (
        <div class="narrow-wide">
          <h1>{v.t('social.home.title')}</h1>
          <p class="home-links">
            <a href="/lists">{v.t('social.lists.link')}</a>
          </p>
          {cursor(c) ? null : (
            <div class="home-composer">
              <Composer
                v={v}
                maxChars={ctx.config.postMaxChars}
                values={emptyComposer(postAs)}
                postAsOptions={options}
                next="/home"
                extras={extras}
                compact
              />
            </div>
          )}
          {/* Phones: the composer is a page of its own, reached by a floating button. */}
          <a href="/compose" class="compose-fab">
            <Icon name="edit" /> <span>{v.t('social.compose.fab')}</span>
          </a>
          <Timeline
            c={c}
            v={v}
            data={data}
            stream="home"
            label={v.t('social.home.timeline')}
            empty={v.t('social.home.empty')}
          />
        </div>
      ),
    });
  });

  app.get('/local', async (c) => {
    const actor = await actorOf(c, ctx);
    const viewerId = actor?.actorId ?? null;
    const v = viewContext(c, ctx, viewerId);
    const data = await timelineData(ctx, viewerId, await localSkeleton(ctx.reads, { maxId: cursor(c), viewerId }));
    return renderPage(c, {
      meta: {
        title: v.t('social.local.title'),
        description: v.t('social.local.description'),
        url: `${ctx.config.publicUrl}/local`,
        noindex: Boolean(cursor(c)),
      },
      body: (
        <div class="narrow-wide">
          <h1>{v.t('social.local.title')}</h1>
          <p class="lead">{v.t('social.local.description')}</p>
          <Timeline
            c={c}
            v={v}
            data={data}
            stream="local"
            label={v.t('social.local.title')}
            empty={v.t('social.local.empty')}
          />
        </div>
      ),
    });
  });

  // No dot in the tag: /tags/x.rss and /tags/x.atom are the public feeds (listening/search/feeds.ts).
  app.get('/tags/:tag{[^/.]+}', async (c) => {
    const tag = normalizeTag(c.req.param('tag').replace(/^#/, ''));
    if (!/^[\p{L}\p{M}\p{N}_]{1,100}$/u.test(tag)) return c.notFound();
    const actor = await actorOf(c, ctx);
    const viewerId = actor?.actorId ?? null;
    const v = viewContext(c, ctx, viewerId);
    const data = await timelineData(ctx, viewerId, await tagSkeleton(ctx.reads, tag, { maxId: cursor(c), viewerId }));
    const title = `#${tag}`;
    const first = data.ids.map((id) => data.h.statuses.get(id)).find((s) => s?.text);
    return renderPage(c, {
      meta: {
        title,
        description: first
          ? v.t('social.tag.description_with', { tag: title })
          : v.t('social.tag.description', { tag: title }),
        url: `${ctx.config.publicUrl}/tags/${encodeURIComponent(tag)}`,
        noindex: Boolean(cursor(c)),
        head: <FeedLinks base={`/tags/${encodeURIComponent(tag)}`} title={title} />,
      },
      body: (
        <div class="narrow-wide">
          <h1>{title}</h1>
          <FeedIcons v={v} base={`/tags/${encodeURIComponent(tag)}`} />
          <Timeline c={c} v={v} data={data} stream={`tag:${tag}`} label={title} empty={v.t('social.tag.empty')} />
        </div>
      ),
    });
  });

  for (const [path, table, key] of [
    ['/bookmarks', 'bookmarks', 'bookmarks'],
    ['/favourites', 'favourites', 'favourites'],
  ] as const) {
    app.get(path, async (c) => {
      const actor = await actorOf(c, ctx);
      if (!actor) return c.redirect(loginPath(c), 303);
      const v = viewContext(c, ctx, actor.actorId);
      const page = await reactionSkeleton(ctx.db, table, actor.actorId, { maxId: cursor(c) });
      const data = await timelineData(ctx, actor.actorId, page.ids, page.cursors[page.cursors.length - 1] ?? null);
      const title = v.t(`social.${key}.title`);
      return renderPage(c, {
        meta: { title, noindex: true },
        body: (
          <div class="narrow-wide">
            <h1>{title}</h1>
            <Timeline c={c} v={v} data={data} label={title} empty={v.t(`social.${key}.empty`)} />
          </div>
        ),
      });
    });
  }
};
