/**
 * The funnel's back-office pages (permission analytics.read; anyone else, another brand's team
 * included, gets 404): /brands/:username/analytics/funnels (every post with products, pop-up,
 * campaign and ambassador link with its totals, sortable) and
 * /brands/:username/analytics/funnels/:kind/:id (one funnel: bars, days, table). The analytics
 * section of the side bar (roi's, order 65) lights up for these paths through its `also`.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand } from '../../accounts';
import { formatMoney } from '../../commerce';
import { assertReader, brandFunnels, parseKind, parseSort, readFunnel } from './access';
import { brandCurrency, subjectOf, type Funnel } from './read';
import { FunnelBars, FunnelDays, FunnelList, RangeForm, type FunnelView } from './views';

type Ctx = Context<AppEnv>;

/** The range's fields as typed; an unusable one is answered 422 on the page with the form again. */
const rangeQuery = (c: Ctx) => ({
  from: c.req.query('from') || undefined,
  to: c.req.query('to') || undefined,
});

export const funnelPages: RouteModule = (app, ctx) => {
  /** The brand and its reader, or the response to send instead (login, 404). */
  async function guard(c: Ctx) {
    const viewer = c.get('viewer');
    if (!viewer) return { response: loginRedirect(c) };
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const denied = () => renderError(c, 404, t('error.not_found'), ctx);
    if (!brand) return { response: await denied() };
    try {
      await assertReader(ctx, viewer.accountId, brand.id);
    } catch {
      return { response: await denied() };
    }
    return { brand, viewerId: viewer.accountId, t };
  }

  app.get('/brands/:username/analytics/funnels', async (c) => {
    const g = await guard(c);
    if ('response' in g) return g.response;
    const { brand, t } = g;
    const v: FunnelView = { t, locale: c.get('locale') };
    const name = brand.displayName || brand.username;
    const base = `/brands/${brand.username}/analytics/funnels`;
    let body;
    let status: 200 | 422 = 200;
    try {
      const sort = parseSort(c.req.query('sort') || undefined);
      const list = await brandFunnels(ctx, brand.id, { ...rangeQuery(c), sort });
      body = (
        <>
          <RangeForm v={v} action={base} from={list.from} to={list.to} sort={sort} />
          <FunnelList
            v={v}
            base={base}
            rows={list.rows}
            currency={list.currency}
            sort={sort}
            from={list.from}
            to={list.to}
          />
        </>
      );
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'unprocessable') throw error;
      status = 422;
      body = <p class="notice is-error">{t('funnel.bad_range')}</p>;
    }
    return renderPage(
      c,
      {
        meta: { title: t('funnel.list_title', { name }), noindex: true },
        theme: brandTheme(brand),
        status,
        body: (
          <div class="narrow-wide stack funnel-page">
            <header class="page-header">
              <h1>{t('funnel.list_title', { name })}</h1>
              <p class="lead">{t('funnel.list_lead')}</p>
            </header>
            {body}
            <p class="muted small">{t('funnel.privacy')}</p>
          </div>
        ),
      },
      ctx,
    );
  });

  app.get('/brands/:username/analytics/funnels/:kind/:id', async (c) => {
    const g = await guard(c);
    if ('response' in g) return g.response;
    const { brand, t, viewerId } = g;
    const v: FunnelView = { t, locale: c.get('locale') };
    const base = `/brands/${brand.username}/analytics/funnels`;
    let funnel: Funnel;
    let kind;
    try {
      kind = parseKind(c.req.param('kind'));
      funnel = await readFunnel(
        ctx,
        viewerId,
        { kind, id: c.req.param('id').toLowerCase(), brandId: brand.id },
        rangeQuery(c),
      );
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unprocessable' && kind)
        return renderError(c, 422, t('funnel.bad_range'), ctx);
      if (error instanceof DomainError) return renderError(c, 404, t('error.not_found'), ctx);
      throw error;
    }
    const [currency, subject] = await Promise.all([
      brandCurrency(ctx.db, brand.id),
      subjectOf(ctx.db, kind, c.req.param('id').toLowerCase()),
    ]);
    const named = subject?.title || t('funnel.untitled');
    const title = t('funnel.title', { title: `${t(`funnel.kind.${kind}`)} · ${named}` });
    const path = `${base}/${kind}/${c.req.param('id').toLowerCase()}`;
    return renderPage(
      c,
      {
        meta: { title, noindex: true },
        theme: brandTheme(brand),
        body: (
          <div class="narrow-wide stack funnel-page">
            <p>
              <a href={base}>← {t('funnel.back')}</a>
            </p>
            <header class="page-header">
              <h1>{title}</h1>
              <p class="lead">{t('funnel.range', { from: funnel.from, to: funnel.to })}</p>
            </header>
            <RangeForm v={v} action={path} from={funnel.from} to={funnel.to} />
            <dl class="funnel-totals">
              <div>
                <dt>{t('funnel.step.likes')}</dt>
                <dd>{funnel.likes}</dd>
              </div>
              <div>
                <dt>{t('funnel.step.reposts')}</dt>
                <dd>{funnel.reposts}</dd>
              </div>
              <div>
                <dt>{t('funnel.step.revenue')}</dt>
                <dd>{formatMoney(funnel.revenue.amount, currency, v.locale)}</dd>
              </div>
            </dl>
            <section>
              <h2>{t('funnel.bars_title')}</h2>
              <FunnelBars v={v} f={funnel} />
            </section>
            <section>
              <h2>{t('funnel.by_day')}</h2>
              <FunnelDays v={v} f={funnel} currency={currency} />
            </section>
            <p class="muted small">{t('funnel.privacy')}</p>
          </div>
        ),
      },
      ctx,
    );
  });
};
