/**
 * The spaces' pages: /spaces/:id (a space), /topics/:id (a topic), their forms (new topic, reply,
 * accept, the team's pin/lock/move) and the fragment of new replies the topic page polls for
 * (htmx, every few seconds: new replies appear without reload). Rules and authorization are the
 * services'; a members-only space is a 404 page to non-members, like an unknown one.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { createReply, createTopic } from './posting';
import { spacePath, topicPath } from './present';
import { moveTargets } from './spaces';
import { acceptReply, getTopic, listReplies, listTopics, moveTopic, readableTopic, setTopicFlags } from './topics';
import { Poller, ReplyItem, SpacePage, TopicPage, type V } from './views';

type Ctx = Context<AppEnv>;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const viewerOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;
const viewOf = (c: Ctx): V => ({ t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken'), viewerId: viewerOf(c) });
const clientError = (e: unknown): e is DomainError => e instanceof DomainError && e.kind !== 'not_found';
/** The message a form shows for a refused input: the service's sentence in English, generic words in French. */
const formMessage = (c: Ctx, e: DomainError) =>
  c.get('locale') === 'en' ? e.message : tOf(c)(e.code === 'topic_locked' ? 'spaces.locked_notice' : 'spaces.invalid');

export const spacePages: RouteModule = (app, ctx) => {
  const notFound = (c: Ctx) => renderError(c, 404, tOf(c)('error.not_found'), ctx);

  const showSpace = async (c: Ctx, id: string, form?: { error: string; values: Record<string, string> }) => {
    const { access, topics } = await listTopics(ctx.db, viewerOf(c), id);
    return renderPage(
      c,
      {
        meta: {
          title: access.space.name,
          description: access.space.description || undefined,
          url: `${ctx.config.publicUrl}${spacePath(access.space.id)}`,
          // A public space embeds as its latest topics widget.
          oembed: access.space.visibility === 'public',
        },
        status: form ? 422 : 200,
        body: (
          <SpacePage
            v={viewOf(c)}
            space={access.space}
            topics={topics}
            manager={access.manager}
            error={form?.error}
            values={form?.values}
          />
        ),
      },
      ctx,
    );
  };

  const showTopic = async (c: Ctx, id: string, error?: string) => {
    const { topic, access, replies } = await getTopic(ctx.db, viewerOf(c), id);
    const otherSpaces = access.manager ? await moveTargets(ctx.db, access.space) : [];
    return renderPage(
      c,
      {
        meta: { title: topic.title, noindex: access.space.visibility === 'members' },
        status: error ? 422 : 200,
        body: (
          <TopicPage
            v={viewOf(c)}
            d={{ topic, space: access.space, replies, manager: access.manager, otherSpaces, error }}
          />
        ),
      },
      ctx,
    );
  };

  /** Runs a page's action; a refused one re-renders (422), an unknown or hidden record is the 404 page. */
  const guarded = async (c: Ctx, run: () => Promise<Response>, refused: (e: DomainError) => Promise<Response>) => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not_found') return notFound(c);
      if (clientError(e)) return refused(e);
      throw e;
    }
  };

  app.get(`/spaces/:id{${UUID}}`, (c) =>
    guarded(
      c,
      () => showSpace(c, c.req.param('id').toLowerCase()),
      () => notFound(c),
    ),
  );

  app.post(`/spaces/:id{${UUID}}/topics`, async (c) => {
    if (!viewerOf(c)) return loginRedirect(c);
    const id = c.req.param('id').toLowerCase();
    const params = await readParams(c);
    const values = { title: String(params.title ?? ''), text: String(params.text ?? '') };
    return guarded(
      c,
      async () => {
        const created = await createTopic(ctx, viewerOf(c)!, id, params);
        return c.redirect(topicPath(created.id), 303);
      },
      (e) => showSpace(c, id, { error: formMessage(c, e), values }),
    );
  });

  app.get(`/topics/:id{${UUID}}`, (c) =>
    guarded(
      c,
      () => showTopic(c, c.req.param('id').toLowerCase()),
      () => notFound(c),
    ),
  );

  // The live part of a topic page: replies after ?after=<id>, then a new poller.
  app.get(`/topics/:id{${UUID}}/replies`, async (c) => {
    const id = c.req.param('id').toLowerCase();
    const viewerId = viewerOf(c);
    const found = await readableTopic(ctx.db, viewerId, id).catch((e: unknown) => {
      if (e instanceof DomainError && e.kind === 'not_found') return null;
      throw e;
    });
    if (!found) return c.text('Not found', 404);
    const after = c.req.query('after') ?? undefined;
    const replies = await listReplies(ctx.db, viewerId, found.topic, found.access, after);
    const canAccept = found.access.manager || (viewerId !== null && viewerId === found.topic.author.id);
    const v = viewOf(c);
    c.header('Cache-Control', 'private, no-store');
    return c.html(
      <>
        {replies.map((r) => (
          <ReplyItem v={v} reply={r} canAccept={canAccept} topicId={id} />
        ))}
        <Poller topicId={id} after={replies.at(-1)?.id ?? after ?? null} />
      </>,
    );
  });

  app.post(`/topics/:id{${UUID}}/replies`, async (c) => {
    if (!viewerOf(c)) return loginRedirect(c);
    const id = c.req.param('id').toLowerCase();
    const params = await readParams(c);
    return guarded(
      c,
      async () => {
        const created = await createReply(ctx, viewerOf(c)!, id, params);
        return c.redirect(`${topicPath(id)}#reply-${created.id}`, 303);
      },
      (e) => showTopic(c, id, formMessage(c, e)),
    );
  });

  const action = (
    path: string,
    run: (viewerId: string, id: string, params: Record<string, unknown>) => Promise<unknown>,
  ) =>
    app.post(`/topics/:id{${UUID}}/${path}`, async (c) => {
      if (!viewerOf(c)) return loginRedirect(c);
      const id = c.req.param('id').toLowerCase();
      const params = await readParams(c);
      return guarded(
        c,
        async () => {
          await run(viewerOf(c)!, id, params);
          return c.redirect(topicPath(id), 303);
        },
        (e) =>
          e.kind === 'forbidden' ? renderError(c, 403, formMessage(c, e), ctx) : showTopic(c, id, formMessage(c, e)),
      );
    });
  action('accept', (viewerId, id, params) => acceptReply(ctx.db, viewerId, id, params.reply_id ?? null));
  action('pin', (viewerId, id) => setTopicFlags(ctx.db, viewerId, id, { pinned: true }));
  action('unpin', (viewerId, id) => setTopicFlags(ctx.db, viewerId, id, { pinned: false }));
  action('lock', (viewerId, id) => setTopicFlags(ctx.db, viewerId, id, { locked: true }));
  action('unlock', (viewerId, id) => setTopicFlags(ctx.db, viewerId, id, { locked: false }));
  action('move', (viewerId, id, params) => moveTopic(ctx.db, viewerId, id, params.space_id));
};
