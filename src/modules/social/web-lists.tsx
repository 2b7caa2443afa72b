/**
 * Lists as pages: /lists (one's lists, a new one) and /lists/:id (its timeline, its members, add
 * an account one follows by its @handle, rename, delete). Plain forms; errors come back on the page.
 */
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { readParams, str } from '../../http/params';
import { Button, CsrfField, Flash } from '../../web/components';
import { renderPage } from '../../web/page';
import { findByUsername, getAccounts } from '../accounts';
import {
  addListMembers,
  createList,
  deleteList,
  getList,
  listMemberIds,
  listSkeleton,
  myLists,
  removeListMembers,
  updateList,
  type List,
} from './lists';
import { Timeline, timelineData } from './web-timelines';
import { actorOf, cursor, loginPath, viewContext, type Ctx, type ViewContext } from './web-shared';

const errorOf = (v: ViewContext, error: unknown) => {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  return error.code === 'not_following' ? v.t('social.lists.not_following') : error.message;
};

async function listsPage(c: Ctx, ctx: AppContext, viewerId: string, error?: string) {
  const v = viewContext(c, ctx, viewerId);
  const lists = await myLists(ctx.db, viewerId);
  return renderPage(
    c,
    {
      meta: { title: v.t('social.lists.title'), noindex: true },
      status: error ? 422 : 200,
      body: (
        <div class="narrow stack">
          <h1>{v.t('social.lists.title')}</h1>
          <p class="lead">{v.t('social.lists.lead')}</p>
          {error ? <Flash kind="error">{error}</Flash> : null}
          {lists.length ? (
            <ul class="lists-index">
              {lists.map((l) => (
                <li>
                  <a href={`/lists/${l.id}`}>{l.title}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">{v.t('social.lists.none')}</p>
          )}
          <form method="post" action="/lists" class="inline-form">
            <CsrfField token={v.csrf} />
            <label>
              {v.t('social.lists.new_title')}
              <input name="title" maxlength={100} required />
            </label>
            <Button>{v.t('social.lists.create')}</Button>
          </form>
        </div>
      ),
    },
    ctx,
  );
}

async function listPage(c: Ctx, ctx: AppContext, viewerId: string, list: List, error?: string) {
  const v = viewContext(c, ctx, viewerId);
  const [data, memberIds] = await Promise.all([
    timelineData(ctx, viewerId, await listSkeleton(ctx.reads, viewerId, list, { maxId: cursor(c) })),
    listMemberIds(ctx.db, viewerId, list.id),
  ]);
  const members = await getAccounts(ctx, memberIds);
  const base = `/lists/${list.id}`;
  return renderPage(
    c,
    {
      meta: { title: list.title, noindex: true },
      status: error ? 422 : 200,
      body: (
        <div class="narrow-wide list-page">
          <p>
            <a href="/lists">← {v.t('social.lists.title')}</a>
          </p>
          <h1>{list.title}</h1>
          {error ? <Flash kind="error">{error}</Flash> : null}
          <details class="list-members card">
            <summary>{v.t('social.lists.members', { n: memberIds.length })}</summary>
            <ul>
              {memberIds.map((id) => (
                <li>
                  <a href={`/@${members.get(id)?.username}`}>@{members.get(id)?.username}</a>{' '}
                  <form method="post" action={`${base}/members/remove`} class="inline">
                    <CsrfField token={v.csrf} />
                    <input type="hidden" name="account_id" value={id} />
                    <Button variant="secondary" small>
                      {v.t('social.lists.remove')}
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
            <form method="post" action={`${base}/members`} class="inline-form">
              <CsrfField token={v.csrf} />
              <label>
                {v.t('social.lists.add_label')}
                <input name="username" placeholder="@compte" required />
              </label>
              <Button small>{v.t('social.lists.add')}</Button>
            </form>
            <form method="post" action={`${base}/settings`} class="inline-form">
              <CsrfField token={v.csrf} />
              <label>
                {v.t('social.lists.rename')}
                <input name="title" value={list.title} maxlength={100} required />
              </label>
              <label>
                {v.t('social.lists.replies')}
                <select name="replies_policy">
                  {(['list', 'followed', 'none'] as const).map((p) => (
                    <option value={p} selected={list.repliesPolicy === p}>
                      {v.t(`social.lists.replies.${p}`)}
                    </option>
                  ))}
                </select>
              </label>
              <input type="hidden" name="exclusive" value="false" />
              <label>
                <input type="checkbox" name="exclusive" value="true" checked={list.exclusive} />{' '}
                {v.t('social.lists.exclusive')}
              </label>
              <Button small>{v.t('social.lists.save')}</Button>
            </form>
            <form method="post" action={`${base}/delete`}>
              <CsrfField token={v.csrf} />
              <Button variant="danger" small confirm={v.t('social.lists.delete_confirm')}>
                {v.t('social.lists.delete')}
              </Button>
            </form>
          </details>
          <Timeline c={c} v={v} data={data} label={list.title} empty={v.t('social.lists.empty')} />
        </div>
      ),
    },
    ctx,
  );
}

export const listPages: RouteModule = (app, ctx) => {
  const signedIn = async (c: Ctx) => (await actorOf(c, ctx))?.actorId ?? null;

  app.get('/lists', async (c) => {
    const viewerId = await signedIn(c);
    if (!viewerId) return c.redirect(loginPath(c), 303);
    return listsPage(c, ctx, viewerId);
  });
  app.post('/lists', async (c) => {
    const viewerId = await signedIn(c);
    if (!viewerId) return c.redirect(loginPath(c), 303);
    try {
      const list = await createList(ctx.db, viewerId, { title: str(await readParams(c), 'title') });
      return c.redirect(`/lists/${list.id}`, 303);
    } catch (error) {
      return listsPage(c, ctx, viewerId, errorOf(viewContext(c, ctx, viewerId), error));
    }
  });
  app.get('/lists/:id', async (c) => {
    const viewerId = await signedIn(c);
    if (!viewerId) return c.redirect(loginPath(c), 303);
    return listPage(c, ctx, viewerId, await getList(ctx.db, viewerId, c.req.param('id')));
  });

  /** A change to one list, then back to its page (or the page again with the error). */
  const change = (
    path: string,
    // biome-ignore lint/suspicious/noConfusingVoidType: a change returns where to go next, or nothing.
    work: (viewerId: string, list: List, form: Record<string, unknown>) => Promise<string | void>,
  ) =>
    app.post(`/lists/:id/${path}`, async (c) => {
      const viewerId = await signedIn(c);
      if (!viewerId) return c.redirect(loginPath(c), 303);
      const list = await getList(ctx.db, viewerId, c.req.param('id'));
      try {
        const to = await work(viewerId, list, await readParams(c));
        return c.redirect(to ?? `/lists/${list.id}`, 303);
      } catch (error) {
        return listPage(
          c,
          ctx,
          viewerId,
          await getList(ctx.db, viewerId, list.id),
          errorOf(viewContext(c, ctx, viewerId), error),
        );
      }
    });
  change('members', async (viewerId, list, form) => {
    const handle = (str(form, 'username') ?? '').trim().replace(/^@/, '');
    const account = handle ? await findByUsername(ctx, handle) : null;
    if (!account) throw new AppError(422, 'unknown_account', `@${handle} n’existe pas — no such account`);
    await addListMembers(ctx.db, viewerId, list.id, [account.id]);
  });
  change('members/remove', (viewerId, list, form) =>
    removeListMembers(ctx.db, viewerId, list.id, [str(form, 'account_id')]),
  );
  change('settings', async (viewerId, list, form) => {
    await updateList(ctx.db, viewerId, list.id, {
      title: str(form, 'title'),
      repliesPolicy: str(form, 'replies_policy'),
      exclusive: str(form, 'exclusive'),
    });
  });
  change('delete', async (viewerId, list) => {
    await deleteList(ctx.db, viewerId, list.id);
    return '/lists';
  });
};
