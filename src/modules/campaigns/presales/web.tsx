/**
 * The pre-sale's page (/presales/:id: product, price, progress, the pledge form and the viewer's
 * pledges) and the brand's back-office list with its create form (/brands/:username/presales).
 * Forms post here and come back to the page; the rules are the service's, as for the API.
 */
import type { Context } from 'hono';
import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { RouteModule } from '../../../http/app';
import { readParams, type Params } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { accounts, paymentMethods, products, variants } from '../../../db/schema';
import { DomainError } from '../../../lib/errors';
import { renderError, renderPage, tOf } from '../../../web/page';
import { parisFormTime } from '../../../web/paris-time';
import { can, findBrand } from '../../accounts';
import { createPresale, findPresale, myPledges, pledge, updatePledgeMethod, withdrawPledge } from './service';
import { PresalePage, PresalesBackoffice, type PageData, type View } from './views';
import { presales } from './schema';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const PLEDGE = ':pledge{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const viewOf = (c: Ctx): View => ({ t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken') });
const viewerOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;
const str = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);

export const presalePages: RouteModule = (app, ctx) => {
  app.get(`/presales/${ID}`, async (c) => {
    const presale = await findPresale(ctx.db, c.req.param('id'));
    if (!presale) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const viewerId = viewerOf(c);
    const [[product], variantRows, [brand], pledges, methods] = await Promise.all([
      ctx.db.select().from(products).where(eq(products.id, presale.productId)),
      ctx.db.select().from(variants).where(eq(variants.productId, presale.productId)),
      ctx.db.select().from(accounts).where(eq(accounts.id, presale.brandId)),
      viewerId ? myPledges(ctx.db, viewerId, presale.id) : Promise.resolve([]),
      viewerId
        ? ctx.db
            .select()
            .from(paymentMethods)
            .where(eq(paymentMethods.accountId, viewerId))
            .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.id))
        : Promise.resolve([]),
    ]);
    const query = new URL(c.req.url).searchParams;
    const d: PageData = {
      presale,
      product: { title: product?.title ?? '', description: product?.description ?? '' },
      brand: { username: brand.username, name: brand.displayName || brand.username },
      variants: variantRows
        .filter((x) => x.id in presale.prices)
        .map((x) => ({ id: x.id, label: Object.values(x.options).join(' / ') || x.sku })),
      now: ctx.clock.now(),
      viewerId,
      pledges,
      methods: methods.map((m) => ({ id: m.id, label: `${m.cardBrand} •••• ${m.last4}` })),
      key: randomUUID(),
      flash: { pledged: query.get('pledged') === '1', error: query.get('error')?.replace(/[^a-z_]/g, '') || undefined },
    };
    const v = viewOf(c);
    return renderPage(
      c,
      { meta: { title: v.t('presale.title', { title: d.product.title }) }, body: <PresalePage v={v} d={d} /> },
      ctx,
    );
  });

  /** Runs a form's action; a rule it breaks comes back to the page as ?error=<code>. */
  const act = async (c: Ctx, work: (viewerId: string, p: Params) => Promise<unknown>, done = '') => {
    const id = c.req.param('id') ?? '';
    const viewerId = viewerOf(c);
    if (!viewerId) return c.redirect(`/login?next=/presales/${id}`, 303);
    try {
      await work(viewerId, await readParams(c));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return c.redirect(`/presales/${id}?error=${error.code}`, 303);
    }
    return c.redirect(`/presales/${id}${done}`, 303);
  };

  app.post(`/presales/${ID}/pledge`, (c) =>
    act(
      c,
      (viewerId, p) =>
        pledge(
          ctx,
          viewerId,
          c.req.param('id'),
          {
            variantId: str(p, 'variant_id'),
            quantity: str(p, 'quantity'),
            paymentMethodId: str(p, 'payment_method_id'),
          },
          str(p, 'key'),
        ),
      '?pledged=1',
    ),
  );
  app.post(`/presales/${ID}/pledges/${PLEDGE}/withdraw`, (c) =>
    act(c, (viewerId) => withdrawPledge(ctx, viewerId, c.req.param('id'), c.req.param('pledge'))),
  );
  app.post(`/presales/${ID}/pledges/${PLEDGE}/method`, (c) =>
    act(c, (viewerId, p) =>
      updatePledgeMethod(ctx, viewerId, c.req.param('id'), c.req.param('pledge'), str(p, 'payment_method_id')),
    ),
  );

  /** The brand's pre-sales and the form that opens one (owner and admins). */
  const backoffice = async (c: Ctx, error?: string) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    if (!(await can(ctx, viewerId, brand.id, 'campaigns.manage')))
      return renderError(c, 403, tOf(c)('error.forbidden'), ctx);
    const [rows, drafts] = await Promise.all([
      ctx.db
        .select({ p: presales, title: products.title })
        .from(presales)
        .innerJoin(products, eq(products.id, presales.productId))
        .where(eq(presales.brandId, brand.id))
        .orderBy(desc(presales.id)),
      ctx.db
        .select({ id: products.id, title: products.title })
        .from(products)
        .where(and(eq(products.brandId, brand.id), eq(products.status, 'draft'))),
    ]);
    const v = viewOf(c);
    const d = {
      brand: { username: brand.username, name: brand.displayName || brand.username },
      presales: rows.map(({ p, title }) => ({
        id: p.id,
        title,
        pledged: p.pledgedUnits,
        threshold: p.thresholdUnits,
        status: p.status,
      })),
      drafts,
      error,
    };
    return renderPage(
      c,
      {
        meta: { title: v.t('presale.bo.title'), noindex: true },
        status: error ? 422 : 200,
        body: <PresalesBackoffice v={v} d={d} />,
      },
      ctx,
    );
  };
  app.get('/brands/:username/presales', (c) => backoffice(c));
  app.post('/brands/:username/presales', async (c) => {
    const viewerId = viewerOf(c);
    const brand = await findBrand(ctx, c.req.param('username'));
    if (!viewerId || !brand) return backoffice(c);
    const p = await readParams(c);
    try {
      const created = await createPresale(ctx, viewerId, brand.id, {
        productId: str(p, 'product_id'),
        thresholdUnits: str(p, 'threshold_units'),
        capUnits: str(p, 'cap_units'),
        deadline: parisFormTime(str(p, 'deadline')),
        expectedDelivery: str(p, 'expected_delivery'),
      });
      return c.redirect(`/presales/${created.id}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'forbidden') throw error;
      return backoffice(c, error.message);
    }
  });
};
