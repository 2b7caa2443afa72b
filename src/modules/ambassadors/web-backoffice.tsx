/**
 * The brand's "Ambassadeurs / Ambassadors" back-office section (/brands/:username/ambassadors,
 * owner and admins: ambassadors.manage): the programme's settings, the applications waiting,
 * the members with their clicks and orders (and a link to each one's ledger), invite by username.
 * Rules are the services'; a refusal is shown above the form.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import type { RouteModule } from '../../http/app';
import { readParams, type Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { queryRows } from '../../db/client';
import { DomainError, notFound } from '../../lib/errors';
import { addBackofficeSection } from '../../web/backoffice';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import { findBrand, findByUsername, roleAllows, roleIn, type Account } from '../accounts';
import { addAmbassador, decideApplication, endAmbassadorship, listAmbassadors } from './members';
import { programOf, saveProgram, type ProgramInput } from './program';
import { BackofficeView } from './views-backoffice';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const s = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string).trim() : '');
const many = (p: Params, k: string) => {
  const raw = p[k] ?? p[`${k}[]`];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string');
};

/** The form's fields as the programme's input (money in the currency's units, as typed). */
function programInput(p: Params): ProgramInput {
  const payout = s(p, 'min_payout').replace(',', '.');
  const amount = payout === '' ? 0 : Math.round(Number(payout) * 100);
  return {
    commission_percent: s(p, 'commission_percent').replace(',', '.'),
    window_days: s(p, 'window_days'),
    return_window_days: s(p, 'return_window_days') || undefined,
    min_payout: { amount: Number.isFinite(amount) ? amount : -1 },
    terms: typeof p.terms === 'string' ? p.terms : '',
    product_scope: s(p, 'product_scope') || 'all',
    product_ids: many(p, 'product_ids'),
    // One percentage field per collection (rate_<id>); left empty: the programme's rate.
    collection_rates: Object.keys(p)
      .filter((k) => k.startsWith('rate_') && s(p, k) !== '')
      .map((k) => ({ collection_id: k.slice(5), commission_percent: s(p, k).replace(',', '.') })),
    open_to_applications: s(p, 'open_to_applications') === 'on',
    active: s(p, 'active') === 'on',
  };
}

export const ambassadorBackoffice: RouteModule = (app, ctx) => {
  addBackofficeSection({
    key: 'ambassadors',
    order: 35,
    path: 'ambassadors',
    label: 'bo.ambassadors',
    permission: 'ambassadors.manage',
    also: ['ambassadors/program', 'ambassadors/invite', 'ambassadors/payouts'],
  });

  async function open(c: Ctx): Promise<{ viewerId: string; brand: Account } | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, t('error.not_found'), ctx);
    const role = await roleIn(ctx, brand.id, viewer.accountId);
    if (!role) return renderError(c, 404, t('error.not_found'), ctx);
    if (!roleAllows(role, 'ambassadors.manage')) return renderError(c, 403, t('amb.bo.manage_only'), ctx);
    return { viewerId: viewer.accountId, brand };
  }

  async function show(
    c: Ctx,
    page: { viewerId: string; brand: Account },
    extra: { error?: string; status?: 422 | 409 } = {},
  ) {
    const t = tOf(c);
    const [program, members, products, collections] = await Promise.all([
      programOf(ctx.db, page.brand.id),
      listAmbassadors(ctx, page.viewerId, page.brand.id),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from products where brand_id = ${page.brand.id} and status = 'published'
            order by title limit 200`,
      ),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from collections where brand_id = ${page.brand.id} order by title limit 100`,
      ),
    ]);
    const name = page.brand.displayName || page.brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('amb.bo.title', { name }), noindex: true },
        theme: brandTheme(page.brand),
        status: extra.status ?? 200,
        body: (
          <BackofficeView
            v={{ t, locale: c.get('locale'), csrf: c.get('csrfToken') }}
            brand={{ username: page.brand.username, name }}
            program={program}
            members={members}
            products={products}
            collections={collections}
            error={extra.error}
            notice={c.req.query('done') ? t('amb.bo.saved') : undefined}
          />
        ),
      },
      ctx,
    );
  }

  const back = (c: Ctx, brand: Account) => c.redirect(`/brands/${brand.username}/ambassadors?done=1`, 303);
  const attempt = async (c: Ctx, page: { viewerId: string; brand: Account }, run: () => Promise<unknown>) => {
    try {
      await run();
      return back(c, page.brand);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'not_found') return show(c, page, { error: tOf(c)('amb.bo.unknown_person'), status: 422 });
      return show(c, page, { error: error.message, status: error.kind === 'conflict' ? 409 : 422 });
    }
  };

  // A notification's link (someone applied): to the brand's section, for its team.
  app.get(`/ambassadors/${ID}/manage`, async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const [row] = await queryRows<{ username: string; brand_id: string }>(
      ctx.db,
      sql`select b.username, a.brand_id from ambassadors a join accounts b on b.id = a.brand_id
          where a.id = ${c.req.param('id').toLowerCase()}`,
    );
    if (!row || !(await roleIn(ctx, row.brand_id, viewer.accountId)))
      return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    return c.redirect(`/brands/${row.username}/ambassadors`, 303);
  });

  app.get('/brands/:username/ambassadors', async (c) => {
    const page = await open(c);
    return page instanceof Response ? page : show(c, page);
  });

  app.post('/brands/:username/ambassadors/program', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const input = programInput(await readParams(c));
    return attempt(c, page, () => saveProgram(ctx, page.viewerId, page.brand.id, input));
  });

  app.post('/brands/:username/ambassadors/invite', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const p = await readParams(c);
    const person = await findByUsername(ctx, s(p, 'username').replace(/^@/, ''));
    return attempt(c, page, async () => {
      if (!person) throw notFound('Account');
      await addAmbassador(ctx, page.viewerId, page.brand.id, person.id, { accept: false, message: s(p, 'message') });
    });
  });

  for (const action of ['accept', 'refuse', 'end'] as const)
    app.post(`/brands/:username/ambassadors/${ID}/${action}`, async (c) => {
      const page = await open(c);
      if (page instanceof Response) return page;
      const id = c.req.param('id').toLowerCase();
      const members = await listAmbassadors(ctx, page.viewerId, page.brand.id);
      if (!members.some((m) => m.id === id)) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
      return attempt(c, page, () =>
        action === 'end'
          ? endAmbassadorship(ctx, page.viewerId, id)
          : decideApplication(ctx, page.viewerId, id, action),
      );
    });
};
