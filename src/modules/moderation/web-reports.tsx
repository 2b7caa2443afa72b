/**
 * The report form ("Signaler") and the author's/reporter's page, with appeals.
 */
import type { Hono } from 'hono';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { readParams } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { localeOf, loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import { appeal } from './decisions';
import { myDecisions } from './mine';
import { createReport, myReports } from './reports';
import { MinePage } from './views/mine';
import { ReportPage } from './views/report';
import { str, type Ctx, type WebKit } from './web-kit';

export function reportRoutes(app: Hono<AppEnv>, ctx: AppContext, kit: WebKit) {
  const { mctx } = kit;

  // Reports ("Signaler") ------------------------------------------------------------------------
  const reportForm = (
    c: Ctx,
    targetType: string,
    targetId: string,
    extra: { error?: string; status?: 200 | 404 | 422 } = {},
  ) => {
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('mod.report_title'), noindex: true },
        status: extra.status ?? 200,
        body: (
          <ReportPage t={t} csrf={c.get('csrfToken')} targetType={targetType} targetId={targetId} error={extra.error} />
        ),
      },
      ctx,
    );
  };
  app.get('/moderation/report', async (c) => {
    if (!c.get('viewer')) return loginRedirect(c);
    return reportForm(c, c.req.query('type') ?? '', c.req.query('id') ?? '');
  });
  app.post('/moderation/report', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const p = await readParams(c);
    try {
      await createReport(mctx, viewer.accountId, {
        targetType: str(p, 'target_type'),
        targetId: str(p, 'target_id'),
        reason: str(p, 'reason'),
        comment: str(p, 'comment'),
      });
      return c.redirect('/moderation/mine?sent=report', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return reportForm(c, str(p, 'target_type'), str(p, 'target_id'), {
        error: error.message,
        status: error.status === 404 ? 404 : 422,
      });
    }
  });

  // The author's and reporter's page, with appeals -----------------------------------------------
  app.get('/moderation/mine', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const [reports, decisions] = await Promise.all([
      myReports(ctx.db, viewer.accountId, { limit: 50 }),
      myDecisions(ctx.db, viewer.accountId),
    ]);
    const sent = c.req.query('sent');
    return renderPage(
      c,
      {
        meta: { title: t('mod.mine_title'), noindex: true },
        body: (
          <MinePage
            t={t}
            csrf={c.get('csrfToken')}
            locale={localeOf(c)}
            sent={sent}
            decisions={decisions}
            reports={reports}
          />
        ),
      },
      ctx,
    );
  });
  app.post('/moderation/items/:id/appeal', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const p = await readParams(c);
    try {
      await appeal(mctx, viewer.accountId, c.req.param('id'), str(p, 'text'));
      return c.redirect('/moderation/mine?sent=appeal', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return renderError(c, error.status === 404 ? 404 : error.status === 403 ? 403 : 409, error.message, ctx);
    }
  });
}
