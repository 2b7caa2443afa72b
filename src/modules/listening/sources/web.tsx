/**
 * The sources page in the brand's back-office, beside the watches: GET /brands/:username/sources
 * (add, import OPML, export, each source's health), and the forms that change it (POST,
 * CSRF-checked by the middleware). The rules live in service.ts and opml.ts; these are their pages.
 * Someone not on the brand's team gets the 404 page, as the API answers 404.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../../context';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams, type Params } from '../../../http/params';
import { hitRateLimit } from '../../../http/rate-limit';
import type { AppEnv } from '../../../http/types';
import { nowOf } from '../../../lib/clock';
import { addBackofficeSection } from '../../../web/backoffice';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, roleIn, type Account } from '../../accounts';
import { importOpml, type ImportError } from './opml';
import {
  ADDS_PER_WINDOW,
  addSource,
  canManageSources,
  fetchSourceNow,
  getSource,
  listSources,
  removeSource,
  renameSource,
  type SourcesContext,
} from './service';
import { formErrorText, SourcesPage } from './views';

// The listening section keeps its place; the sources page is listed under it.
addBackofficeSection({
  key: 'listening',
  order: 60,
  path: 'watches',
  label: 'bo.listening',
  permission: 'read',
  also: ['sources'],
  children: [{ path: 'sources', label: 'source.tab', permission: 'read' }],
});

type Ctx = Context<AppEnv>;
type Page = { viewerId: string; brand: Account; canManage: boolean };
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const str = (p: Params, key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');

export const sourcePages: RouteModule = (app, ctx: AppContext) => {
  const s: SourcesContext = ctx;

  async function open(c: Ctx): Promise<Page | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    if (!brand || !role) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    return { viewerId: viewer.accountId, brand, canManage: canManageSources(role) };
  }

  const show = async (
    c: Ctx,
    page: Page,
    extra: {
      values?: { url: string; name: string };
      notice?: string;
      error?: string;
      importErrors?: ImportError[];
      status?: 200 | 400 | 403 | 409 | 413 | 422 | 429;
    } = {},
  ) => {
    const t = tOf(c);
    const list = await listSources(s, page.viewerId, page.brand.id);
    const flag = ['added', 'renamed', 'removed', 'fetch_queued'].find((k) => c.req.query(k));
    const notice = extra.notice ?? (flag ? t(`source.${flag}` as 'source.added') : undefined);
    return renderPage(
      c,
      {
        meta: { title: t('source.list_title', { name: page.brand.displayName || page.brand.username }), noindex: true },
        theme: brandTheme(page.brand),
        status: extra.status ?? 200,
        body: (
          <SourcesPage
            t={t}
            locale={c.get('locale') === 'en' ? 'en' : 'fr'}
            csrf={c.get('csrfToken')}
            brand={page.brand}
            list={list}
            canManage={page.canManage}
            now={nowOf(ctx)}
            values={extra.values ?? { url: '', name: '' }}
            notice={notice}
            error={extra.error}
            importErrors={extra.importErrors}
          />
        ),
      },
      ctx,
    );
  };

  /** A refused form shows its message on the page (with its status); a 404 stays the 404 page. */
  const refused = async (c: Ctx, page: Page, error: unknown, values?: { url: string; name: string }) => {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 404) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const status = error.status as 400 | 403 | 409 | 413 | 422 | 429;
    if (![400, 403, 409, 413, 422, 429].includes(status)) throw error;
    return show(c, page, { values, error: formErrorText(tOf(c), error), status });
  };

  app.get('/brands/:username/sources', async (c) => {
    const page = await open(c);
    return page instanceof Response ? page : show(c, page);
  });

  app.post('/brands/:username/sources', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const params = await readParams(c);
    const values = { url: str(params, 'url'), name: str(params, 'name') };
    try {
      if (page.canManage) await hitRateLimit(ctx.db, `source-add:${page.brand.id}`, ADDS_PER_WINDOW);
      await addSource(s, page.viewerId, page.brand.id, values);
      return c.redirect(`/brands/${page.brand.username}/sources?added=1`, 303);
    } catch (error) {
      return refused(c, page, error, values);
    }
  });

  app.post('/brands/:username/sources/import', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const params = await readParams(c);
    const file = params.file;
    try {
      if (!(file instanceof Blob)) throw new AppError(422, 'file_missing', 'Choose an OPML file to import');
      const result = await importOpml(s, page.viewerId, page.brand.id, new Uint8Array(await file.arrayBuffer()));
      const notice = tOf(c)('source.imported', { added: result.added, skipped: result.skipped });
      return show(c, page, { notice, importErrors: result.errors });
    } catch (error) {
      return refused(c, page, error);
    }
  });

  for (const action of ['fetch', 'rename', 'delete'] as const) {
    app.post(`/brands/:username/sources/${ID}/${action}`, async (c) => {
      const page = await open(c);
      if (page instanceof Response) return page;
      const id = c.req.param('id');
      try {
        // The source must be this brand's: another brand's id is the 404 page, whatever the viewer's teams.
        if ((await getSource(s, page.viewerId, id)).brandId !== page.brand.id)
          return renderError(c, 404, tOf(c)('error.not_found'), ctx);
        if (action === 'fetch') await fetchSourceNow(s, page.viewerId, id);
        else if (action === 'rename')
          await renameSource(s, page.viewerId, id, { name: str(await readParams(c), 'name') });
        else await removeSource(s, page.viewerId, id);
        const flag = action === 'fetch' ? 'fetch_queued' : action === 'rename' ? 'renamed' : 'removed';
        return c.redirect(`/brands/${page.brand.username}/sources?${flag}=1`, 303);
      } catch (error) {
        return refused(c, page, error);
      }
    });
  }
};
