/**
 * The back-office section "Analyses / Analytics" (/brands/:username/analytics, order 65, for the
 * roles with analytics.read): the Return on Involvement dashboard and its CSV. The engagement
 * ladder (analytics/ladder) and the funnels (analytics/funnels) are pages of the same section,
 * served by their own parts; `also` lights the section up on them.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { addBackofficeSection } from '../../../web/backoffice';
import { brandTheme, localeOf, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand } from '../../accounts';
import { roiForViewer } from './access';
import { roiCsv } from './csv';
import { RoiPage } from './views';

export const roiPages: RouteModule = (app, ctx) => {
  addBackofficeSection({
    key: 'analytics',
    // After listening (60), before the team (80).
    order: 65,
    path: 'analytics',
    label: 'bo.analytics',
    permission: 'analytics.read',
    also: ['analytics/ladder', 'analytics/funnels'],
  });

  /** The series the viewer may read, or the error page to answer instead. */
  const seriesFor = async (c: Context<AppEnv>) => {
    const viewer = c.get('viewer');
    if (!viewer) return { response: loginRedirect(c) };
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return { response: await renderError(c, 404, t('error.not_found'), ctx) };
    try {
      const query = { period: c.req.query('period'), interval: c.req.query('interval') };
      return { brand, series: await roiForViewer(ctx, viewer.accountId, brand.id, query) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.kind === 'unprocessable' ? 422 : 404;
      return { response: await renderError(c, status, status === 404 ? t('error.not_found') : error.message, ctx) };
    }
  };

  app.get('/brands/:username/analytics', async (c) => {
    const found = await seriesFor(c);
    if (!found.series) return found.response;
    const { brand, series } = found;
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('roi.title', { name: brand.displayName || brand.username }), noindex: true },
        theme: brandTheme(brand),
        body: <RoiPage t={t} locale={localeOf(c)} series={series} brand={brand} />,
      },
      ctx,
    );
  });

  app.get('/brands/:username/analytics.csv', async (c) => {
    const found = await seriesFor(c);
    if (!found.series) return found.response;
    const { brand, series } = found;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header(
      'Content-Disposition',
      `attachment; filename="${brand.username}-analytics-${series.from}-${series.to}.csv"`,
    );
    c.header('Cache-Control', 'private, no-cache');
    return c.body(roiCsv(series));
  });
};
