/**
 * The contracts of the customer's file API (src/http/contract.ts): the file itself, the brand's
 * labels on the customer, its team's private notes. Only the brand's team (inbox.answer) gets an
 * answer; anyone else a 404. Bodies let any value through to the service, which names the field
 * in its 422 (empty_text, text_too_long, label_too_long, too_many_labels).
 */
import { z } from 'zod';
import { body, failures, id, int, json, route } from '../../../http/contract';
import { engagementLevels } from './engagement';
import { fileSections, MAX_ITEMS } from './file';
import { MAX_LABEL, MAX_LABELS, MAX_NOTE } from './notes';

const tags = ['Customers'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };
const time = z.string().meta({ format: 'date-time' });
const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);

const customer = z.object({ id: id('The brand', 'Brand'), account_id: id('The customer', 'Customer') });
const note = customer.extend({ note_id: id('The note', 'Note') });

const section = <T extends z.ZodType>(item: T) =>
  z.object({
    count: z.number().int(),
    items: z.array(item).meta({ description: 'The newest first' }),
    next_max_id: z.string().nullable().meta({ description: 'Ask for `?section=…&max_id=` this id for more' }),
  });

const Money = z.object({ currency: z.string(), spent: z.number().int().meta({ description: 'Minor units' }) });
const Author = z.object({ id: z.string(), username: z.string(), display_name: z.string() });
export const Note = z
  .object({
    id: z.string(),
    text: z.string(),
    author: Author.nullable(),
    created_at: time,
    updated_at: time.nullable(),
    editable: z.boolean().meta({ description: 'You wrote it (only its author edits or deletes it)' }),
  })
  .meta({ id: 'CustomerNote' });

export const CustomerFileBody = z
  .object({
    brand_id: z.string(),
    account: z.object({
      id: z.string(),
      username: z.string(),
      display_name: z.string(),
      avatar: z.string().nullable(),
      url: z.string(),
      member_since: time,
    }),
    followed_at: time.nullable().meta({ description: 'When they (last) followed the brand; null: not a follower' }),
    engagement: z.enum(engagementLevels),
    orders: section(
      z.object({
        id: z.string(),
        status: z.string(),
        currency: z.string(),
        total: z.number().int(),
        refunded: z.number().int(),
        created_at: time,
        url: z.string(),
      }),
    ).extend({ paid_count: z.number().int(), total_spent: z.array(Money) }),
    returns: section(
      z.object({
        id: z.string(),
        order_id: z.string(),
        kind: z.string(),
        status: z.string(),
        reason: z.string(),
        created_at: time,
      }),
    ),
    reviews: section(
      z.object({
        id: z.string(),
        product_id: z.string(),
        product_title: z.string(),
        rating: z.number().int(),
        title: z.string().nullable(),
        body: z.string(),
        status: z.string(),
        verified: z.boolean(),
        created_at: time,
      }),
    ).extend({ published_count: z.number().int(), average_rating: z.number().nullable() }),
    conversations: section(
      z.object({
        id: z.string(),
        channel: z.string(),
        status: z.string(),
        kind: z.string(),
        subject: z.string().nullable(),
        last_message_at: time,
        url: z.string(),
      }),
    ),
    posts: section(
      z.object({
        id: z.string(),
        text: z.string(),
        visibility: z.string(),
        reply: z.boolean(),
        created_at: time,
        url: z.string(),
      }),
    ),
    checkins: section(z.object({ id: z.string(), place_id: z.string(), place_name: z.string(), created_at: time })),
    labels: z.array(z.string()),
    notes: z.object({ items: z.array(Note), next_max_id: z.string().nullable() }),
  })
  .meta({ id: 'CustomerFile' });

const Labels = z.object({ labels: z.array(z.string()) }).meta({ id: 'CustomerLabels' });
const LabelsBody = z
  .object({
    labels: checked({
      type: 'array',
      maxItems: MAX_LABELS,
      items: { type: 'string', maxLength: MAX_LABEL },
      description: 'The whole new list (or one comma-separated text)',
    }).optional(),
  })
  .meta({ required: ['labels'] });
const NoteBody = z
  .object({ text: checked({ type: 'string', maxLength: MAX_NOTE, description: 'Not empty' }).optional() })
  .meta({ required: ['text'] });

export const contracts = {
  file: route({
    method: 'get',
    path: '/api/v1/brands/{id}/customers/{account_id}',
    tags,
    summary: 'The customer’s file for this brand (its team only: anyone else gets 404)',
    description:
      'Only what the customer did with this brand: orders and total spent, returns, reviews, conversations, ' +
      'posts addressed to the brand, check-ins at its places, the follow, an engagement level, labels and notes.',
    ...reader,
    request: {
      params: customer,
      query: z.object({
        section: z.enum(fileSections).optional(),
        max_id: z.string().optional().meta({ format: 'uuid', description: 'That section’s last item seen' }),
        limit: int(1, MAX_ITEMS, 'Items per section (5 unless told)'),
      }),
    },
    responses: { 200: json(CustomerFileBody, 'The file'), ...failures(400, 401, 404) },
  }),
  labels: route({
    method: 'put',
    path: '/api/v1/brands/{id}/customers/{account_id}/labels',
    tags,
    summary: 'Replace the brand’s labels on the customer',
    ...writer,
    request: { params: customer, body: body(LabelsBody) },
    responses: { 200: json(Labels, 'The labels now'), ...failures(400, 401, 404, 422) },
  }),
  addNote: route({
    method: 'post',
    path: '/api/v1/brands/{id}/customers/{account_id}/notes',
    tags,
    summary: 'Add a private note about the customer (the brand’s team only sees it)',
    ...writer,
    request: { params: customer, body: body(NoteBody) },
    responses: { 201: json(Note, 'The note'), ...failures(400, 401, 404, 422) },
  }),
  editNote: route({
    method: 'patch',
    path: '/api/v1/brands/{id}/customers/{account_id}/notes/{note_id}',
    tags,
    summary: 'Edit your note (its author only: 403 not_author)',
    ...writer,
    request: { params: note, body: body(NoteBody) },
    responses: { 200: json(Note, 'The note'), ...failures(400, 401, 403, 404, 422) },
  }),
  deleteNote: route({
    method: 'delete',
    path: '/api/v1/brands/{id}/customers/{account_id}/notes/{note_id}',
    tags,
    summary: 'Delete your note (its author only: 403 not_author)',
    ...writer,
    request: { params: note },
    responses: { 200: json(z.object({ deleted: z.literal(true) }), 'Deleted'), ...failures(401, 403, 404) },
  }),
};
