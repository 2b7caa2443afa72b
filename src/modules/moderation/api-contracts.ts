/**
 * The contracts of moderation's routes (src/http/contract.ts), from which api.ts's handlers are
 * typed and the OpenAPI document is written.
 */
import { z } from 'zod';
import { body, failures, id, json, mastodonFailures, route } from '../../http/contract';
import { ReportEntity } from '../social';
import {
  AppealBody,
  AuditEntry,
  AuditQuery,
  Bulk,
  BulkBody,
  Counters,
  DecisionBody,
  ItemDetail,
  MastodonReportBody,
  ModerationDecision,
  ModerationItem,
  MyDecision,
  Policy,
  PolicyBody,
  QueueQuery,
  Report,
  ReportBody,
  Suspension,
  SuspendBody,
} from './api-schemas';

export { PolicyBody };

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
  409: json(
    failures(409)[409].content['application/json'].schema,
    'already_decided: another moderator decided it first',
  ),
  422: json(
    failures(422)[422].content['application/json'].schema,
    'reason_required, unknown_reason (not one of the brand’s reasons)',
  ),
};

const savePolicy = (method: 'put' | 'patch') =>
  route({
    method,
    path: '/api/v1/brands/{id}/moderation/policy',
    tags,
    summary: 'Owner/admin: change the policy (fields absent stay)',
    ...writer,
    request: { params: brand, body: body(PolicyBody) },
    responses: { 200: json(Policy, 'Policy'), ...failures(400, 401, 403, 404, 422) },
  });

export const contracts = {
  brandQueue: route({
    method: 'get',
    path: '/api/v1/brands/{id}/moderation/queue',
    tags,
    summary: 'The brand’s pending items, oldest first, with their waiting time (moderators of the brand)',
    description: 'Someone who moderates nothing gets 403; a moderator of another brand 404.',
    ...reader,
    request: { params: brand, query: QueueQuery },
    responses: { 200: json(z.array(ModerationItem), 'Pending items'), ...failures(400, 401, 403, 404) },
  }),
  platformQueue: route({
    method: 'get',
    path: '/api/v1/moderation/queue',
    tags,
    summary: 'The platform’s queue: items without a brand and escalated items (platform moderators)',
    ...reader,
    request: { query: QueueQuery },
    responses: { 200: json(z.array(ModerationItem), 'Pending items'), ...failures(400, 401, 403) },
  }),
  brandCounters: route({
    method: 'get',
    path: '/api/v1/brands/{id}/moderation/counters',
    tags,
    summary: 'Pending, oldest age, items past the policy’s delay, decisions today per moderator',
    ...reader,
    request: { params: brand },
    responses: { 200: json(Counters, 'Counters'), ...failures(401, 403, 404) },
  }),
  platformCounters: route({
    method: 'get',
    path: '/api/v1/moderation/counters',
    tags,
    summary: 'The platform queue’s counters',
    ...reader,
    responses: { 200: json(Counters, 'Counters'), ...failures(401, 403) },
  }),
  brandAudit: route({
    method: 'get',
    path: '/api/v1/brands/{id}/moderation/audit',
    tags,
    summary: 'The audit log: every action (who, what, when, why), newest first',
    ...reader,
    request: { params: brand, query: AuditQuery },
    responses: { 200: json(z.array(AuditEntry), 'Audit entries'), ...failures(400, 401, 403, 404) },
  }),
  platformAudit: route({
    method: 'get',
    path: '/api/v1/moderation/audit',
    tags,
    summary: 'The platform queue’s audit log',
    ...reader,
    request: { query: AuditQuery },
    responses: { 200: json(z.array(AuditEntry), 'Audit entries'), ...failures(400, 401, 403) },
  }),
  policy: route({
    method: 'get',
    path: '/api/v1/brands/{id}/moderation/policy',
    tags,
    summary: 'The brand’s moderation policy (public part: mode, delay, rules, reasons; the team sees all)',
    auth: 'optional',
    request: { params: brand },
    responses: { 200: json(Policy, 'Policy'), ...failures(404) },
  }),
  putPolicy: savePolicy('put'),
  patchPolicy: savePolicy('patch'),
  item: route({
    method: 'get',
    path: '/api/v1/moderation/items/{id}',
    tags,
    summary: 'One item with its subject and the author’s history in this queue',
    ...reader,
    request: { params: item },
    responses: { 200: json(ItemDetail, 'Item'), ...failures(401, 403, 404) },
  }),
  approve: route({
    method: 'post',
    path: '/api/v1/moderation/items/{id}/approve',
    tags,
    summary: 'Approve: publish (or keep) the subject',
    ...writer,
    request: { params: item, body: body(DecisionBody, { required: false }) },
    responses: decided,
  }),
  reject: route({
    method: 'post',
    path: '/api/v1/moderation/items/{id}/reject',
    tags,
    summary: 'Reject with one of the brand’s reasons; the author is told why',
    ...writer,
    request: { params: item, body: body(DecisionBody) },
    responses: decided,
  }),
  escalate: route({
    method: 'post',
    path: '/api/v1/moderation/items/{id}/escalate',
    tags,
    summary: 'Send the item to the platform’s moderators',
    ...writer,
    request: { params: item, body: body(DecisionBody, { required: false }) },
    responses: decided,
  }),
  bulk: route({
    method: 'post',
    path: '/api/v1/moderation/items/bulk',
    tags,
    summary: 'Decide up to 100 items; each result says 200 or why not (409 already_decided, 404...)',
    ...writer,
    request: { body: body(BulkBody) },
    responses: { 200: json(Bulk, '{results: [{id, status, code?, item_status?}]}'), ...failures(400, 401, 422) },
  }),
  appeal: route({
    method: 'post',
    path: '/api/v1/moderation/items/{id}/appeal',
    tags,
    summary: 'The author appeals a rejection, once: a new pending item linked to it',
    ...writer,
    request: { params: item, body: body(AppealBody, { required: false }) },
    responses: { 201: json(ModerationDecision, 'The new item'), ...failures(400, 401, 404, 409, 422) },
  }),
  suspend: route({
    method: 'post',
    path: '/api/v1/moderation/accounts/{id}/suspend',
    tags,
    summary:
      'Platform moderators: suspend an account (it cannot sign in, its sessions and tokens end, its posts are ' +
      'shown to nobody); audited',
    ...writer,
    request: { params: account, body: body(SuspendBody, { required: false }) },
    responses: { 200: json(Suspension, 'The suspension'), ...failures(400, 401, 403, 404, 422) },
  }),
  unsuspend: route({
    method: 'post',
    path: '/api/v1/moderation/accounts/{id}/unsuspend',
    tags,
    summary: 'Platform moderators: lift a suspension; audited',
    ...writer,
    request: { params: account },
    responses: { 200: json(Suspension, 'The suspension, lifted'), ...failures(401, 403, 404) },
  }),
  mine: route({
    method: 'get',
    path: '/api/v1/moderation/decisions/mine',
    tags,
    summary: 'Decisions on what you wrote (reason, whether you may still appeal)',
    ...reader,
    responses: { 200: json(z.array(MyDecision), 'Decisions'), ...failures(401) },
  }),
  report: route({
    method: 'post',
    path: '/api/v1/moderation/reports',
    tags,
    summary:
      'Report a post, reply, review or account; it joins the queue of the brand whose space it is (else the ' +
      'platform’s)',
    ...writer,
    request: { body: body(ReportBody) },
    responses: { 201: json(Report, 'The report'), ...failures(400, 401, 404, 422) },
  }),
  myReports: route({
    method: 'get',
    path: '/api/v1/moderation/reports/mine',
    tags,
    summary: 'Your reports and their outcome (removed, kept, or pending)',
    ...reader,
    request: { query: z.object({ before: z.string().optional() }) },
    responses: { 200: json(z.array(Report), 'Reports'), ...failures(400, 401) },
  }),
  mastodonReport: route({
    method: 'post',
    path: '/api/v1/reports',
    tags: ['Mastodon'],
    summary: 'Mastodon: report an account and some of its posts (account_id, status_ids[], comment, category)',
    ...writer,
    request: { body: body(MastodonReportBody) },
    responses: { 200: json(ReportEntity, 'Mastodon Report entity'), ...mastodonFailures(400, 401, 404, 422) },
  }),
};
