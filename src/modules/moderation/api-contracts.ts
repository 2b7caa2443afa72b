/**
 * The contracts of moderation's routes (src/http/contract.ts): request and response schemas, from
 * which api.ts's handlers are typed and the OpenAPI document is written.
 */
import { z } from 'zod';
import { body, failures, id, json, mastodonFailures, route } from '../../http/contract';
import { AccountEntity } from '../accounts';
import { flagCodes } from '../analysis';
import { itemStatuses, moderationModes, reportTargets } from './schema';
import { moderationTypes } from './subjects';

// Requests ------------------------------------------------------------------------------------------

export const DecisionBody = z.object({ reason: z.string().optional(), note: z.string().optional() });
export const BulkBody = z.object({ ids: z.array(z.string()), action: z.enum(['approve', 'reject', 'escalate']), reason: z.string().optional(), note: z.string().optional() });
export const AppealBody = z.object({ text: z.string().optional() });
export const ReportBody = z.object({ target_type: z.string(), target_id: z.string(), reason: z.string(), comment: z.string().optional() });
export const MastodonReportBody = z.object({
  account_id: z.string(),
  status_ids: z.array(z.string()).optional(),
  comment: z.string().optional(),
  category: z.string().optional(),
  forward: z.union([z.boolean(), z.string()]).optional(),
  rule_ids: z.array(z.string()).optional(),
});
const yes = z.union([z.boolean(), z.string()]);
const num = z.union([z.number(), z.string()]);
export const PolicyBody = z.object({
  mode: z.enum(['pre', 'post']).optional(),
  max_delay_hours: num.optional(),
  rules_text: z.string().optional(),
  reasons: z.array(z.object({ code: z.string(), editable: yes.optional(), label: z.string().optional() })).optional(),
  allow_unverified_reviews: yes.optional(),
  auto_approve_confident: yes.optional(),
  auto_approve_min_confidence: num.optional(),
  staff_posts_need_approval: yes.optional(),
  social_media_policy: z.string().optional(),
  review_invitation_delay_days: num.meta({ description: 'Days between delivery and the invitation to review, 0 to 60 (0: at delivery)' }).optional(),
});
export const SuspendBody = z.object({ reason: z.string().meta({ maxLength: 500, description: 'Why (kept with the account and in the audit log)' }).optional() });
const QueueQuery = z.object({
  type: z.string().meta({ description: `One of ${moderationTypes.join(', ')}` }).optional(),
  flag: z.string().meta({ description: `A flag code: ${flagCodes.join(', ')}` }).optional(),
  product_id: z.string().optional(),
  older_than: z.string().meta({ description: 'Only items waiting for more than this many hours' }).optional(),
  after: z.string().meta({ description: 'Keyset: the last item id of the previous page' }).optional(),
  limit: z.string().meta({ description: '1 to 100, default 20' }).optional(),
});
const AuditQuery = z.object({ before: z.string().meta({ description: 'Keyset: the last entry id of the previous page' }).optional(), limit: z.string().meta({ description: '1 to 200, default 50' }).optional() });

// Responses -----------------------------------------------------------------------------------------

const time = z.string().meta({ format: 'date-time' });
const uuid = z.string().meta({ format: 'uuid' });
const Flag = z.object({ code: z.enum(flagCodes), confidence: z.number(), reason: z.string(), evidence: z.array(z.string()).optional() });
const ItemFields = {
  id: uuid,
  type: z.enum(moderationTypes),
  subject_id: uuid,
  flags: z.array(Flag),
  status: z.enum(itemStatuses),
  brand_id: z.string().nullable(),
  author_id: z.string().nullable(),
  product_id: z.string().nullable(),
  order_id: z.string().nullable(),
  confidence: z.number(),
  appeal_of: z.string().nullable(),
  appeal_text: z.string().nullable(),
  created_at: time,
  waiting_seconds: z.number().int(),
  subject: z
    .object({
      text: z.string(),
      title: z.string().nullable(),
      rating: z.number().nullable(),
      author_id: z.string().nullable(),
      author_name: z.string().nullable(),
      product_id: z.string().nullable(),
      order_id: z.string().nullable(),
      url: z.string().nullable(),
    })
    .nullable()
    .meta({ description: 'What the item is about: text, title, rating, author, product, order, url' }),
};
export const ModerationItem = z.object(ItemFields).meta({ id: 'ModerationItem' });
const DecidedFields = {
  id: z.string(),
  type: z.string(),
  subject_id: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: time.nullable(),
  appeal_of: z.string().nullable(),
  appealed: z.boolean(),
  created_at: time,
};
export const ModerationDecision = z.object(DecidedFields).meta({ id: 'ModerationDecision' });
const HistoryEntry = z.object({ id: z.string(), type: z.string(), status: z.string(), reason: z.string().nullable(), created_at: time, decided_at: time.nullable() });
const ItemDetail = z.object({ ...ItemFields, ...DecidedFields, history: z.array(HistoryEntry) }).meta({ id: 'ModerationItemDetail' });
const Counters = z
  .object({
    pending: z.number().int(),
    pending_more: z.boolean(),
    oldest_seconds: z.number().int().nullable(),
    past_max_delay: z.number().int(),
    past_max_delay_more: z.boolean(),
    max_delay_hours: z.number().int(),
    handled_today: z.array(z.object({ account_id: z.string(), username: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'ModerationCounters', description: 'Counts stop at 10,000: pending_more / past_max_delay_more say there are more' });
const AuditEntry = z.object({
  id: z.string(),
  item_id: z.string().nullable(),
  item_type: z.enum(moderationTypes).nullable(),
  actor_id: z.string().nullable(),
  actor_username: z.string().nullable(),
  action: z.string(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  created_at: time,
});
const Policy = z
  .object({
    brand_id: z.string(),
    mode: z.enum(moderationModes),
    max_delay_hours: z.number().int(),
    rules_text: z.string(),
    reasons: z.array(z.object({ code: z.string(), editable: z.boolean(), label: z.string().optional() })),
    allow_unverified_reviews: z.boolean(),
    review_invitation_delay_days: z.number().int(),
    auto_approve_confident: z.boolean().optional(),
    auto_approve_min_confidence: z.number().optional(),
    staff_posts_need_approval: z.boolean().optional(),
    social_media_policy: z.string().optional(),
    updated_at: time.optional(),
  })
  .meta({ id: 'ModerationPolicy', description: 'The public part; the brand’s team also gets auto_approve_*, staff_posts_need_approval, social_media_policy, updated_at' });
const Report = z
  .object({
    id: z.string(),
    target_type: z.enum(reportTargets),
    target_id: z.string(),
    reason: z.string(),
    comment: z.string(),
    item_id: z.string().nullable(),
    outcome: z.string().nullable().meta({ description: 'removed, kept, or null while pending' }),
    status: z.enum(['pending', 'decided']),
    created_at: time,
  })
  .meta({ id: 'ModerationReport' });
const Suspension = z.object({ account_id: uuid, suspended: z.boolean(), suspended_at: time.nullable(), reason: z.string().nullable() }).meta({ id: 'Suspension' });
const MastodonReport = z
  .object({
    id: z.string(),
    action_taken: z.boolean(),
    action_taken_at: time.nullable(),
    category: z.string(),
    comment: z.string(),
    forwarded: z.boolean(),
    created_at: time,
    status_ids: z.array(z.string()),
    rule_ids: z.array(z.string()),
    target_account: AccountEntity,
  })
  .meta({ id: 'Report', description: 'Mastodon Report entity' });
const Bulk = z.object({ results: z.array(z.object({ id: z.string(), status: z.number().int(), code: z.string().optional(), item_status: z.enum(itemStatuses).optional() })) });
const MyDecision = z.object({ ...DecidedFields, can_appeal: z.boolean() }).omit({ decided_by: true, created_at: true });

// Contracts -----------------------------------------------------------------------------------------

const tags = ['Moderation'];
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const brand = z.object({ id: id('Brand id', 'Brand') });
const item = z.object({ id: id('Item id', 'Item') });
const account = z.object({ id: id('Account id', 'Account') });
const decided = {
  200: json(ModerationDecision, 'The decided item'),
  ...failures(401, 403, 404),
  409: json(failures(409)[409].content['application/json'].schema, 'already_decided: another moderator decided it first'),
  422: json(failures(422)[422].content['application/json'].schema, 'reason_required, unknown_reason (not one of the brand’s reasons)'),
};

const savePolicy = (method: 'put' | 'patch') =>
  route({ method, path: '/api/v1/brands/{id}/moderation/policy', tags, summary: 'Owner/admin: change the policy (fields absent stay)', ...writer, request: { params: brand, body: body(PolicyBody) }, responses: { 200: json(Policy, 'Policy'), ...failures(400, 401, 403, 404, 422) } });

export const contracts = {
  brandQueue: route({ method: 'get', path: '/api/v1/brands/{id}/moderation/queue', tags, summary: 'The brand’s pending items, oldest first, with their waiting time (moderators of the brand)', description: 'Someone who moderates nothing gets 403; a moderator of another brand 404.', ...reader, request: { params: brand, query: QueueQuery }, responses: { 200: json(z.array(ModerationItem), 'Pending items'), ...failures(400, 401, 403, 404) } }),
  platformQueue: route({ method: 'get', path: '/api/v1/moderation/queue', tags, summary: 'The platform’s queue: items without a brand and escalated items (platform moderators)', ...reader, request: { query: QueueQuery }, responses: { 200: json(z.array(ModerationItem), 'Pending items'), ...failures(400, 401, 403) } }),
  brandCounters: route({ method: 'get', path: '/api/v1/brands/{id}/moderation/counters', tags, summary: 'Pending, oldest age, items past the policy’s delay, decisions today per moderator', ...reader, request: { params: brand }, responses: { 200: json(Counters, 'Counters'), ...failures(401, 403, 404) } }),
  platformCounters: route({ method: 'get', path: '/api/v1/moderation/counters', tags, summary: 'The platform queue’s counters', ...reader, responses: { 200: json(Counters, 'Counters'), ...failures(401, 403) } }),
  brandAudit: route({ method: 'get', path: '/api/v1/brands/{id}/moderation/audit', tags, summary: 'The audit log: every action (who, what, when, why), newest first', ...reader, request: { params: brand, query: AuditQuery }, responses: { 200: json(z.array(AuditEntry), 'Audit entries'), ...failures(400, 401, 403, 404) } }),
  platformAudit: route({ method: 'get', path: '/api/v1/moderation/audit', tags, summary: 'The platform queue’s audit log', ...reader, request: { query: AuditQuery }, responses: { 200: json(z.array(AuditEntry), 'Audit entries'), ...failures(400, 401, 403) } }),
  policy: route({ method: 'get', path: '/api/v1/brands/{id}/moderation/policy', tags, summary: 'The brand’s moderation policy (public part: mode, delay, rules, reasons; the team sees all)', auth: 'optional', request: { params: brand }, responses: { 200: json(Policy, 'Policy'), ...failures(404) } }),
  putPolicy: savePolicy('put'),
  patchPolicy: savePolicy('patch'),
  item: route({ method: 'get', path: '/api/v1/moderation/items/{id}', tags, summary: 'One item with its subject and the author’s history in this queue', ...reader, request: { params: item }, responses: { 200: json(ItemDetail, 'Item'), ...failures(401, 403, 404) } }),
  approve: route({ method: 'post', path: '/api/v1/moderation/items/{id}/approve', tags, summary: 'Approve: publish (or keep) the subject', ...writer, request: { params: item, body: body(DecisionBody, { required: false }) }, responses: decided }),
  reject: route({ method: 'post', path: '/api/v1/moderation/items/{id}/reject', tags, summary: 'Reject with one of the brand’s reasons; the author is told why', ...writer, request: { params: item, body: body(DecisionBody) }, responses: decided }),
  escalate: route({ method: 'post', path: '/api/v1/moderation/items/{id}/escalate', tags, summary: 'Send the item to the platform’s moderators', ...writer, request: { params: item, body: body(DecisionBody, { required: false }) }, responses: decided }),
  bulk: route({ method: 'post', path: '/api/v1/moderation/items/bulk', tags, summary: 'Decide up to 100 items; each result says 200 or why not (409 already_decided, 404...)', ...writer, request: { body: body(BulkBody) }, responses: { 200: json(Bulk, '{results: [{id, status, code?, item_status?}]}'), ...failures(400, 401, 422) } }),
  appeal: route({ method: 'post', path: '/api/v1/moderation/items/{id}/appeal', tags, summary: 'The author appeals a rejection, once: a new pending item linked to it', ...writer, request: { params: item, body: body(AppealBody, { required: false }) }, responses: { 201: json(ModerationDecision, 'The new item'), ...failures(400, 401, 404, 409, 422) } }),
  suspend: route({ method: 'post', path: '/api/v1/moderation/accounts/{id}/suspend', tags, summary: 'Platform moderators: suspend an account (it cannot sign in, its sessions and tokens end, its posts are shown to nobody); audited', ...writer, request: { params: account, body: body(SuspendBody, { required: false }) }, responses: { 200: json(Suspension, 'The suspension'), ...failures(400, 401, 403, 404, 422) } }),
  unsuspend: route({ method: 'post', path: '/api/v1/moderation/accounts/{id}/unsuspend', tags, summary: 'Platform moderators: lift a suspension; audited', ...writer, request: { params: account }, responses: { 200: json(Suspension, 'The suspension, lifted'), ...failures(401, 403, 404) } }),
  mine: route({ method: 'get', path: '/api/v1/moderation/decisions/mine', tags, summary: 'Decisions on what you wrote (reason, whether you may still appeal)', ...reader, responses: { 200: json(z.array(MyDecision), 'Decisions'), ...failures(401) } }),
  report: route({ method: 'post', path: '/api/v1/moderation/reports', tags, summary: 'Report a post, reply, review or account; it joins the queue of the brand whose space it is (else the platform’s)', ...writer, request: { body: body(ReportBody) }, responses: { 201: json(Report, 'The report'), ...failures(400, 401, 404, 422) } }),
  myReports: route({ method: 'get', path: '/api/v1/moderation/reports/mine', tags, summary: 'Your reports and their outcome (removed, kept, or pending)', ...reader, request: { query: z.object({ before: z.string().optional() }) }, responses: { 200: json(z.array(Report), 'Reports'), ...failures(400, 401) } }),
  mastodonReport: route({ method: 'post', path: '/api/v1/reports', tags: ['Mastodon'], summary: 'Mastodon: report an account and some of its posts (account_id, status_ids[], comment, category)', ...writer, request: { body: body(MastodonReportBody) }, responses: { 200: json(MastodonReport, 'Mastodon Report entity'), ...mastodonFailures(400, 401, 404, 422) } }),
};
