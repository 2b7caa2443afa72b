/**
 * The contracts of the inbox's API (src/http/contract.ts). Request bodies describe what clients
 * send but let any value through to the services, which answer their stable codes (empty_text,
 * not_on_team, snooze_in_past, invalid_priority…). Only the brand's agents read or act; anyone
 * else gets a 404.
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../http/contract';
import { AccountEntity } from '../accounts';
import { conversationKinds, conversationPriorities, conversationStatuses, inboxChannels } from './schema';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const time = z.string().meta({ format: 'date-time' });

export const ConversationSummary = z
  .object({
    id: z.string(),
    channel: z.enum(inboxChannels),
    customer: AccountEntity.nullable(),
    status: z.enum(conversationStatuses),
    assignee: AccountEntity.nullable(),
    kind: z.enum(conversationKinds),
    kind_source: z.enum(['triage', 'person']),
    order_id: z.string().optional(),
    subject: z.string().nullable(),
    priority: z.enum(conversationPriorities),
    labels: z.array(z.string()),
    snoozed_until: time.nullable(),
    sla: z.object({
      first_response_due: time.nullable(),
      due: time.nullable().meta({ description: 'The earliest due time still running' }),
      breached: z.boolean(),
    }),
    last_message_at: time,
    message_count: z.number().int(),
    rating: z.number().int().nullable(),
    url: z.string().meta({ description: 'The conversation’s page in the brand’s back-office' }),
  })
  .meta({ id: 'InboxConversation' });

export const InboxMessage = z
  .object({
    id: z.string(),
    author: AccountEntity.nullable(),
    role: z.enum(['customer', 'team', 'system']),
    internal: z.boolean().meta({ description: 'A note the team only sees; never delivered' }),
    text: z.string(),
    created_at: time,
    delivered_at: time.nullable(),
    delivery_error: z.string().nullable(),
  })
  .meta({ id: 'InboxMessage' });

const ConversationDetail = ConversationSummary.extend({ messages: z.array(InboxMessage) }).meta({
  id: 'InboxConversationDetail',
});
const SavedReply = z
  .object({ id: z.string(), title: z.string(), text: z.string(), updated_at: time })
  .meta({ id: 'InboxSavedReply' });
const Routing = z.object({
  round_robin: z.boolean(),
  open_cap: z.number().int(),
  agents: z.array(
    z.object({ account: AccountEntity, role: z.string(), available: z.boolean(), open: z.number().int() }),
  ),
});

const tags = ['Inbox'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };
const brand = z.object({ id: id('The brand', 'Inbox') });
const conversation = z.object({ id: id('The conversation', 'Conversation') });
const saved = z.object({ id: id('The saved reply', 'Saved reply') });
const act = (path: string, summary: string, request: z.ZodType | null, codes: string) =>
  route({
    method: 'post',
    path: `/api/v1/inbox/conversations/{id}/${path}`,
    tags,
    summary,
    ...writer,
    request: request ? { params: conversation, body: body(request) } : { params: conversation },
    responses: {
      200: json(ConversationSummary, 'The conversation'),
      ...failures(400, 401, 404, 409),
      422: json(failures(422)[422].content['application/json'].schema, codes),
    },
  });

export const contracts = {
  list: route({
    method: 'get',
    path: '/api/v1/brands/{id}/inbox',
    tags,
    summary: 'The brand’s conversations, what breaches first on top (keyset paging with max_id; Link header)',
    description:
      'Sorted by the earliest due time (none last), then the latest message. status=open includes snoozed ' +
      'conversations whose time has come. assignee: mine, unassigned or an agent’s id.',
    ...reader,
    request: {
      params: brand,
      query: z.object({
        status: z
          .string()
          .optional()
          .meta({ enum: [...conversationStatuses] }),
        assignee: z.string().optional().meta({ description: 'mine, unassigned or an account id' }),
        kind: z
          .string()
          .optional()
          .meta({ enum: [...conversationKinds] }),
        channel: z
          .string()
          .optional()
          .meta({ enum: [...inboxChannels] }),
        priority: z
          .string()
          .optional()
          .meta({ enum: [...conversationPriorities] }),
        label: z.string().optional(),
        max_id: z
          .string()
          .optional()
          .meta({ format: 'uuid', description: 'The last conversation of the previous page' }),
        limit: z.unknown().optional().meta({ type: 'integer', minimum: 1, maximum: 100, default: 25 }),
      }),
    },
    responses: {
      200: json(z.array(ConversationSummary), 'Conversations'),
      ...failures(400, 401, 404),
      422: json(failures(422)[422].content['application/json'].schema, 'invalid_status, invalid_assignee, …'),
    },
  }),
  counts: route({
    method: 'get',
    path: '/api/v1/brands/{id}/inbox/counts',
    tags,
    summary: 'How many conversations the brand has in each status',
    ...reader,
    request: { params: brand },
    responses: {
      200: json(z.record(z.enum(conversationStatuses), z.number().int()), '{open, pending, snoozed, resolved}'),
      ...failures(401, 404),
    },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/inbox/conversations/{id}',
    tags,
    summary: 'One conversation with its messages in order, internal notes included (the brand’s agents only)',
    ...reader,
    request: { params: conversation },
    responses: { 200: json(ConversationDetail, 'The conversation'), ...failures(401, 404) },
  }),
  reply: route({
    method: 'post',
    path: '/api/v1/inbox/conversations/{id}/messages',
    tags,
    summary: 'Reply (delivered through the conversation’s channel) or write an internal note',
    description:
      'A reply sets the status to pending unless status says open or resolved; a note changes nothing and is ' +
      'never delivered. A reply still holding a saved reply’s {{variable}} is refused (unfilled_variable).',
    ...writer,
    request: {
      params: conversation,
      body: body(
        z
          .looseObject({
            text: checked({ type: 'string', maxLength: 5000 }).optional(),
            internal: checked({ type: 'boolean', default: false }).optional(),
            status: checked({ type: 'string', enum: ['open', 'pending', 'resolved'] }).optional(),
          })
          .meta({ required: ['text'] }),
      ),
    },
    responses: {
      201: json(InboxMessage, 'The message'),
      ...failures(400, 401, 404),
      422: json(
        failures(422)[422].content['application/json'].schema,
        'empty_text, text_too_long, invalid_status, unfilled_variable',
      ),
    },
  }),
  assign: act(
    'assign',
    'Assign to one of the brand’s agents',
    z.looseObject({ account_id: checked({ type: 'string', format: 'uuid' }).optional() }),
    'invalid_account_id, not_on_team',
  ),
  unassign: act('unassign', 'Take the assignment off', null, '—'),
  resolve: act('resolve', 'Resolve (409 already_resolved)', null, '—'),
  snooze: act(
    'snooze',
    'Out of the list until a time; back as open then',
    z.looseObject({ until: checked({ type: 'string', format: 'date-time' }).optional() }),
    'invalid_until, snooze_in_past',
  ),
  reopen: act('reopen', 'Open again (409 already_open)', null, '—'),
  priority: act(
    'priority',
    'Set the priority',
    z.looseObject({ priority: checked({ type: 'string', enum: [...conversationPriorities] }).optional() }),
    'invalid_priority',
  ),
  labels: act(
    'labels',
    'Replace the labels (at most 10 of 40 characters)',
    z.looseObject({ labels: checked({ type: 'array', items: { type: 'string' } }).optional() }),
    'invalid_labels',
  ),
  kind: act(
    'kind',
    'Correct service/marketing/other (triage never overwrites a person’s choice)',
    z.looseObject({ kind: checked({ type: 'string', enum: [...conversationKinds] }).optional() }),
    'invalid_kind',
  ),
  presence: route({
    method: 'post',
    path: '/api/v1/inbox/conversations/{id}/presence',
    tags,
    summary: 'I have this conversation open (typing: I am writing); answers the other agents here',
    ...writer,
    request: {
      params: conversation,
      body: body(z.looseObject({ typing: checked({ type: 'boolean' }).optional() }), { required: false }),
    },
    responses: {
      200: json(z.object({ others: z.array(z.object({ account: AccountEntity, typing: z.boolean() })) }), 'Others'),
      ...failures(400, 401, 404),
    },
  }),
  useSaved: route({
    method: 'get',
    path: '/api/v1/inbox/conversations/{id}/saved-replies/{reply_id}',
    tags,
    summary: 'A saved reply filled for this conversation, and the variables left to write by hand',
    ...reader,
    request: { params: conversation.extend({ reply_id: id('The saved reply', 'Saved reply') }) },
    responses: {
      200: json(z.object({ text: z.string(), missing: z.array(z.string()) }), 'The text'),
      ...failures(401, 404),
    },
  }),
  savedList: route({
    method: 'get',
    path: '/api/v1/brands/{id}/saved-replies',
    tags,
    summary: 'The brand’s saved replies (every agent)',
    ...reader,
    request: { params: brand },
    responses: { 200: json(z.array(SavedReply), 'Saved replies'), ...failures(401, 404) },
  }),
  savedCreate: route({
    method: 'post',
    path: '/api/v1/brands/{id}/saved-replies',
    tags,
    summary: 'Owner or admin: a saved reply ({{first_name}}, {{order_number}}, {{tracking_link}})',
    ...writer,
    request: {
      params: brand,
      body: body(
        z.looseObject({
          title: checked({ type: 'string', maxLength: 80 }).optional(),
          text: checked({ type: 'string', maxLength: 5000 }).optional(),
        }),
      ),
    },
    responses: { 201: json(SavedReply, 'The saved reply'), ...failures(400, 401, 404, 422) },
  }),
  savedEdit: route({
    method: 'patch',
    path: '/api/v1/inbox/saved-replies/{id}',
    tags,
    summary: 'Owner or admin: change a saved reply',
    ...writer,
    request: {
      params: saved,
      body: body(
        z.looseObject({ title: checked({ type: 'string' }).optional(), text: checked({ type: 'string' }).optional() }),
      ),
    },
    responses: { 200: json(SavedReply, 'The saved reply'), ...failures(400, 401, 404, 422) },
  }),
  savedDelete: route({
    method: 'delete',
    path: '/api/v1/inbox/saved-replies/{id}',
    tags,
    summary: 'Owner or admin: delete a saved reply',
    ...writer,
    request: { params: saved },
    responses: { 200: json(z.object({}), 'Deleted'), ...failures(401, 404) },
  }),
  routing: route({
    method: 'get',
    path: '/api/v1/brands/{id}/inbox/routing',
    tags,
    summary: 'Round robin settings and the agents’ availability and load',
    ...reader,
    request: { params: brand },
    responses: { 200: json(Routing, 'Routing'), ...failures(401, 404) },
  }),
  setRouting: route({
    method: 'put',
    path: '/api/v1/brands/{id}/inbox/routing',
    tags,
    summary: 'Owner or admin: turn round robin on or off, set the cap of unresolved conversations per agent',
    ...writer,
    request: {
      params: brand,
      body: body(
        z.looseObject({
          round_robin: checked({ type: 'boolean' }).optional(),
          open_cap: checked({ type: 'integer', minimum: 1, maximum: 500 }).optional(),
        }),
      ),
    },
    responses: { 200: json(Routing, 'Routing'), ...failures(400, 401, 404, 422) },
  }),
  availability: route({
    method: 'post',
    path: '/api/v1/brands/{id}/inbox/availability',
    tags,
    summary: 'An agent marks themselves available (or not) for the round robin',
    ...writer,
    request: { params: brand, body: body(z.looseObject({ available: checked({ type: 'boolean' }).optional() })) },
    responses: { 200: json(z.object({ available: z.boolean() }), 'Availability'), ...failures(400, 401, 404, 422) },
  }),
};
