/**
 * Watch pages in the brand console: GET /brands/:username/watches (list, share of voice, new
 * watch form), GET /brands/:username/watches/:id (dashboard: volume, sentiment, top voices,
 * words and hashtags, latest matches, feed links, settings), and the forms that change them
 * (POST, CSRF-checked by the middleware). Also a post's propagation page,
 * /@:handle/:id/propagation. The rules live in watches.ts; these are their pages.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../../context';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, roleIn, type Account } from '../../accounts';
import { watchesContext } from './api';
import { propagationOf } from './propagation';
import { shareOfVoice, checkDays } from './stats';
import { dashboardStats } from './stats-cache';
import { StepChart } from './views/charts';
import {
  createWatch,
  deleteWatch,
  getWatch,
  listWatches,
  loadMatches,
  MANAGE_ROLES,
  rotateToken,
  updateWatch,
} from './watches';

type Ctx = Context<AppEnv>;
const HANDLE = ':handle{@[A-Za-z0-9_]{1,30}}';
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';

const s = (p: Params, key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');

import { CascadeTree, ListPage, WatchPage } from './views/pages';

export const watchPages: RouteModule = (app, ctx: AppContext) => {
  const w = watchesContext(ctx);

  /** Signed in, the brand exists, and the viewer is on its team (403 page otherwise). */
  async function open(c: Ctx): Promise<{ viewerId: string; brand: Account; canManage: boolean } | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const role = await roleIn(ctx, brand.id, viewer.accountId);
    if (!role) return renderError(c, 403, tOf(c)('watch.not_member'), ctx);
    return { viewerId: viewer.accountId, brand, canManage: MANAGE_ROLES.includes(role) };
  }

  const showList = async (
    c: Ctx,
    page: { viewerId: string; brand: Account; canManage: boolean },
    extra: { values?: { name: string; query: string }; error?: string; status?: 200 | 400 | 403 | 422 } = {},
  ) => {
    const t = tOf(c);
    const [list, share] = await Promise.all([
      listWatches(w, page.viewerId, page.brand.id),
      shareOfVoice(ctx.db, page.brand.id, 30),
    ]);
    const notice = c.req.query('deleted') ? t('watch.deleted') : undefined;
    return renderPage(
      c,
      {
        meta: { title: t('watch.list_title', { name: page.brand.displayName || page.brand.username }), noindex: true },
        theme: brandTheme(page.brand),
        status: extra.status ?? 200,
        body: (
          <ListPage
            t={t}
            csrf={c.get('csrfToken')}
            brand={page.brand}
            list={list}
            share={share}
            canManage={page.canManage}
            values={extra.values ?? { name: '', query: '' }}
            error={extra.error}
            notice={notice}
          />
        ),
      },
      ctx,
    );
  };

  const showWatch = async (
    c: Ctx,
    page: { viewerId: string; brand: Account; canManage: boolean },
    watchId: string,
    extra: { error?: string; status?: 200 | 400 | 403 | 422 } = {},
  ) => {
    const t = tOf(c);
    const watch = await getWatch(w, page.viewerId, page.brand.id, watchId);
    const days = (() => {
      try {
        return checkDays(c.req.query('days'));
      } catch {
        return 30;
      }
    })();
    const [stats, matches] = await Promise.all([
      dashboardStats(ctx.reads, watch.id, days),
      loadMatches(ctx.reads, watch.id, { limit: 20 }),
    ]);
    const notice = c.req.query('saved')
      ? t('watch.saved')
      : c.req.query('created')
        ? t('watch.created')
        : c.req.query('rotated')
          ? t('watch.rotated')
          : undefined;
    return renderPage(
      c,
      {
        meta: { title: watch.name, noindex: true },
        theme: brandTheme(page.brand),
        status: extra.status ?? 200,
        body: (
          <WatchPage
            t={t}
            csrf={c.get('csrfToken')}
            locale={c.get('locale') === 'en' ? 'en' : 'fr'}
            brand={page.brand}
            watch={watch}
            ctx={w}
            stats={stats}
            matches={matches}
            canManage={page.canManage}
            notice={notice}
            error={extra.error}
          />
        ),
      },
      ctx,
    );
  };

  /** AppErrors of a form become a message on the page; 404 stays a 404 page. */
  const formError = async (
    c: Ctx,
    error: unknown,
  ): Promise<{ message: string; status: 400 | 403 | 422 } | Response> => {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 404) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    if (error.status === 400 || error.status === 403 || error.status === 422)
      return { message: error.message, status: error.status };
    throw error;
  };

  app.get('/brands/:username/watches', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    return showList(c, page);
  });

  app.post('/brands/:username/watches', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const params = await readParams(c);
    const values = { name: s(params, 'name'), query: s(params, 'query') };
    try {
      const watch = await createWatch(w, page.viewerId, page.brand.id, values);
      return c.redirect(`/brands/${page.brand.username}/watches/${watch.id}?created=1`, 303);
    } catch (error) {
      const e = await formError(c, error);
      if (e instanceof Response) return e;
      return showList(c, page, { values, error: e.message, status: e.status });
    }
  });

  app.get(`/brands/:username/watches/${ID}`, async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    try {
      return await showWatch(c, page, c.req.param('id'));
    } catch (error) {
      const e = await formError(c, error);
      if (e instanceof Response) return e;
      throw error;
    }
  });

  app.post(`/brands/:username/watches/${ID}`, async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const params = await readParams(c);
    const input = Object.fromEntries(
      [
        'name',
        'query',
        'active',
        'alert_mode',
        'alert_in_app',
        'alert_email',
        'alert_webhook',
        'spike_k',
        'spike_min_count',
      ]
        .filter((k) => params[k] !== undefined)
        .map((k) => [k, lastOf(params[k])]),
    );
    try {
      await updateWatch(w, page.viewerId, page.brand.id, c.req.param('id'), input);
      return c.redirect(`/brands/${page.brand.username}/watches/${c.req.param('id').toLowerCase()}?saved=1`, 303);
    } catch (error) {
      const e = await formError(c, error);
      if (e instanceof Response) return e;
      return showWatch(c, page, c.req.param('id'), { error: e.message, status: e.status });
    }
  });

  for (const action of ['rotate', 'delete'] as const) {
    app.post(`/brands/:username/watches/${ID}/${action}`, async (c) => {
      const page = await open(c);
      if (page instanceof Response) return page;
      try {
        if (action === 'rotate') {
          await rotateToken(w, page.viewerId, page.brand.id, c.req.param('id'));
          return c.redirect(`/brands/${page.brand.username}/watches/${c.req.param('id').toLowerCase()}?rotated=1`, 303);
        }
        await deleteWatch(w, page.viewerId, page.brand.id, c.req.param('id'));
        return c.redirect(`/brands/${page.brand.username}/watches?deleted=1`, 303);
      } catch (error) {
        const e = await formError(c, error);
        if (e instanceof Response) return e;
        return showWatch(c, page, c.req.param('id'), { error: e.message, status: e.status });
      }
    });
  }

  app.get(`/${HANDLE}/${ID}/propagation`, async (c) => {
    const t = tOf(c);
    const viewer = c.get('viewer');
    const viewerId = viewer ? (viewer.actingForId ?? viewer.accountId) : null;
    const locale = c.get('locale') === 'en' ? 'en' : 'fr';
    let p;
    try {
      p = await propagationOf(ctx.db, viewerId, c.req.param('id'));
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return renderError(c, 404, t('error.not_found'), ctx);
      throw error;
    }
    if (`@${p.root.username}`.toLowerCase() !== c.req.param('handle').toLowerCase())
      return c.redirect(`/@${p.root.username}/${p.root.id}/propagation`, 302);
    return renderPage(
      c,
      {
        meta: { title: t('watch.propagation_title', { name: p.root.displayName || p.root.username }), noindex: true },
        body: (
          <div class="stack narrow-wide watch-page">
            <header class="page-header">
              <h1>{t('watch.propagation_title', { name: p.root.displayName || p.root.username })}</h1>
              <p>
                <a href={`/@${p.root.username}/${p.root.id}`}>{t('watch.back_to_post')}</a>
              </p>
            </header>
            <section class="card">
              <p class="watch-counts">
                {t('watch.counts', {
                  reposts: p.counts.reposts,
                  quotes: p.counts.quotes,
                  replies: p.counts.replies,
                  accounts: p.counts.accounts,
                })}{' '}
                · {t('watch.total_reach', { count: p.totalReach })}
              </p>
              {p.truncated ? <p class="muted">{t('watch.truncated')}</p> : null}
              <h2 class="card-title">{t('watch.reach_title')}</h2>
              <StepChart
                title={t('watch.reach_title')}
                points={p.reach.map((r) => ({ at: r.at, value: r.cumulative }))}
                locale={locale}
              />
            </section>
            <section class="card">
              <h2 class="card-title">{t('watch.cascade_title')}</h2>
              <ul class="watch-cascade watch-cascade-root" id="cascade">
                <CascadeTree t={t} node={p.root} locale={locale} />
              </ul>
            </section>
          </div>
        ),
      },
      ctx,
    );
  });
};

const lastOf = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
