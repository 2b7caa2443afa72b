/**
 * The JSON routes of specials, codes, tips, badges and dashboards (errors `{"error": {"code",
 * "message"}}`), described in the OpenAPI document by their contracts (api-fun-contracts.ts). Who
 * may do what is checked in the services.
 */
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { hitRateLimit } from '../../http/rate-limit';
import { funContracts } from './api-fun-contracts';
import { badgesFor, localeOf } from './badges';
import { dashboardCsv, dashboardFor, type PlaceDashboard } from './dashboard';
import { myCodes, redeemCode } from './redeem';
import { createSpecial, deactivateSpecial, listSpecials, type Special, type SpecialWithCounts } from './specials';
import { createTip, likeTip, listTips, unlikeTip } from './tips';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentSpecial(s: Special | SpecialWithCounts, team = false) {
  return {
    id: s.id,
    place_id: s.placeId,
    kind: s.kind,
    title: s.title,
    description: s.description,
    every_n: s.everyN,
    first_n: s.firstN,
    min_people: s.minPeople,
    window_minutes: s.windowMinutes,
    starts_at: iso(s.startsAt),
    ends_at: iso(s.endsAt),
    active: s.active,
    ...(team && 'unlocked' in s ? { unlocked_count: s.unlocked, redeemed_count: s.redeemed } : {}),
  };
}

export function presentDashboard(d: PlaceDashboard) {
  return {
    place_id: d.placeId,
    name: d.name,
    period: d.period,
    totals: {
      checkins: d.totals.checkins,
      visitors: d.totals.visitors,
      new_visitors: d.totals.newVisitors,
      returning_visitors: d.totals.returningVisitors,
      unlocked: d.totals.unlocked,
      redeemed: d.totals.redeemed,
      checkins_all_time: d.totals.checkinsAllTime,
    },
    days: d.days.map((x) => ({
      day: x.day,
      checkins: x.checkins,
      new_visitors: x.newVisitors,
      returning_visitors: x.returningVisitors,
      unlocked: x.unlocked,
      redeemed: x.redeemed,
    })),
    specials: d.specials,
    tips: d.tips,
    mayor: d.mayor
      ? {
          id: d.mayor.id,
          username: d.mayor.username,
          display_name: d.mayor.displayName,
          since: iso(d.mayor.since),
          days: d.mayor.days,
        }
      : null,
  };
}

export const placesFunApi: RouteModule = (app, ctx) => {
  const api = funContracts();
  const signedIn = (c: { get(key: 'viewer'): { accountId: string } | null }) => c.get('viewer')!.accountId;

  mount(app, api.createSpecial, async (c) => {
    const special = await createSpecial(ctx, signedIn(c), c.req.valid('param').id.toLowerCase(), c.req.valid('json'));
    return c.json({ id: special.id }, 201);
  });

  mount(app, api.listSpecials, async (c) => {
    const viewer = c.get('viewer')?.accountId ?? null;
    const { team, specials } = await listSpecials(
      ctx.db,
      viewer,
      c.req.valid('param').id.toLowerCase(),
      ctx.clock.now(),
    );
    return c.json(
      specials.map((s) => presentSpecial(s, team)),
      200,
    );
  });

  mount(app, api.deactivateSpecial, async (c) => {
    const special = await deactivateSpecial(ctx.db, signedIn(c), c.req.valid('param').id.toLowerCase());
    return c.json(presentSpecial(special), 200);
  });

  mount(app, api.redeem, async (c) => {
    const r = await redeemCode(ctx.db, signedIn(c), (c.req.valid('json') as { code?: unknown }).code, ctx.clock.now());
    return c.json(
      {
        code: r.code,
        redeemed_at: r.redeemedAt.toISOString(),
        unlocked_at: r.unlockedAt.toISOString(),
        special: r.special,
        place: r.place,
        person: { id: r.person.id, display_name: r.person.displayName },
      },
      200,
    );
  });

  mount(app, api.mine, async (c) => {
    const codes = await myCodes(ctx.db, signedIn(c));
    return c.json(
      codes.map((m) => ({
        code: m.code,
        unlocked_at: m.unlockedAt.toISOString(),
        redeemed_at: iso(m.redeemedAt),
        special: {
          id: m.special.id,
          kind: m.special.kind,
          title: m.special.title,
          description: m.special.description,
          ends_at: iso(m.special.endsAt),
        },
        place: m.place,
      })),
      200,
    );
  });

  mount(app, api.createTip, async (c) => {
    const author = signedIn(c);
    await hitRateLimit(ctx.db, `tip:${author}`, ctx.config.rateLimits.post);
    const tip = await createTip(ctx, author, c.req.valid('param').id.toLowerCase(), c.req.valid('json'));
    return c.json(
      { id: tip.id, status: tip.status === 'published' ? ('published' as const) : ('pending' as const) },
      201,
    );
  });

  mount(app, api.listTips, async (c) => {
    const viewer = c.get('viewer')?.accountId ?? null;
    const tips = await listTips(
      ctx.db,
      viewer,
      c.req.valid('param').id.toLowerCase(),
      c.req.valid('query').limit ?? 20,
    );
    return c.json(
      tips.map((x) => ({
        id: x.id,
        place_id: x.placeId,
        text: x.text,
        language: x.language,
        likes_count: x.likesCount,
        liked: x.liked,
        published_at: iso(x.publishedAt),
        author: { id: x.author.id, username: x.author.username, display_name: x.author.displayName },
      })),
      200,
    );
  });

  mount(app, api.like, async (c) => {
    const r = await likeTip(ctx.db, signedIn(c), c.req.valid('param').id.toLowerCase());
    return c.json({ liked: r.liked, likes_count: r.likesCount }, 200);
  });

  mount(app, api.unlike, async (c) => {
    const r = await unlikeTip(ctx.db, signedIn(c), c.req.valid('param').id.toLowerCase());
    return c.json({ liked: r.liked, likes_count: r.likesCount }, 200);
  });

  mount(app, api.badges, async (c) => {
    const badges = await badgesFor(ctx.db, c.req.valid('param').id.toLowerCase(), localeOf(c.get('locale')));
    return c.json(
      badges.map((b) => ({
        code: b.code,
        name: b.name,
        description: b.description,
        place_id: b.placeId,
        earned_at: b.earnedAt.toISOString(),
      })),
      200,
    );
  });

  // The place's figures over the last `days` (30 by default), read from the replica when there is one.
  const dashboard = (viewerId: string, placeId: string, days = 30) =>
    dashboardFor(ctx.db, viewerId, placeId.toLowerCase(), ctx.clock.now(), days, ctx.reads);
  mount(app, api.dashboard, async (c) => {
    const d = await dashboard(signedIn(c), c.req.valid('param').id, c.req.valid('query').days);
    return c.json(presentDashboard(d), 200);
  });

  mount(app, api.dashboardCsv, async (c) => {
    const d = await dashboard(signedIn(c), c.req.valid('param').id, c.req.valid('query').days);
    c.header('Content-Disposition', `attachment; filename="place-${d.placeId}-${d.period.to}.csv"`);
    return c.body(dashboardCsv(d), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
};
