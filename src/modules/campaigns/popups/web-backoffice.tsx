/**
 * The brand's pop-up stores in its back-office (/brands/:username/campaigns/popups): the list
 * with each one's status, orders and page, "announce now" for the team members who may
 * (campaigns.announce), and the create form for owners and admins (campaigns.manage), with an
 * optional banner. The rules are the service's; these pages only gather and show.
 */
import type { Context, Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { readParams, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, roleAllows, roleIn, type Account, type BrandRole } from '../../accounts';
import { announcePopup } from './announce';
import { popupStatus } from './model';
import { parisFormTime } from '../../../web/paris-time';
import { createPopup, listBrandPopups, popupOrderCount, setPopupBanner } from './service';
import { PopupsBackofficePage, type FormValues } from './views-backoffice';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const s = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
const many = (p: Params, k: string) => {
  const raw = p[k] ?? p[`${k}[]`];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string');
};

export function popupBackoffice(app: Hono<AppEnv>, ctx: AppContext) {
  async function open(c: Ctx): Promise<{ viewerId: string; brand: Account; role: BrandRole } | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, t('error.not_found'), ctx);
    const role = await roleIn(ctx, brand.id, viewer.accountId);
    if (!role || !roleAllows(role, 'campaigns.announce')) return renderError(c, 403, t('popup.manage_only'), ctx);
    return { viewerId: viewer.accountId, brand, role };
  }

  async function show(
    c: Ctx,
    page: { brand: Account; role: BrandRole },
    extra: { values?: FormValues; error?: string; status?: 200 | 422 | 409 | 403; notice?: string } = {},
  ) {
    const t = tOf(c);
    const [popups, products, places] = await Promise.all([
      listBrandPopups(ctx, page.brand.id),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from products where brand_id = ${page.brand.id} and status = 'published'
            order by created_at desc limit 200`,
      ),
      queryRows<{ id: string; name: string }>(
        ctx.db,
        sql`select id, name from places where brand_id = ${page.brand.id} and status = 'active' order by name limit 200`,
      ),
    ]);
    const now = ctx.clock.now();
    const orders = await Promise.all(popups.map((p) => popupOrderCount(ctx.db, p.id)));
    const name = page.brand.displayName || page.brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('popup.manage_title', { name }), noindex: true },
        theme: brandTheme(page.brand),
        status: extra.status ?? 200,
        body: (
          <PopupsBackofficePage
            v={{ t, locale: c.get('locale'), csrf: c.get('csrfToken') }}
            brand={{ username: page.brand.username, name }}
            list={popups.map((p, i) => ({ popup: p, status: popupStatus(p, now), orders: orders[i] }))}
            products={products}
            places={places}
            canManage={roleAllows(page.role, 'campaigns.manage')}
            values={extra.values}
            error={extra.error}
            notice={
              extra.notice ??
              (c.req.query('created')
                ? t('popup.created')
                : c.req.query('announced')
                  ? t('popup.announced')
                  : undefined)
            }
          />
        ),
      },
      ctx,
    );
  }

  app.get('/brands/:username/campaigns/popups', async (c) => {
    const page = await open(c);
    return page instanceof Response ? page : show(c, page);
  });

  app.post('/brands/:username/campaigns/popups', async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const p = await readParams(c);
    const values: FormValues = {
      title: s(p, 'title'),
      description: s(p, 'description'),
      starts_at: s(p, 'starts_at'),
      ends_at: s(p, 'ends_at'),
      product_ids: many(p, 'product_ids'),
      place_id: s(p, 'place_id'),
      early_access_hours: s(p, 'early_access_hours'),
    };
    try {
      const hours = values.early_access_hours.trim();
      const popup = await createPopup(ctx, page.viewerId, page.brand.id, {
        title: values.title,
        description: values.description,
        starts_at: parisFormTime(values.starts_at),
        ends_at: parisFormTime(values.ends_at),
        product_ids: values.product_ids,
        place_id: values.place_id || undefined,
        early_access_hours: hours === '' ? undefined : Number(hours),
      });
      const banner = p.banner;
      if (banner instanceof Blob && banner.size > 0)
        await setPopupBanner(
          ctx,
          page.viewerId,
          popup.id,
          new Uint8Array(await banner.arrayBuffer()),
          s(p, 'banner_alt'),
        );
      return c.redirect(`/brands/${page.brand.username}/campaigns/popups?created=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return show(c, page, { values, error: error.message, status: error.kind === 'forbidden' ? 403 : 422 });
    }
  });

  app.post(`/brands/:username/campaigns/popups/${ID}/announce`, async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    try {
      await announcePopup(ctx, page.viewerId, c.req.param('id').toLowerCase());
      return c.redirect(`/brands/${page.brand.username}/campaigns/popups?announced=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return show(c, page, { error: error.message, status: error.kind === 'conflict' ? 409 : 403 });
    }
  });
}
