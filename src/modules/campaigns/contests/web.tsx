/**
 * Contest pages: the public page /contests/:id (and its entry form, POST /contests/:id/enter,
 * CSRF-checked by the middleware), and the brand's back-office list and creation form,
 * /brands/:username/contests. The rules are the service's; these are their pages.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../../context';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { parisFormTime } from '../../../web/paris-time';
import { findBrand, roleAllows, roleIn, type Account } from '../../accounts';
import { exclusionOf } from './entries';
import { drawView, publicView, type ContestDraw } from './present';
import { createContest, enterContest, findContest, hasEntered, listContests } from './service';
import { ContestsBackoffice, emptyForm, type ContestFormValues } from './views/backoffice';
import { ContestPage, type EntryState } from './views/page';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const str = (p: Params, key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');

/** A service error's code in the page's language (its English message when the code has no text). */
function errorText(c: Ctx, error: AppError): string {
  const key = `contest.error.${error.code}`;
  const text = tOf(c)(key as 'contest.error.already_entered');
  return text === key ? error.message : text;
}

export const contestPages: RouteModule = (app, ctx: AppContext) => {
  const showContest = async (c: Ctx, extra: { notice?: string; error?: string; status?: 200 | 403 | 409 } = {}) => {
    const contest = await findContest(ctx.db, c.req.param('id') ?? '');
    if (!contest) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const t = tOf(c);
    const view = await publicView(ctx, contest);
    // The seed appears only once the contest has ended (drawn now if the job is behind).
    const draw: ContestDraw | null = view.state === 'open' ? null : await drawView(ctx, contest);
    const viewerId = c.get('viewer')?.accountId ?? null;
    let entry: EntryState = 'anonymous';
    if (viewerId && contest.entryKind === 'form') {
      if (await hasEntered(ctx.db, contest.id, viewerId)) entry = 'entered';
      else entry = (await exclusionOf(ctx.db, contest, viewerId)) ? 'excluded' : 'can_enter';
    }
    const locale = c.get('locale') === 'en' ? 'en' : 'fr';
    return renderPage(
      c,
      {
        meta: { title: t('contest.page_title', { title: contest.title }), description: contest.rules.slice(0, 160) },
        theme: brandTheme(view.brand),
        status: extra.status ?? 200,
        body: (
          <ContestPage
            t={t}
            locale={locale}
            csrf={c.get('csrfToken')}
            view={draw ? { ...view, contest: { ...contest, drawnAt: draw.drawnAt }, state: 'drawn' } : view}
            draw={draw}
            entry={entry}
            notice={extra.notice}
            error={extra.error}
          />
        ),
      },
      ctx,
    );
  };

  app.get(`/contests/${ID}`, (c) => showContest(c));

  app.post(`/contests/${ID}/enter`, async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    try {
      await enterContest(ctx, viewer.accountId, c.req.param('id'));
      return c.redirect(`/contests/${c.req.param('id')}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      if (error.status === 403 || error.status === 409)
        return showContest(c, { error: errorText(c, error), status: error.status });
      throw error;
    }
  });

  /** Signed in, the brand exists, and the viewer's role may see campaigns (403 page otherwise). */
  async function open(c: Ctx): Promise<{ viewerId: string; brand: Account; canManage: boolean } | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const role = await roleIn(ctx, brand.id, viewer.accountId);
    if (!roleAllows(role, 'campaigns.announce')) return renderError(c, 403, tOf(c)('error.forbidden'), ctx);
    return { viewerId: viewer.accountId, brand, canManage: roleAllows(role, 'campaigns.manage') };
  }

  const showList = async (
    c: Ctx,
    page: { viewerId: string; brand: Account; canManage: boolean },
    extra: {
      values?: ContestFormValues;
      error?: { field: string | null; message: string };
      status?: 200 | 403 | 422;
    } = {},
  ) => {
    const t = tOf(c);
    const contests = await listContests(ctx, page.viewerId, page.brand.id);
    const list = await Promise.all(contests.map((contest) => publicView(ctx, contest)));
    return renderPage(
      c,
      {
        meta: { title: t('contest.bo.title'), noindex: true },
        theme: brandTheme(page.brand),
        status: extra.status ?? 200,
        body: (
          <ContestsBackoffice
            t={t}
            locale={c.get('locale') === 'en' ? 'en' : 'fr'}
            csrf={c.get('csrfToken')}
            brand={page.brand}
            list={list}
            canManage={page.canManage}
            values={extra.values ?? emptyForm}
            error={extra.error}
            notice={c.req.query('created') ? t('contest.bo.created') : undefined}
          />
        ),
      },
      ctx,
    );
  };

  app.get('/brands/:username/contests', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    return showList(c, page);
  });

  app.post('/brands/:username/contests', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const params = await readParams(c);
    const values = Object.fromEntries(Object.keys(emptyForm).map((k) => [k, str(params, k)])) as ContestFormValues;
    try {
      const created = await createContest(ctx, page.viewerId, page.brand.id, {
        title: values.title,
        rules: values.rules,
        prizes: values.prizes,
        entry: { kind: values.kind, status_id: values.status_id || undefined, place_id: values.place_id || undefined },
        ends_at: parisFormTime(values.ends_at),
        winners: values.winners,
      });
      return c.redirect(`/contests/${created.id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 403 && error.status !== 422)) throw error;
      const field = typeof error.details?.field === 'string' ? error.details.field : null;
      return showList(c, page, { values, error: { field, message: errorText(c, error) }, status: error.status });
    }
  });
};
