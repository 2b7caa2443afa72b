/**
 * The service levels' pages: the customer's `/conversations/:id/rate`, and in the brand's
 * back-office (under the inbox section) `/brands/:username/inbox/service-levels` (targets and
 * business hours, inbox.manage) and `/brands/:username/inbox/reports` (+ `.csv`, inbox.answer).
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { DomainError } from '../../../lib/errors';
import type { AppEnv } from '../../../http/types';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, getAccounts, roleAllows, roleIn, type Account, type BrandRole } from '../../accounts';
import { minutesOfClock } from './business-hours';
import { conversationToRate, rateConversation } from './rating';
import { periodOf, reportCsv, serviceReport } from './reports';
import { saveTargets, targetsOf, type TargetsInput } from './targets';
import { formOf, RatePage, ReportsPage, TargetsPage, type TargetsForm } from './views';

type Ctx = Context<AppEnv>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The typed form as the service's input; a day with one time only is refused (field week). */
function targetsInput(form: TargetsForm): TargetsInput {
  const week = form.open.map((open, d) => {
    const close = form.close[d];
    if (!open.trim() && !close.trim()) return [];
    return [[minutesOfClock(open) ?? -1, minutesOfClock(close) ?? -1]];
  });
  return {
    enabled: form.enabled,
    first_response_minutes: form.first,
    next_response_minutes: form.next,
    resolution_minutes: form.resolution,
    week,
    closed_days: form.closedDays,
  };
}

export const serviceLevelPages: RouteModule = (app, ctx) => {
  /** The brand and the viewer's role, or the error page to answer (404 outside the team). */
  async function team(c: Ctx): Promise<{ brand: Account; role: BrandRole } | Response> {
    const t = tOf(c);
    const viewer = c.get('viewer')!;
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    if (!brand || !role) return renderError(c, 404, t('error.not_found'), ctx);
    return { brand, role };
  }

  async function ratePage(c: Ctx, error = false) {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    let view: Awaited<ReturnType<typeof conversationToRate>>;
    try {
      view = await conversationToRate(ctx.db, c.req.param('id') ?? '', viewer.accountId);
    } catch {
      return renderError(c, 404, t('error.not_found'), ctx);
    }
    const brand = (await getAccounts(ctx, [view.brandId])).get(view.brandId);
    return renderPage(
      c,
      {
        meta: { title: t('sla.rate.title'), noindex: true },
        status: error ? 422 : 200,
        body: (
          <RatePage
            t={t}
            csrf={c.get('csrfToken')}
            brand={brand?.displayName || brand?.username || ''}
            c={view}
            error={error}
          />
        ),
      },
      ctx,
    );
  }

  app.get('/conversations/:id/rate', (c) => ratePage(c));
  app.post('/conversations/:id/rate', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const form = await c.req.parseBody();
    try {
      await rateConversation(ctx, {
        conversationId: c.req.param('id'),
        viewerId: viewer.accountId,
        rating: form.rating,
        comment: str(form.comment),
      });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // Rated twice or not resolved yet: the page says where things stand.
      if (e.kind === 'unprocessable') return ratePage(c, true);
      return ratePage(c);
    }
    return c.redirect(`/conversations/${c.req.param('id')}/rate`, 303);
  });

  async function targetsPage(c: Ctx, extra: { form?: TargetsForm; error?: { field: string; message: string } }) {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const found = await team(c);
    if (found instanceof Response) return found;
    const { brand, role } = found;
    if (!roleAllows(role, 'inbox.manage')) return renderError(c, 403, t('error.forbidden'), ctx);
    const targets = await targetsOf(ctx.db, brand.id);
    const name = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('sla.settings.title', { name }), noindex: true },
        theme: brandTheme(brand),
        status: extra.error ? 422 : 200,
        body: (
          <TargetsPage
            t={t}
            csrf={c.get('csrfToken')}
            name={name}
            base={`/brands/${brand.username}`}
            form={extra.form ?? formOf(targets)}
            custom={targets.custom}
            saved={c.req.query('saved') === '1'}
            error={extra.error}
          />
        ),
      },
      ctx,
    );
  }

  app.get('/brands/:username/inbox/service-levels', (c) => targetsPage(c, {}));
  app.post('/brands/:username/inbox/service-levels', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const found = await team(c);
    if (found instanceof Response) return found;
    const body = await c.req.parseBody();
    const days = [0, 1, 2, 3, 4, 5, 6];
    const form: TargetsForm = {
      enabled: str(body.enabled) === 'on',
      first: str(body.first_response_minutes),
      next: str(body.next_response_minutes),
      resolution: str(body.resolution_minutes),
      open: days.map((d) => str(body[`open_${d}`])),
      close: days.map((d) => str(body[`close_${d}`])),
      closedDays: str(body.closed_days),
    };
    try {
      await saveTargets(ctx, found.brand.id, viewer.accountId, targetsInput(form));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.kind === 'forbidden') return renderError(c, 403, tOf(c)('error.forbidden'), ctx);
      const field = String(e.details?.field ?? '');
      return targetsPage(c, { form, error: { field, message: e.message } });
    }
    return c.redirect(`/brands/${found.brand.username}/inbox/service-levels?saved=1`, 303);
  });

  app.get('/brands/:username/inbox/reports', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const found = await team(c);
    if (found instanceof Response) return found;
    const { brand, role } = found;
    if (!roleAllows(role, 'inbox.answer')) return renderError(c, 403, t('error.forbidden'), ctx);
    let days: ReturnType<typeof periodOf>;
    try {
      days = periodOf(c.req.query('days'));
    } catch {
      days = 30;
    }
    const report = await serviceReport(ctx.db, brand.id, days, ctx.clock.now());
    const name = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('sla.reports.title', { name }), noindex: true },
        theme: brandTheme(brand),
        body: (
          <ReportsPage
            t={t}
            name={name}
            base={`/brands/${brand.username}`}
            report={report}
            manage={roleAllows(role, 'inbox.manage')}
          />
        ),
      },
      ctx,
    );
  });

  app.get('/brands/:username/inbox/reports.csv', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const found = await team(c);
    if (found instanceof Response) return found;
    if (!roleAllows(found.role, 'inbox.answer')) return renderError(c, 403, t('error.forbidden'), ctx);
    let days: ReturnType<typeof periodOf>;
    try {
      days = periodOf(c.req.query('days'));
    } catch {
      days = 30;
    }
    const report = await serviceReport(ctx.db, found.brand.id, days, ctx.clock.now());
    return c.body(reportCsv(report), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="inbox-report-${days}d.csv"`,
    });
  });
};
