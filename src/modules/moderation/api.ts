/**
 * Moderation's JSON API (our error shape), plus Mastodon's POST /api/v1/reports (its shape).
 * Services check who may do what; routes parse and present.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { isUuid } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { notFound, unprocessable } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import { errors, parseParams, registerOperations, registerSchema } from '../../http/openapi';
import { queryParams, readParams, type Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { presentAccount } from '../accounts';
import { accounts } from '../../db/schema';
import { appeal, decide, decideMany, itemForModerator, type DecisionAction, type Item, type ModerationContext } from './decisions';
import { policyFor, readPolicy, updatePolicy, type Policy } from './policy';
import { auditLog, authorHistory, hydrateItems, listQueue, queueCounters, type AuditEntry, type Counters, type QueueFilters, type QueueItem } from './queue';
import { createReport, myReports, type Report } from './reports';
import { myDecisions } from './mine';
import { presentSuspension, suspend, unsuspend } from './suspensions';
import { flagCodes } from '../analysis';
import { moderationTypes } from './subjects';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';

type Ctx = Context<AppEnv>;

// Presenters ----------------------------------------------------------------------------------

export function presentItem(i: QueueItem) {
  return {
    id: i.id,
    type: i.type,
    subject_id: i.subjectId,
    flags: i.flags.map((f) => ({ code: f.code, confidence: f.confidence, reason: f.reason, ...(f.evidence ? { evidence: f.evidence } : {}) })),
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
      ? { text: i.subject.text, title: i.subject.title ?? null, rating: i.subject.rating ?? null, author_id: i.subject.authorId, author_name: i.subject.authorName ?? null, product_id: i.subject.productId ?? null, order_id: i.subject.orderId ?? null, url: i.subject.url ?? null }
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

const presentAudit = (a: AuditEntry) => ({ id: a.id, item_id: a.itemId, item_type: a.itemType, actor_id: a.actorId, actor_username: a.actorUsername, action: a.action, reason: a.reason, note: a.note, created_at: a.createdAt.toISOString() });

const presentReport = (r: Report) => ({ id: r.id, target_type: r.targetType, target_id: r.targetId, reason: r.reason, comment: r.comment, item_id: r.itemId, outcome: r.outcome, status: r.outcome ? 'decided' : 'pending', created_at: r.createdAt.toISOString() });

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

const DecisionBody = z.object({ reason: z.string().optional(), note: z.string().optional() });
const BulkBody = z.object({ ids: z.array(z.string()), action: z.enum(['approve', 'reject', 'escalate']), reason: z.string().optional(), note: z.string().optional() });
const AppealBody = z.object({ text: z.string().optional() });
const ReportBody = z.object({ target_type: z.string(), target_id: z.string(), reason: z.string(), comment: z.string().optional() });
const MastodonReportBody = z.object({
  account_id: z.string(),
  status_ids: z.array(z.string()).optional(),
  comment: z.string().optional(),
  category: z.string().optional(),
  forward: z.union([z.boolean(), z.string()]).optional(),
  rule_ids: z.array(z.string()).optional(),
});
const PolicyBody = z.object({
  mode: z.enum(['pre', 'post']).optional(),
  max_delay_hours: z.union([z.number(), z.string()]).optional(),
  rules_text: z.string().optional(),
  reasons: z.array(z.object({ code: z.string(), editable: z.union([z.boolean(), z.string()]).optional(), label: z.string().optional() })).optional(),
  allow_unverified_reviews: z.union([z.boolean(), z.string()]).optional(),
  auto_approve_confident: z.union([z.boolean(), z.string()]).optional(),
  auto_approve_min_confidence: z.union([z.number(), z.string()]).optional(),
  staff_posts_need_approval: z.union([z.boolean(), z.string()]).optional(),
  social_media_policy: z.string().optional(),
  review_invitation_delay_days: z.union([z.number(), z.string()]).meta({ description: 'Days between delivery and the invitation to review, 0 to 60 (0: at delivery)' }).optional(),
});

function pathUuid(c: Ctx, name: string, what: string): string {
  const value = c.req.param(name);
  if (!isUuid(value)) throw notFound(what);
  return value;
}

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

  const queue = async (c: Ctx, brandId: string | null) => {
    const viewer = requireViewer(c, 'read');
    const items = await listQueue(ctx.db, viewer.accountId, brandId, filtersFrom(queryParams(c)));
    return c.json(items.map(presentItem));
  };
  app.get('/api/v1/brands/:id/moderation/queue', (c) => queue(c, pathUuid(c, 'id', 'Brand')));
  app.get('/api/v1/moderation/queue', (c) => queue(c, null));

  const counters = async (c: Ctx, brandId: string | null) => {
    const viewer = requireViewer(c, 'read');
    return c.json(presentCounters(await queueCounters(ctx.db, viewer.accountId, brandId)));
  };
  app.get('/api/v1/brands/:id/moderation/counters', (c) => counters(c, pathUuid(c, 'id', 'Brand')));
  app.get('/api/v1/moderation/counters', (c) => counters(c, null));

  const audit = async (c: Ctx, brandId: string | null) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    const entries = await auditLog(ctx.db, viewer.accountId, brandId, { before: typeof q.before === 'string' ? q.before : undefined, limit: q.limit ? Number(q.limit) || 50 : undefined });
    return c.json(entries.map(presentAudit));
  };
  app.get('/api/v1/brands/:id/moderation/audit', (c) => audit(c, pathUuid(c, 'id', 'Brand')));
  app.get('/api/v1/moderation/audit', (c) => audit(c, null));

  app.get('/api/v1/brands/:id/moderation/policy', async (c) => {
    const brandId = pathUuid(c, 'id', 'Brand');
    const viewer = c.get('viewer');
    const [brand] = await queryRows<{ id: string }>(ctx.db, sql`select id from accounts where id = ${brandId} and kind = 'brand'`);
    if (!brand) throw notFound('Brand');
    const team = viewer ? await readPolicy(ctx.db, viewer.accountId, brandId).catch(() => null) : null;
    return c.json(presentPolicy(team ?? (await policyFor(ctx.db, brandId)), team !== null));
  });
  const savePolicy = async (c: Ctx) => {
    const viewer = requireViewer(c, 'write');
    const brandId = pathUuid(c, 'id', 'Brand');
    const b = parseParams(PolicyBody, await readParams(c));
    const policy = await updatePolicy(ctx.db, viewer.accountId, brandId, {
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
    });
    return c.json(presentPolicy(policy, true));
  };
  app.put('/api/v1/brands/:id/moderation/policy', savePolicy);
  app.patch('/api/v1/brands/:id/moderation/policy', savePolicy);

  app.get('/api/v1/moderation/items/:id', async (c) => {
    const viewer = requireViewer(c, 'read');
    const { item, hydrated, history } = await itemDetail(ctx, viewer.accountId, pathUuid(c, 'id', 'Item'));
    return c.json({ ...presentItem(hydrated), ...presentDecided(item), history: history.map((h) => ({ id: h.id, type: h.type, status: h.status, reason: h.reason, created_at: h.createdAt.toISOString(), decided_at: h.decidedAt?.toISOString() ?? null })) });
  });

  for (const action of ['approve', 'reject', 'escalate'] as const) {
    app.post(`/api/v1/moderation/items/:id/${action}`, async (c) => {
      const viewer = requireViewer(c, 'write');
      const id = pathUuid(c, 'id', 'Item');
      const body = parseParams(DecisionBody, await readParams(c));
      const item = await decide(mctx, viewer.accountId, id, { action: action as DecisionAction, reason: body.reason, note: body.note });
      return c.json(presentDecided(item));
    });
  }
  app.post('/api/v1/moderation/accounts/:id/suspend', async (c) => {
    const viewer = requireViewer(c, 'write');
    const body = parseParams(SuspendBody, await readParams(c));
    return c.json(presentSuspension(await suspend(ctx.db, viewer.accountId, pathUuid(c, 'id', 'Account'), body)));
  });
  app.post('/api/v1/moderation/accounts/:id/unsuspend', async (c) => {
    const viewer = requireViewer(c, 'write');
    return c.json(presentSuspension(await unsuspend(ctx.db, viewer.accountId, pathUuid(c, 'id', 'Account'))));
  });
  app.post('/api/v1/moderation/items/bulk', async (c) => {
    const viewer = requireViewer(c, 'write');
    const body = parseParams(BulkBody, await readParams(c));
    const results = await decideMany(mctx, viewer.accountId, body.ids, { action: body.action, reason: body.reason, note: body.note });
    return c.json({ results });
  });
  app.post('/api/v1/moderation/items/:id/appeal', async (c) => {
    const viewer = requireViewer(c, 'write');
    const body = parseParams(AppealBody, await readParams(c));
    const item = await appeal(mctx, viewer.accountId, pathUuid(c, 'id', 'Item'), body.text);
    return c.json(presentDecided(item), 201);
  });
  app.get('/api/v1/moderation/decisions/mine', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json(await myDecisions(ctx.db, viewer.accountId));
  });

  app.post('/api/v1/moderation/reports', async (c) => {
    const viewer = requireViewer(c, 'write');
    const b = parseParams(ReportBody, await readParams(c));
    const report = await createReport(mctx, viewer.accountId, { targetType: b.target_type, targetId: b.target_id, reason: b.reason, comment: b.comment });
    return c.json(presentReport(report), 201);
  });
  app.get('/api/v1/moderation/reports/mine', async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    return c.json((await myReports(ctx.db, viewer.accountId, { before: typeof q.before === 'string' ? q.before : undefined })).map(presentReport));
  });

  // Mastodon: a report of an account, optionally about some of its posts (one report per post).
  app.post('/api/v1/reports', async (c) => {
    const viewer = requireViewer(c, 'write');
    const b = parseParams(MastodonReportBody, await readParams(c));
    if (!isUuid(b.account_id)) throw notFound('Record');
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, b.account_id));
    if (!account) throw notFound('Record');
    const category = b.category ?? 'other';
    if (!['spam', 'legal', 'violation', 'other'].includes(category)) throw unprocessable('invalid_category', 'category must be spam, legal, violation or other');
    const reason = category === 'legal' ? 'illegal' : category;
    const statusIds = [...new Set(b.status_ids ?? [])];
    if (statusIds.length > 20) throw unprocessable('too_many_statuses', 'At most 20 posts per report');
    const created: Report[] = [];
    if (statusIds.length === 0) created.push(await createReport(mctx, viewer.accountId, { targetType: 'account', targetId: b.account_id, reason, comment: b.comment }));
    for (const statusId of statusIds) {
      if (!isUuid(statusId)) throw notFound('Record');
      const [s] = await queryRows<{ account_id: string; in_reply_to_id: string | null }>(ctx.db, sql`select account_id, in_reply_to_id from statuses where id = ${statusId}`);
      if (!s || s.account_id !== b.account_id) throw unprocessable('invalid_status', 'Each reported post must be by the reported account');
      created.push(await createReport(mctx, viewer.accountId, { targetType: s.in_reply_to_id ? 'reply' : 'post', targetId: statusId, reason, comment: b.comment }));
    }
    const first = created[0];
    return c.json({
      id: first.id,
      action_taken: false,
      action_taken_at: null,
      category,
      comment: b.comment ?? '',
      forwarded: false,
      created_at: first.createdAt.toISOString(),
      status_ids: statusIds,
      rule_ids: b.rule_ids ?? [],
      target_account: presentAccount(ctx.config, account),
    });
  });
};

export const routes: RouteModule[] = [routesOf];

// OpenAPI ---------------------------------------------------------------------------------------

const T = ['Moderation'];
const read = { auth: 'user' as const, scopes: ['read'] };
const write = { auth: 'user' as const, scopes: ['write'] };
const idParam = (what: string) => ({ name: 'id', in: 'path' as const, required: true, description: what, schema: { type: 'string', format: 'uuid' } });
const flagSchema = { type: 'object', properties: { code: { type: 'string', enum: [...flagCodes] }, confidence: { type: 'number' }, reason: { type: 'string' } } };
const itemSchema = registerSchema('ModerationItem', {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', enum: [...moderationTypes] },
    subject_id: { type: 'string', format: 'uuid' },
    flags: { type: 'array', items: flagSchema },
    status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'escalated'] },
    product_id: { type: ['string', 'null'] },
    order_id: { type: ['string', 'null'] },
    waiting_seconds: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
    subject: { type: ['object', 'null'], description: 'What the item is about: text, title, rating, author, product, order, url' },
  },
  required: ['id', 'type', 'subject_id', 'flags'],
});
const decidedSchema = registerSchema('ModerationDecision', {
  type: 'object',
  properties: { id: { type: 'string' }, type: { type: 'string' }, subject_id: { type: 'string' }, status: { type: 'string' }, reason: { type: ['string', 'null'] }, decided_by: { type: ['string', 'null'] }, decided_at: { type: ['string', 'null'] }, appeal_of: { type: ['string', 'null'] }, appealed: { type: 'boolean' } },
});
const reportSchema = registerSchema('ModerationReport', {
  type: 'object',
  properties: { id: { type: 'string' }, target_type: { type: 'string', enum: ['post', 'reply', 'review', 'account'] }, target_id: { type: 'string' }, reason: { type: 'string' }, comment: { type: 'string' }, outcome: { type: ['string', 'null'], enum: ['removed', 'kept', null] }, status: { type: 'string' }, created_at: { type: 'string' } },
});
const SuspendBody = z.object({ reason: z.string().meta({ maxLength: 500, description: 'Why (kept with the account and in the audit log)' }).optional() });
const suspensionSchema = registerSchema('Suspension', {
  type: 'object',
  properties: { account_id: { type: 'string', format: 'uuid' }, suspended: { type: 'boolean' }, suspended_at: { type: ['string', 'null'], format: 'date-time' }, reason: { type: ['string', 'null'] } },
});
const QueueQuery = z.object({
  type: z.string().meta({ description: `One of ${moderationTypes.join(', ')}` }).optional(),
  flag: z.string().meta({ description: `A flag code: ${flagCodes.join(', ')}` }).optional(),
  product_id: z.string().optional(),
  older_than: z.string().meta({ description: 'Only items waiting for more than this many hours' }).optional(),
  after: z.string().meta({ description: 'Keyset: the last item id of the previous page' }).optional(),
  limit: z.string().meta({ description: '1 to 100, default 20' }).optional(),
});
const countersSchema = { type: 'object', description: 'Counts stop at 10,000: pending_more / past_max_delay_more say there are more', properties: { pending: { type: 'integer' }, pending_more: { type: 'boolean' }, past_max_delay_more: { type: 'boolean' }, oldest_seconds: { type: ['integer', 'null'] }, past_max_delay: { type: 'integer' }, max_delay_hours: { type: 'integer' }, handled_today: { type: 'array', items: { type: 'object' } } } };
const decisionResponses = { 200: { description: 'The decided item', schema: decidedSchema }, ...errors(401, 403, 404), 409: { description: 'already_decided: another moderator decided it first', schema: errors(409)[409].schema }, 422: { description: 'reason_required, unknown_reason (not one of the brand’s reasons)', schema: errors(422)[422].schema } };

registerOperations([
  { method: 'get', path: '/api/v1/brands/{id}/moderation/queue', tags: T, summary: 'The brand’s pending items, oldest first, with their waiting time (moderators of the brand)', description: 'Someone who moderates nothing gets 403; a moderator of another brand 404.', ...read, parameters: [idParam('Brand id')], query: QueueQuery, responses: { 200: { description: 'Pending items', schema: { type: 'array', items: itemSchema } }, ...errors(400, 401, 403, 404) } },
  { method: 'get', path: '/api/v1/moderation/queue', tags: T, summary: 'The platform’s queue: items without a brand and escalated items (platform moderators)', ...read, query: QueueQuery, responses: { 200: { description: 'Pending items', schema: { type: 'array', items: itemSchema } }, ...errors(400, 401, 403) } },
  { method: 'get', path: '/api/v1/brands/{id}/moderation/counters', tags: T, summary: 'Pending, oldest age, items past the policy’s delay, decisions today per moderator', ...read, parameters: [idParam('Brand id')], responses: { 200: { description: 'Counters', schema: countersSchema }, ...errors(401, 403, 404) } },
  { method: 'get', path: '/api/v1/moderation/counters', tags: T, summary: 'The platform queue’s counters', ...read, responses: { 200: { description: 'Counters', schema: countersSchema }, ...errors(401, 403) } },
  { method: 'get', path: '/api/v1/brands/{id}/moderation/audit', tags: T, summary: 'The audit log: every action (who, what, when, why), newest first', ...read, parameters: [idParam('Brand id')], query: z.object({ before: z.string().optional(), limit: z.string().optional() }), responses: { 200: { description: 'Audit entries', schema: { type: 'array', items: { type: 'object' } } }, ...errors(401, 403, 404) } },
  { method: 'get', path: '/api/v1/moderation/audit', tags: T, summary: 'The platform queue’s audit log', ...read, responses: { 200: { description: 'Audit entries', schema: { type: 'array', items: { type: 'object' } } }, ...errors(401, 403) } },
  { method: 'get', path: '/api/v1/brands/{id}/moderation/policy', tags: T, summary: 'The brand’s moderation policy (public part: mode, delay, rules, reasons; the team sees all)', auth: 'optional', parameters: [idParam('Brand id')], responses: { 200: { description: 'Policy', schema: { type: 'object' } }, ...errors(404) } },
  { method: 'put', path: '/api/v1/brands/{id}/moderation/policy', tags: T, summary: 'Owner/admin: change the policy (fields absent stay)', ...write, parameters: [idParam('Brand id')], body: { schema: PolicyBody }, responses: { 200: { description: 'Policy', schema: { type: 'object' } }, ...errors(400, 401, 403, 404, 422) } },
  { method: 'get', path: '/api/v1/moderation/items/{id}', tags: T, summary: 'One item with its subject and the author’s history in this queue', ...read, parameters: [idParam('Item id')], responses: { 200: { description: 'Item', schema: itemSchema }, ...errors(401, 403, 404) } },
  { method: 'post', path: '/api/v1/moderation/items/{id}/approve', tags: T, summary: 'Approve: publish (or keep) the subject', ...write, parameters: [idParam('Item id')], body: { schema: DecisionBody, required: false }, responses: decisionResponses },
  { method: 'post', path: '/api/v1/moderation/items/{id}/reject', tags: T, summary: 'Reject with one of the brand’s reasons; the author is told why', ...write, parameters: [idParam('Item id')], body: { schema: DecisionBody }, responses: decisionResponses },
  { method: 'post', path: '/api/v1/moderation/items/{id}/escalate', tags: T, summary: 'Send the item to the platform’s moderators', ...write, parameters: [idParam('Item id')], body: { schema: DecisionBody, required: false }, responses: decisionResponses },
  { method: 'post', path: '/api/v1/moderation/items/bulk', tags: T, summary: 'Decide up to 100 items; each result says 200 or why not (409 already_decided, 404...)', ...write, body: { schema: BulkBody }, responses: { 200: { description: '{results: [{id, status, code?, item_status?}]}', schema: { type: 'object' } }, ...errors(400, 401, 422) } },
  { method: 'post', path: '/api/v1/moderation/items/{id}/appeal', tags: T, summary: 'The author appeals a rejection, once: a new pending item linked to it', ...write, parameters: [idParam('Item id')], body: { schema: AppealBody, required: false }, responses: { 201: { description: 'The new item', schema: decidedSchema }, ...errors(401, 404), 409: { description: 'already_appealed', schema: errors(409)[409].schema }, 422: { description: 'not_rejected', schema: errors(422)[422].schema } } },
  { method: 'post', path: '/api/v1/moderation/accounts/{id}/suspend', tags: T, summary: 'Platform moderators: suspend an account (it cannot sign in, its sessions and tokens end, its posts are shown to nobody); audited', ...write, parameters: [idParam('Account id')], body: { schema: SuspendBody, required: false }, responses: { 200: { description: 'The suspension', schema: suspensionSchema }, ...errors(401, 403, 404, 422) } },
  { method: 'post', path: '/api/v1/moderation/accounts/{id}/unsuspend', tags: T, summary: 'Platform moderators: lift a suspension; audited', ...write, parameters: [idParam('Account id')], responses: { 200: { description: 'The suspension, lifted', schema: suspensionSchema }, ...errors(401, 403, 404) } },
  { method: 'get', path: '/api/v1/moderation/decisions/mine', tags: T, summary: 'Decisions on what you wrote (reason, whether you may still appeal)', ...read, responses: { 200: { description: 'Decisions', schema: { type: 'array', items: decidedSchema } }, ...errors(401) } },
  { method: 'post', path: '/api/v1/moderation/reports', tags: T, summary: 'Report a post, reply, review or account; it joins the queue of the brand whose space it is (else the platform’s)', ...write, body: { schema: ReportBody }, responses: { 201: { description: 'The report', schema: reportSchema }, ...errors(400, 401, 404, 422) } },
  { method: 'get', path: '/api/v1/moderation/reports/mine', tags: T, summary: 'Your reports and their outcome (removed, kept, or pending)', ...read, responses: { 200: { description: 'Reports', schema: { type: 'array', items: reportSchema } }, ...errors(401) } },
  { method: 'post', path: '/api/v1/reports', tags: ['Mastodon'], summary: 'Mastodon: report an account and some of its posts (account_id, status_ids[], comment, category)', ...write, body: { schema: MastodonReportBody }, responses: { 200: { description: 'Mastodon Report entity', schema: { type: 'object' } }, ...errors(400, 401, 404, 422) } },
]);
