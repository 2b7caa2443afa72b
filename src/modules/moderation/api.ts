/**
 * Moderation's JSON API (our error shape), plus Mastodon's POST /api/v1/reports (its shape).
 * Services check who may do what; routes parse and present.
 */
import type { z } from 'zod';
import type { AppContext } from '../../context';
import { isUuid } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { notFound, unprocessable } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import type { Params } from '../../http/params';
import { accounts } from '../../db/schema';
import { type AccountEntity, presentAccount } from '../accounts';
import { contracts as api, type PolicyBody } from './api-contracts';
import {
  appeal,
  decide,
  decideMany,
  itemForModerator,
  type DecisionAction,
  type Item,
  type ModerationContext,
} from './decisions';
import { policyFor, readPolicy, updatePolicy, type Policy } from './policy';
import {
  auditLog,
  authorHistory,
  hydrateItems,
  listQueue,
  queueCounters,
  type AuditEntry,
  type Counters,
  type QueueFilters,
  type QueueItem,
} from './queue';
import { createReport, myReports, type Report } from './reports';
import { myDecisions } from './mine';
import { presentSuspension, suspend, unsuspend } from './suspensions';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { forwardReport } from './forwarding';

// Presenters ----------------------------------------------------------------------------------

export function presentItem(i: QueueItem) {
  return {
    id: i.id,
    type: i.type,
    subject_id: i.subjectId,
    flags: i.flags.map((f) => ({
      code: f.code,
      confidence: f.confidence,
      reason: f.reason,
      ...(f.evidence ? { evidence: f.evidence } : {}),
    })),
    status: i.status,
    brand_id: i.brandId,
    author_id: i.authorId,
    product_id: i.productId,
    order_id: i.orderId,
    confidence: i.confidence,
    appeal_of: i.appealOf,
    appeal_text: i.appealText,
    created_at: i.createdAt.toISOString(),
    waiting_seconds: i.waitingSeconds,
    subject: i.subject
      ? {
          text: i.subject.text,
          title: i.subject.title ?? null,
          rating: i.subject.rating ?? null,
          author_id: i.subject.authorId,
          author_name: i.subject.authorName ?? null,
          product_id: i.subject.productId ?? null,
          order_id: i.subject.orderId ?? null,
          url: i.subject.url ?? null,
        }
      : null,
  };
}

export const presentDecided = (i: Item) => ({
  id: i.id,
  type: i.type,
  subject_id: i.subjectId,
  status: i.status,
  reason: i.reason,
  decided_by: i.decidedBy,
  decided_at: i.decidedAt?.toISOString() ?? null,
  appeal_of: i.appealOf,
  appealed: i.appealed,
  created_at: i.createdAt.toISOString(),
});

const presentCounters = (c: Counters) => ({
  pending: c.pending,
  pending_more: c.pendingMore,
  oldest_seconds: c.oldestSeconds,
  past_max_delay: c.pastDelay,
  past_max_delay_more: c.pastDelayMore,
  max_delay_hours: c.maxDelayHours,
  handled_today: c.handledToday.map((h) => ({ account_id: h.accountId, username: h.username, count: h.count })),
});

const presentAudit = (a: AuditEntry) => ({
  id: a.id,
  item_id: a.itemId,
  item_type: a.itemType,
  actor_id: a.actorId,
  actor_username: a.actorUsername,
  action: a.action,
  reason: a.reason,
  note: a.note,
  created_at: a.createdAt.toISOString(),
});

const presentReport = (r: Report) => ({
  id: r.id,
  target_type: r.targetType,
  target_id: r.targetId,
  reason: r.reason,
  comment: r.comment,
  item_id: r.itemId,
  outcome: r.outcome,
  status: r.outcome ? ('decided' as const) : ('pending' as const),
  created_at: r.createdAt.toISOString(),
});

/** Public part of a policy (shown next to reviews, as French law asks); the team also gets the rest. */
export function presentPolicy(p: Policy, team: boolean) {
  return {
    brand_id: p.brandId,
    mode: p.mode,
    max_delay_hours: p.maxDelayHours,
    rules_text: p.rulesText,
    reasons: p.reasons,
    allow_unverified_reviews: p.allowUnverifiedReviews,
    review_invitation_delay_days: p.reviewInvitationDelayDays,
    ...(team
      ? {
          auto_approve_confident: p.autoApproveConfident,
          auto_approve_min_confidence: p.autoApproveMinConfidence,
          staff_posts_need_approval: p.staffPostsNeedApproval,
          social_media_policy: p.socialMediaPolicy,
          updated_at: p.updatedAt.toISOString(),
        }
      : {}),
  };
}

// Input ---------------------------------------------------------------------------------------

export function filtersFrom(q: Params): QueueFilters {
  const s = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? (q[k] as string) : undefined);
  const older = s('older_than');
  const limit = s('limit');
  return {
    type: s('type'),
    flag: s('flag'),
    productId: s('product_id'),
    olderThanHours: older === undefined ? undefined : Number(older),
    after: s('after'),
    limit: limit === undefined ? undefined : Number(limit) || 20,
  };
}

/** The signed-in caller's account id (the contract has already required a token or session). */
const viewerId = (c: Parameters<typeof requireViewer>[0]) => requireViewer(c).accountId;

export const moderationContext = (ctx: AppContext): ModerationContext => ({ db: ctx.db, events: ctx.events });

/** One item for its moderator, with the author's history in this queue. */
export async function itemDetail(ctx: AppContext, actorId: string, itemId: string) {
  const { item } = await itemForModerator(ctx.db, actorId, itemId);
  const [hydrated] = await hydrateItems(ctx.db, [
    {
      id: item.id,
      brand_id: item.brandId,
      type: item.type,
      subject_id: item.subjectId,
      author_id: item.authorId,
      product_id: item.productId,
      order_id: item.orderId,
      flags: item.flags,
      confidence: item.confidence,
      status: item.status,
      appeal_of: item.appealOf,
      appeal_text: item.appealText,
      created_at: item.createdAt,
    },
  ]);
  const history = item.authorId ? await authorHistory(ctx.db, item.brandId, item.authorId, item.id) : [];
  return { item, hydrated, history };
}

// Routes --------------------------------------------------------------------------------------

const routesOf: RouteModule = (app, ctx) => {
  const mctx = moderationContext(ctx);

  const queue = async (actorId: string, brandId: string | null, q: Params) =>
    (await listQueue(ctx.db, actorId, brandId, filtersFrom(q))).map(presentItem);
  mount(app, api.brandQueue, async (c) =>
    c.json(await queue(viewerId(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  mount(app, api.platformQueue, async (c) => c.json(await queue(viewerId(c), null, c.req.valid('query')), 200));

  const counters = async (actorId: string, brandId: string | null) =>
    presentCounters(await queueCounters(ctx.db, actorId, brandId));
  mount(app, api.brandCounters, async (c) => c.json(await counters(viewerId(c), c.req.valid('param').id), 200));
  mount(app, api.platformCounters, async (c) => c.json(await counters(viewerId(c), null), 200));

  const audit = async (actorId: string, brandId: string | null, q: { before?: string; limit?: string }) =>
    (
      await auditLog(ctx.db, actorId, brandId, { before: q.before, limit: q.limit ? Number(q.limit) || 50 : undefined })
    ).map(presentAudit);
  mount(app, api.brandAudit, async (c) =>
    c.json(await audit(viewerId(c), c.req.valid('param').id, c.req.valid('query')), 200),
  );
  mount(app, api.platformAudit, async (c) => c.json(await audit(viewerId(c), null, c.req.valid('query')), 200));

  mount(app, api.policy, async (c) => {
    const brandId = c.req.valid('param').id;
    const viewer = c.get('viewer');
    const [brand] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from accounts where id = ${brandId} and kind = 'brand'`,
    );
    if (!brand) throw notFound('Brand');
    const team = viewer ? await readPolicy(ctx.db, viewer.accountId, brandId).catch(() => null) : null;
    return c.json(presentPolicy(team ?? (await policyFor(ctx.db, brandId)), team !== null), 200);
  });
  const savePolicy = async (actorId: string, brandId: string, b: z.output<typeof PolicyBody>) =>
    presentPolicy(
      await updatePolicy(ctx.db, actorId, brandId, {
        mode: b.mode,
        maxDelayHours: b.max_delay_hours,
        rulesText: b.rules_text,
        reasons: b.reasons,
        allowUnverifiedReviews: b.allow_unverified_reviews,
        autoApproveConfident: b.auto_approve_confident,
        autoApproveMinConfidence: b.auto_approve_min_confidence,
        staffPostsNeedApproval: b.staff_posts_need_approval,
        socialMediaPolicy: b.social_media_policy,
        reviewInvitationDelayDays: b.review_invitation_delay_days,
      }),
      true,
    );
  mount(app, api.putPolicy, async (c) =>
    c.json(await savePolicy(viewerId(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  mount(app, api.patchPolicy, async (c) =>
    c.json(await savePolicy(viewerId(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  mount(app, api.item, async (c) => {
    const { item, hydrated, history } = await itemDetail(ctx, viewerId(c), c.req.valid('param').id);
    const past = history.map((h) => ({
      id: h.id,
      type: h.type,
      status: h.status,
      reason: h.reason,
      created_at: h.createdAt.toISOString(),
      decided_at: h.decidedAt?.toISOString() ?? null,
    }));
    return c.json({ ...presentItem(hydrated), ...presentDecided(item), history: past }, 200);
  });

  for (const action of ['approve', 'reject', 'escalate'] as const) {
    mount(app, api[action], async (c) => {
      const body = c.req.valid('json');
      const item = await decide(mctx, viewerId(c), c.req.valid('param').id, {
        action: action as DecisionAction,
        reason: body.reason,
        note: body.note,
      });
      return c.json(presentDecided(item), 200);
    });
  }
  mount(app, api.suspend, async (c) =>
    c.json(presentSuspension(await suspend(ctx.db, viewerId(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  mount(app, api.unsuspend, async (c) =>
    c.json(presentSuspension(await unsuspend(ctx.db, viewerId(c), c.req.valid('param').id)), 200),
  );
  mount(app, api.bulk, async (c) => {
    const body = c.req.valid('json');
    const results = await decideMany(mctx, viewerId(c), body.ids, {
      action: body.action,
      reason: body.reason,
      note: body.note,
    });
    return c.json({ results }, 200);
  });
  mount(app, api.appeal, async (c) =>
    c.json(presentDecided(await appeal(mctx, viewerId(c), c.req.valid('param').id, c.req.valid('json').text)), 201),
  );
  mount(app, api.mine, async (c) => c.json(await myDecisions(ctx.db, viewerId(c)), 200));

  mount(app, api.report, async (c) => {
    const b = c.req.valid('json');
    const report = await createReport(mctx, viewerId(c), {
      targetType: b.target_type,
      targetId: b.target_id,
      reason: b.reason,
      comment: b.comment,
    });
    return c.json(presentReport(report), 201);
  });
  mount(app, api.myReports, async (c) =>
    c.json((await myReports(ctx.db, viewerId(c), { before: c.req.valid('query').before })).map(presentReport), 200),
  );
};

/** Mastodon: a report of an account, optionally about some of its posts (one report per post). */
const mastodonReportRoutes: RouteModule = (app, ctx) => {
  const mctx = moderationContext(ctx);
  mount(app, api.mastodonReport, async (c) => {
    const reporterId = viewerId(c);
    const b = c.req.valid('json');
    if (!isUuid(b.account_id)) throw notFound('Record');
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, b.account_id));
    if (!account) throw notFound('Record');
    const category = b.category ?? 'other';
    if (!isReportCategory(category))
      throw unprocessable('invalid_category', 'category must be spam, legal, violation or other');
    const reason = category === 'legal' ? 'illegal' : category;
    const statusIds = [...new Set(b.status_ids ?? [])];
    if (statusIds.length > 20) throw unprocessable('too_many_statuses', 'At most 20 posts per report');
    const created: Report[] = [];
    if (statusIds.length === 0)
      created.push(
        await createReport(mctx, reporterId, {
          targetType: 'account',
          targetId: b.account_id,
          reason,
          comment: b.comment,
        }),
      );
    for (const statusId of statusIds) {
      if (!isUuid(statusId)) throw notFound('Record');
      const [s] = await queryRows<{ account_id: string; in_reply_to_id: string | null }>(
        ctx.db,
        sql`select account_id, in_reply_to_id from statuses where id = ${statusId}`,
      );
      if (!s || s.account_id !== b.account_id)
        throw unprocessable('invalid_status', 'Each reported post must be by the reported account');
      created.push(
        await createReport(mctx, reporterId, {
          targetType: s.in_reply_to_id ? 'reply' : 'post',
          targetId: statusId,
          reason,
          comment: b.comment,
        }),
      );
    }
    const first = created[0];
    // Mastodon's `forward`: the report also goes to the reported account's server, if it has one.
    const forward = b.forward === true || b.forward === 'true' || b.forward === '1';
    const forwarded =
      forward && account.domain !== null
        ? await forwardReport(ctx, { accountId: account.id, statusIds, comment: b.comment ?? '' })
        : false;
    const target: z.input<typeof AccountEntity> = presentAccount(ctx.config, account);
    const report = {
      id: first.id,
      action_taken: false,
      action_taken_at: null,
      category,
      comment: b.comment ?? '',
      forwarded,
      created_at: first.createdAt.toISOString(),
      status_ids: statusIds,
      rule_ids: b.rule_ids ?? [],
      target_account: target,
    };
    return c.json(report, 200);
  });
};

export const routes: RouteModule[] = [routesOf];
export const mastodonRoutes: RouteModule[] = [mastodonReportRoutes];

const REPORT_CATEGORIES = ['spam', 'legal', 'violation', 'other'] as const;
const isReportCategory = (value: string): value is (typeof REPORT_CATEGORIES)[number] =>
  (REPORT_CATEGORIES as readonly string[]).includes(value);
