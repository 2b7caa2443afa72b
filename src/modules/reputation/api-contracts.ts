/**
 * The contracts of the reviews API (src/http/contract.ts). Request bodies are described with the
 * values clients must send, but let any value through to the service, which checks them and
 * answers its stable codes (invalid_rating, empty_body, body_too_long…).
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../http/contract';
import { flagCodes } from '../analysis';
import { MAX_BODY, MAX_PHOTOS, MAX_REPLY, MAX_TITLE } from './validation';

// Requests ------------------------------------------------------------------------------------------

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
// rating and body are required (the document says so); a missing one is the service's invalid_rating / empty_body.
export const ReviewCreate = z
  .looseObject({
    rating: checked({ type: 'integer', minimum: 1, maximum: 5 }).optional(),
    title: checked({ type: 'string', maxLength: MAX_TITLE }).optional(),
    body: checked({ type: 'string', maxLength: MAX_BODY, description: 'Not empty' }).optional(),
    experienced_on: checked({
      type: 'string',
      format: 'date',
      description: 'When you used the product (not in the future)',
    }).optional(),
    order_id: checked({
      type: 'string',
      format: 'uuid',
      description: 'Your delivered order containing this product: the review is then labelled verified',
    }).optional(),
    photos: checked({
      type: 'array',
      maxItems: MAX_PHOTOS,
      items: { type: 'string', format: 'binary' },
      description: 'multipart/form-data only: up to 4 images',
    }).optional(),
  })
  .meta({ required: ['rating', 'body'] });
export const ReviewEdit = z.looseObject({
  rating: checked({ type: 'integer', minimum: 1, maximum: 5 }).optional(),
  title: checked({ type: 'string', maxLength: MAX_TITLE }).optional(),
  body: checked({ type: 'string', maxLength: MAX_BODY }).optional(),
  experienced_on: checked({ type: 'string', format: 'date' }).optional(),
});
const ReplyBody = z
  .object({ body: checked({ type: 'string', maxLength: MAX_REPLY }).optional() })
  .meta({ required: ['body'] });

// Responses -----------------------------------------------------------------------------------------

const time = z.string().meta({ format: 'date-time' });
const Flag = z.object({ code: z.enum(flagCodes), confidence: z.number().min(0).max(1) });
const Person = z.object({ id: z.string(), username: z.string(), display_name: z.string(), avatar: z.string() });
const Created = z
  .strictObject({
    id: z.string().meta({ format: 'uuid' }),
    status: z.enum(['pending', 'published']),
    verified: z.boolean(),
    flags: z.array(Flag),
  })
  .meta({ id: 'ReviewCreated' });
const Reply = z
  .object({ body: z.string(), created_at: time, brand: Person.nullable() })
  .meta({ id: 'ReviewReply', description: 'The brand’s public reply' });
export const Review = z
  .object({
    id: z.string(),
    product_id: z.string(),
    url: z.string().nullable(),
    rating: z.number().int(),
    title: z.string().nullable(),
    body: z.string(),
    experienced_on: z.string().nullable().meta({ format: 'date' }),
    language: z.string().nullable(),
    verified: z.boolean().meta({ description: 'Tied to a delivered order line of the author' }),
    status: z.enum(['pending', 'published', 'rejected', 'withdrawn', 'question']),
    published_at: time.nullable(),
    created_at: time,
    helpful_count: z.number().int(),
    helpful: z.boolean().meta({ description: 'You voted it helpful' }),
    author: Person.nullable(),
    photos: z.array(
      z.object({
        url: z.string(),
        preview_url: z.string(),
        width: z.number().int(),
        height: z.number().int(),
        alt: z.string(),
      }),
    ),
    reply: Reply.nullable(),
    order_id: z.string().nullable().optional().meta({ description: 'Author and brand team only' }),
    rejection: z
      .object({ reason: z.string().nullable(), editable: z.boolean() })
      .nullable()
      .optional()
      .meta({ description: 'Author and brand team only' }),
    flags: z
      .array(Flag.extend({ reason: z.string() }))
      .optional()
      .meta({ description: 'Brand team only' }),
  })
  .meta({ id: 'Review' });
const Summary = z
  .object({
    product_id: z.string(),
    count: z.number().int(),
    average: z.number().nullable().meta({ description: 'One decimal; null without reviews' }),
    distribution: z
      .record(z.enum(['1', '2', '3', '4', '5']), z.number().int())
      .meta({ description: 'Number of reviews per star, "1" to "5"' }),
    method: z.string(),
    moderation: z.object({ mode: z.string(), max_delay_hours: z.number().int() }),
  })
  .meta({ id: 'RatingSummary' });
const Helpful = z.object({ helpful: z.boolean(), helpful_count: z.number().int() });

// Contracts -----------------------------------------------------------------------------------------

const tags = ['Reviews'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };
const product = z.object({ id: id('The product', 'Product') });
const review = z.object({ id: id('The review', 'Review') });
const page = {
  max_id: z.string().optional().meta({ format: 'uuid', description: 'The last review of the previous page' }),
  limit: z
    .unknown()
    .optional()
    .meta({ type: 'integer', minimum: 1, default: 20, description: 'At most 50 (a larger value gives 50)' }),
};

export const contracts = {
  create: route({
    method: 'post',
    path: '/api/v1/products/{id}/reviews',
    tags,
    summary: 'Review a product (verified when order_id is your delivered order of it)',
    description:
      'Triage runs on arrival. Pre-moderation (default): status pending until the brand’s moderator approves. ' +
      'Post-moderation: published at once (queued too when flagged). Customer-service requests are not ' +
      'published as reviews; they answer status pending and reach the brand’s team as questions.',
    ...writer,
    request: { params: product, body: body(ReviewCreate, { types: ['application/json', 'multipart/form-data'] }) },
    responses: {
      201: json(Created, 'Exactly {id, status, verified, flags}'),
      ...failures(400, 401, 404, 413),
      403: json(
        failures(403)[403].content['application/json'].schema,
        'purchase_required (the brand publishes verified purchases only), own_brand, brands_cannot_review',
      ),
      409: json(
        failures(409)[409].content['application/json'].schema,
        'already_reviewed (this order line, or your live review of this product without an order)',
      ),
      422: json(
        failures(422)[422].content['application/json'].schema,
        'invalid_rating, empty_body, body_too_long, title_too_long, invalid_date, future_date, invalid_order, ' +
          'product_not_in_order, order_not_delivered, too_many_photos, media_*',
      ),
    },
  }),
  list: route({
    method: 'get',
    path: '/api/v1/products/{id}/reviews',
    tags,
    summary: 'Published reviews of a product (keyset paging with max_id; Link header)',
    auth: 'optional',
    request: {
      params: product,
      query: z.object({
        sort: z
          .string()
          .optional()
          .meta({ enum: ['newest', 'rating_desc', 'rating_asc', 'helpful'], default: 'newest' }),
        ...page,
      }),
    },
    responses: { 200: json(z.array(Review), 'Reviews'), ...failures(400, 404, 422) },
  }),
  summary: route({
    method: 'get',
    path: '/api/v1/products/{id}/reviews/summary',
    tags,
    summary: 'Average, count and star distribution of published reviews, and how they are computed and checked',
    request: { params: product },
    responses: { 200: json(Summary, 'Summary'), ...failures(404) },
  }),
  mine: route({
    method: 'get',
    path: '/api/v1/reviews/mine',
    tags,
    summary: 'Your reviews, newest first, with their status and rejection reasons',
    ...reader,
    request: { query: z.object(page) },
    responses: { 200: json(z.array(Review), 'Reviews'), ...failures(400, 401) },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/reviews/{id}',
    tags,
    summary: 'One review (published: anyone; otherwise its author or the brand’s team)',
    auth: 'optional',
    request: { params: review },
    responses: { 200: json(Review, 'The review'), ...failures(404) },
  }),
  edit: route({
    method: 'patch',
    path: '/api/v1/reviews/{id}',
    tags,
    summary:
      'Author: change rating, title, text or date; goes back through moderation (also resubmits a review ' +
      'rejected for a correctable reason)',
    ...writer,
    request: { params: review, body: body(ReviewEdit) },
    responses: { 200: json(Review, 'The review'), ...failures(400, 401, 403, 404, 409, 422) },
  }),
  withdraw: route({
    method: 'delete',
    path: '/api/v1/reviews/{id}',
    tags,
    summary: 'Author: withdraw the review (leaves the page and the average)',
    ...writer,
    request: { params: review },
    responses: { 200: json(Review, 'The review'), ...failures(401, 403, 404) },
  }),
  reply: route({
    method: 'post',
    path: '/api/v1/reviews/{id}/reply',
    tags,
    summary: 'Brand team (owner, admin, community manager, staff): the brand’s one public reply',
    ...writer,
    request: { params: review, body: body(ReplyBody) },
    responses: { 201: json(Reply, 'The reply'), ...failures(400, 401, 403, 404, 409, 422) },
  }),
  vote: route({
    method: 'post',
    path: '/api/v1/reviews/{id}/helpful',
    tags,
    summary: 'Vote a published review helpful (once; not your own)',
    ...writer,
    request: { params: review },
    responses: { 200: json(Helpful, '{helpful, helpful_count}'), ...failures(401, 403, 404) },
  }),
  unvote: route({
    method: 'delete',
    path: '/api/v1/reviews/{id}/helpful',
    tags,
    summary: 'Take back your helpful vote',
    ...writer,
    request: { params: review },
    responses: { 200: json(Helpful, '{helpful, helpful_count}'), ...failures(401, 403, 404) },
  }),
  questions: route({
    method: 'get',
    path: '/api/v1/brands/{id}/review_questions',
    tags,
    summary: 'Brand team (orders permission): customer-service requests sent as reviews, with their order',
    ...reader,
    request: { params: z.object({ id: id('The brand', 'Brand') }), query: z.object(page) },
    responses: { 200: json(z.array(Review), 'Reviews with status question'), ...failures(400, 401, 403, 404) },
  }),
};
