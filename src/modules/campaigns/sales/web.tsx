/**
 * The brand's "Sales" back-office page (/brands/:username/sales): its price rules, a form to
 * create one, end it early or delete it. Owners and admins only (campaigns.manage), checked by
 * the service; the form's times are Paris time.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import type { RouteModule } from '../../../http/app';
import { readParams, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import type { MessageKey } from '../../../web/i18n';
import { fr } from '../../../web/i18n/fr';
import { renderError, renderPage, tOf } from '../../../web/page';
import { parisFormTime } from '../../../web/paris-time';
import { findBrand, roleAllows, roleIn } from '../../accounts';
import { createPriceRule, deletePriceRule, endPriceRule, listPriceRules, type PriceRuleInput } from './rules';
import { SalesPage } from './views';

type Ctx = Context<AppEnv>;

/** The form's fields as the service's input (amounts typed in euros, times in Paris time). */
function ruleInput(p: Params): PriceRuleInput {
  const s = (k: string) => (typeof p[k] === 'string' ? (p[k] as string).trim() : '');
  const kind = s('kind');
  const raw = s('value').replace(',', '.');
  const number = raw === '' ? Number.NaN : Number(raw);
  const value = kind === 'amount' ? Math.round(number * 100) : number;
  const ids = p.product_ids ?? p['product_ids[]'];
  const target = s('target');
  return {
    label: s('label'),
    kind,
    value: Number.isFinite(value) ? value : raw,
    starts_at: parisFormTime(s('starts_at')),
    ends_at: parisFormTime(s('ends_at')),
    ...(target === 'products' ? { product_ids: Array.isArray(ids) ? ids : ids ? [ids] : [] } : {}),
    ...(target === 'collection' ? { collection_id: s('collection_id') } : {}),
  };
}

function errorText(c: Ctx, error: DomainError): string {
  const key = `sales.error.${error.code}`;
  return key in fr ? tOf(c)(key as MessageKey) : error.message;
}

export const salesPages: RouteModule = (app, ctx) => {
  const viewerOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;

  /** The brand and the viewer when the viewer may manage its campaigns; else the error page to answer. */
  async function managed(c: Ctx) {
    const viewerId = viewerOf(c);
    if (!viewerId) return { page: c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303) };
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewerId) : null;
    if (!brand || !role) return { page: await renderError(c, 404, tOf(c)('error.not_found'), ctx) };
    if (!roleAllows(role, 'campaigns.manage'))
      return { page: await renderError(c, 403, tOf(c)('error.forbidden'), ctx) };
    return { brand, viewerId, base: `/brands/${brand.username}/sales` };
  }

  async function page(c: Ctx, found: { brand: { id: string }; viewerId: string; base: string }, extra = {}) {
    const {
      notice = null,
      error = null,
      values = {},
      status = 200,
    } = extra as {
      notice?: string | null;
      error?: string | null;
      values?: Record<string, string>;
      status?: 200 | 422 | 409;
    };
    const [rules, products, collections] = await Promise.all([
      listPriceRules(ctx, found.viewerId, found.brand.id),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from products where brand_id = ${found.brand.id} order by title, id limit 300`,
      ),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from collections where brand_id = ${found.brand.id} order by title, id`,
      ),
    ]);
    const t = tOf(c);
    const v = { t, locale: c.get('locale'), csrf: c.get('csrfToken') };
    return renderPage(
      c,
      {
        meta: { title: t('sales.title'), noindex: true },
        status,
        body: (
          <SalesPage
            v={v}
            base={found.base}
            rules={rules}
            now={ctx.clock.now()}
            choices={{ products, collections }}
            notice={notice}
            error={error}
            values={values}
          />
        ),
      },
      ctx,
    );
  }

  const notices: Record<string, MessageKey> = {
    created: 'sales.created',
    ended: 'sales.ended',
    deleted: 'sales.deleted',
  };

  app.get('/brands/:username/sales', async (c) => {
    const found = await managed(c);
    if ('page' in found) return found.page;
    const notice = notices[c.req.query('notice') ?? ''];
    return page(c, found, { notice: notice ? tOf(c)(notice) : null });
  });

  app.post('/brands/:username/sales', async (c) => {
    const found = await managed(c);
    if ('page' in found) return found.page;
    const params = await readParams(c);
    try {
      await createPriceRule(ctx, found.viewerId, found.brand.id, ruleInput(params));
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'unprocessable') throw error;
      const values = Object.fromEntries(Object.entries(params).filter(([, x]) => typeof x === 'string')) as Record<
        string,
        string
      >;
      return page(c, found, { error: errorText(c, error), values, status: 422 });
    }
    return c.redirect(`${found.base}?notice=created`, 303);
  });

  for (const [action, run, notice] of [
    ['end', endPriceRule, 'ended'],
    ['delete', deletePriceRule, 'deleted'],
  ] as const) {
    app.post(`/brands/:username/sales/:id/${action}`, async (c) => {
      const found = await managed(c);
      if ('page' in found) return found.page;
      try {
        await run(ctx, found.viewerId, c.req.param('id') ?? '');
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind === 'unprocessable') throw error;
        return page(c, found, { error: errorText(c, error), status: 409 });
      }
      return c.redirect(`${found.base}?notice=${notice}`, 303);
    });
  }
};
