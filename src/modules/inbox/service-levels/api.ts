/** The service levels' JSON API (contracts in api-contracts.ts); rules and rights live in the services. */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import type { AppEnv } from '../../../http/types';
import { contracts as api } from './api-contracts';
import { BUSINESS_ZONE } from './business-hours';
import { rateConversation } from './rating';
import { periodOf, reportCsv, serviceReport, type ReportRow, type ServiceReport } from './reports';
import { requireTeam, saveTargets, targetsOf, type ServiceTargets, type TargetsInput } from './targets';

type Ctx = Context<AppEnv>;

export const presentTargets = (t: ServiceTargets) => ({
  enabled: t.enabled,
  custom: t.custom,
  first_response_minutes: t.firstResponseMinutes,
  next_response_minutes: t.nextResponseMinutes,
  resolution_minutes: t.resolutionMinutes,
  time_zone: BUSINESS_ZONE,
  week: t.hours.week.map((day) => day.map(([a, b]) => [a, b])),
  closed_days: [...t.hours.closed],
});

const presentRow = (r: ReportRow) => ({
  section: r.section,
  key: r.key,
  conversations: r.conversations,
  first_response_p50_minutes: r.firstResponseP50,
  first_response_p90_minutes: r.firstResponseP90,
  resolution_p50_minutes: r.resolutionP50,
  resolution_p90_minutes: r.resolutionP90,
  breaches: r.breaches,
  breach_rate: r.breachRate,
  ratings: r.ratings,
  rating_average: r.ratingAverage,
  csat: r.csat,
});

export const presentReport = (r: ServiceReport) => ({
  days: r.days,
  from: r.from.toISOString(),
  to: r.to.toISOString(),
  total: presentRow(r.total),
  by_channel: r.byChannel.map(presentRow),
  by_kind: r.byKind.map(presentRow),
  by_agent: r.byAgent.map(presentRow),
  rating_distribution: [...r.distribution],
  daily: r.daily,
});

export const serviceLevelsApi: RouteModule = (app, ctx) => {
  const signedIn = (c: Ctx) => c.get('viewer')!.accountId; // auth: 'user' routes checked it

  mount(app, api.rate, async (c) => {
    const params = c.req.valid('json') as { rating?: unknown; comment?: unknown };
    const rated = await rateConversation(ctx, {
      conversationId: c.req.valid('param').id,
      viewerId: signedIn(c),
      rating: params.rating,
      comment: params.comment,
    });
    return c.json(
      { id: rated.id, rating: rated.rating!, comment: rated.ratingComment, rated_at: rated.ratedAt!.toISOString() },
      201,
    );
  });

  mount(app, api.targets, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    await requireTeam(ctx, brandId, signedIn(c), 'inbox.answer');
    return c.json(presentTargets(await targetsOf(ctx.db, brandId)), 200);
  });

  mount(app, api.saveTargets, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    const saved = await saveTargets(ctx, brandId, signedIn(c), c.req.valid('json') as TargetsInput);
    return c.json(presentTargets(saved), 200);
  });

  mount(app, api.report, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    await requireTeam(ctx, brandId, signedIn(c), 'inbox.answer');
    const report = await serviceReport(ctx.db, brandId, periodOf(c.req.valid('query').days), ctx.clock.now());
    return c.json(presentReport(report), 200);
  });

  mount(app, api.reportCsv, async (c) => {
    const brandId = c.req.valid('param').id.toLowerCase();
    await requireTeam(ctx, brandId, signedIn(c), 'inbox.answer');
    const report = await serviceReport(ctx.db, brandId, periodOf(c.req.valid('query').days), ctx.clock.now());
    return c.body(reportCsv(report), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="inbox-report-${report.days}d.csv"`,
    });
  });
};
