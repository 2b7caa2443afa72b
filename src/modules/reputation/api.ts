/**
 * Reviews' JSON API (errors `{"error": {"code", "message"}}`), described in the OpenAPI document.
 * `POST /api/v1/products/:id/reviews` answers exactly `{id, status, verified, flags}` because
 * other tools rely on it; the rest shows full review entities (present.ts). Input rules and who
 * may do what are checked in the service.
 */
import type { Context } from 'hono';
import { isUuid } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { badRequest, notFound } from '../../http/errors';
import { requireViewer } from '../../http/middleware';
import { errors, registerOperations, type JsonSchema } from '../../http/openapi';
import { queryParams, readParams, type Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { permissions, type BrandRole } from '../accounts';
import { teamRole } from '../commerce';
import { policyFor } from '../moderation';
import { ratingSummary } from './aggregate';
import { authorReviewIds, checkSort, hydrateReviews, productReviewIds } from './listing';
import { presentReply, presentReview, presentSummary } from './present';
import { createReview, editReview, getReview, listQuestions, replyToReview, voteHelpful, withdrawReview, type PhotoUpload, type ReviewRow } from './service';
import { publicFlags } from './triage';
import { MAX_BODY, MAX_PHOTOS, MAX_REPLY, MAX_TITLE } from './validation';
import { queryRows } from '../../db/client';
import { sql } from 'drizzle-orm';

type Ctx = Context<AppEnv>;

// Schemas (documentation; the service checks values and answers with stable codes) ------------

const uuid = (description: string): JsonSchema => ({ type: 'string', format: 'uuid', description });
const ReviewCreate: JsonSchema = {
  type: 'object',
  required: ['rating', 'body'],
  properties: {
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    title: { type: 'string', maxLength: MAX_TITLE },
    body: { type: 'string', maxLength: MAX_BODY, description: 'Not empty' },
    experienced_on: { type: 'string', format: 'date', description: 'When you used the product (not in the future)' },
    order_id: uuid('Your delivered order containing this product: the review is then labelled verified'),
    photos: { type: 'array', maxItems: MAX_PHOTOS, items: { type: 'string', format: 'binary' }, description: 'multipart/form-data only: up to 4 images' },
  },
};
const ReviewEdit: JsonSchema = { type: 'object', properties: { rating: { type: 'integer', minimum: 1, maximum: 5 }, title: { type: 'string' }, body: { type: 'string' }, experienced_on: { type: 'string', format: 'date' } } };
const FlagSchema: JsonSchema = {
  type: 'object',
  required: ['code', 'confidence'],
  properties: { code: { type: 'string', enum: ['insult', 'personal_data', 'advertising', 'duplicate', 'rating_mismatch', 'customer_service', 'off_topic'] }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
};
const Created: JsonSchema = {
  type: 'object',
  required: ['id', 'status', 'verified', 'flags'],
  additionalProperties: false,
  properties: { id: uuid('The review'), status: { type: 'string', enum: ['pending', 'published'] }, verified: { type: 'boolean' }, flags: { type: 'array', items: FlagSchema } },
};
const Person: JsonSchema = { type: 'object', properties: { id: { type: 'string' }, username: { type: 'string' }, display_name: { type: 'string' }, avatar: { type: 'string' } } };
const Review: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    product_id: { type: 'string' },
    url: { type: ['string', 'null'] },
    rating: { type: 'integer' },
    title: { type: ['string', 'null'] },
    body: { type: 'string' },
    experienced_on: { type: ['string', 'null'], format: 'date' },
    verified: { type: 'boolean', description: 'Tied to a delivered order line of the author' },
    status: { type: 'string', enum: ['pending', 'published', 'rejected', 'withdrawn', 'question'] },
    published_at: { type: ['string', 'null'], format: 'date-time' },
    created_at: { type: 'string', format: 'date-time' },
    helpful_count: { type: 'integer' },
    helpful: { type: 'boolean', description: 'You voted it helpful' },
    author: Person,
    photos: { type: 'array', items: { type: 'object' } },
    reply: { type: ['object', 'null'], description: 'The brand’s public reply' },
    rejection: { type: ['object', 'null'], description: 'Author and brand team only: {reason, editable}' },
    flags: { type: 'array', items: FlagSchema, description: 'Brand team only' },
  },
};
const Summary: JsonSchema = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    average: { type: ['number', 'null'], description: 'One decimal; null without reviews' },
    distribution: { type: 'object', description: 'Number of reviews per star, "1" to "5"' },
    method: { type: 'string' },
    moderation: { type: 'object', properties: { mode: { type: 'string', enum: ['pre', 'post'] }, max_delay_hours: { type: 'integer' } } },
  },
};
const productId = { name: 'id', in: 'path' as const, schema: uuid('The product') };
const reviewId = { name: 'id', in: 'path' as const, schema: uuid('The review') };
const T = ['Reviews'];
const write = { auth: 'user' as const, scopes: ['write'] };
const read = { auth: 'user' as const, scopes: ['read'] };
const page = [
  { name: 'max_id', in: 'query' as const, schema: uuid('The last review of the previous page') },
  { name: 'limit', in: 'query' as const, schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
];

registerOperations([
  {
    method: 'post',
    path: '/api/v1/products/{id}/reviews',
    tags: T,
    summary: 'Review a product (verified when order_id is your delivered order of it)',
    description:
      'Triage runs on arrival. Pre-moderation (default): status pending until the brand’s moderator approves. Post-moderation: published at once (queued too when flagged). Customer-service requests are not published as reviews; they answer status pending and reach the brand’s team as questions.',
    ...write,
    parameters: [productId],
    body: { schema: ReviewCreate, contentTypes: ['application/json', 'multipart/form-data'] },
    responses: {
      201: { description: 'Exactly {id, status, verified, flags}', schema: Created },
      ...errors(400, 401, 404, 413),
      403: { description: 'purchase_required (the brand publishes verified purchases only), own_brand, brands_cannot_review', schema: errors(403)[403].schema },
      409: { description: 'already_reviewed (this order line, or your live review of this product without an order)', schema: errors(409)[409].schema },
      422: { description: 'invalid_rating, empty_body, body_too_long, title_too_long, invalid_date, future_date, invalid_order, product_not_in_order, order_not_delivered, too_many_photos, media_*', schema: errors(422)[422].schema },
    },
  },
  {
    method: 'get',
    path: '/api/v1/products/{id}/reviews',
    tags: T,
    summary: 'Published reviews of a product (keyset paging with max_id; Link header)',
    auth: 'optional',
    parameters: [productId, { name: 'sort', in: 'query', schema: { type: 'string', enum: ['newest', 'rating_desc', 'rating_asc', 'helpful'], default: 'newest' } }, ...page],
    responses: { 200: { description: 'Reviews', schema: { type: 'array', items: Review } }, ...errors(404, 422) },
  },
  { method: 'get', path: '/api/v1/products/{id}/reviews/summary', tags: T, summary: 'Average, count and star distribution of published reviews, and how they are computed and checked', auth: 'none', parameters: [productId], responses: { 200: { description: 'Summary', schema: Summary }, ...errors(404) } },
  { method: 'get', path: '/api/v1/reviews/mine', tags: T, summary: 'Your reviews, newest first, with their status and rejection reasons', ...read, parameters: page, responses: { 200: { description: 'Reviews', schema: { type: 'array', items: Review } }, ...errors(401) } },
  { method: 'get', path: '/api/v1/reviews/{id}', tags: T, summary: 'One review (published: anyone; otherwise its author or the brand’s team)', auth: 'optional', parameters: [reviewId], responses: { 200: { description: 'The review', schema: Review }, ...errors(404) } },
  {
    method: 'patch',
    path: '/api/v1/reviews/{id}',
    tags: T,
    summary: 'Author: change rating, title, text or date; goes back through moderation (also resubmits a review rejected for a correctable reason)',
    ...write,
    parameters: [reviewId],
    body: { schema: ReviewEdit },
    responses: { 200: { description: 'The review', schema: Review }, ...errors(401, 403, 404, 409, 422) },
  },
  { method: 'delete', path: '/api/v1/reviews/{id}', tags: T, summary: 'Author: withdraw the review (leaves the page and the average)', ...write, parameters: [reviewId], responses: { 200: { description: 'The review', schema: Review }, ...errors(401, 403, 404) } },
  {
    method: 'post',
    path: '/api/v1/reviews/{id}/reply',
    tags: T,
    summary: 'Brand team (owner, admin, community manager, staff): the brand’s one public reply',
    ...write,
    parameters: [reviewId],
    body: { schema: { type: 'object', required: ['body'], properties: { body: { type: 'string', maxLength: MAX_REPLY } } } },
    responses: { 201: { description: 'The reply', schema: { type: 'object' } }, ...errors(401, 403, 404, 409, 422) },
  },
  { method: 'post', path: '/api/v1/reviews/{id}/helpful', tags: T, summary: 'Vote a published review helpful (once; not your own)', ...write, parameters: [reviewId], responses: { 200: { description: '{helpful, helpful_count}', schema: { type: 'object' } }, ...errors(401, 403, 404) } },
  { method: 'delete', path: '/api/v1/reviews/{id}/helpful', tags: T, summary: 'Take back your helpful vote', ...write, parameters: [reviewId], responses: { 200: { description: '{helpful, helpful_count}', schema: { type: 'object' } }, ...errors(401, 403, 404) } },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/review_questions',
    tags: T,
    summary: 'Brand team (orders permission): customer-service requests sent as reviews, with their order',
    ...read,
    parameters: [{ name: 'id', in: 'path', schema: uuid('The brand') }, ...page],
    responses: { 200: { description: 'Reviews with status question', schema: { type: 'array', items: Review } }, ...errors(401, 403, 404) },
  },
]);

// Helpers ---------------------------------------------------------------------------------------

function pathUuid(c: Ctx, what: string): string {
  const value = c.req.param('id');
  if (!isUuid(value)) throw notFound(what);
  return value.toLowerCase();
}

/** photos / photos[] from a multipart body, as bytes (and alt texts photo_alts[] in the same order). */
export async function photosOf(params: Params): Promise<PhotoUpload[]> {
  const raw = params.photos ?? params['photos[]'];
  if (raw === undefined || raw === null || raw === '') return [];
  // A browser sends an empty part (no name, no bytes) for a file input left empty: not a photo.
  const list = (Array.isArray(raw) ? raw : [raw]).filter((x) => !(x instanceof Blob && x.size === 0 && !(x as File).name));
  const altsRaw = params.photo_alts ?? params['photo_alts[]'];
  const alts = Array.isArray(altsRaw) ? altsRaw : altsRaw === undefined ? [] : [altsRaw];
  const out: PhotoUpload[] = [];
  for (const [i, item] of list.entries()) {
    if (!(item instanceof Blob)) throw badRequest('invalid_param', 'photos must be files (multipart/form-data)', { field: 'photos' });
    out.push({ data: new Uint8Array(await item.arrayBuffer()), alt: typeof alts[i] === 'string' ? (alts[i] as string) : '' });
  }
  return out;
}

const isTeam = async (db: Parameters<typeof teamRole>[0], brandId: string, viewerId: string | null) => {
  if (!viewerId) return false;
  const role = await teamRole(db, brandId, viewerId);
  return role !== null && (permissions.read as readonly BrandRole[]).includes(role);
};

function setNextLink(c: Ctx, publicUrl: string, ids: string[], limit: number) {
  if (ids.length < limit) return;
  const url = new URL(c.req.url);
  const query = new URLSearchParams(url.search);
  query.set('max_id', ids[ids.length - 1]);
  c.header('Link', `<${publicUrl}${url.pathname}?${query.toString()}>; rel="next"`);
}

const limitOf = (q: Params) => {
  const n = Number(q.limit ?? 20);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 50) : 20;
};

// Routes ----------------------------------------------------------------------------------------

export const reviewsApi: RouteModule = (app, ctx) => {
  const publicUrl = ctx.config.publicUrl;

  const fullReview = async (review: ReviewRow, viewerId: string | null) => {
    const [hydrated] = await hydrateReviews(ctx.db, [review.id], viewerId);
    return presentReview(ctx.config, hydrated, { viewerId, team: await isTeam(ctx.db, review.brand_id, viewerId) });
  };

  app.post('/api/v1/products/:id/reviews', async (c) => {
    const viewer = requireViewer(c, 'write');
    const id = pathUuid(c, 'Product');
    const params = await readParams(c);
    const photos = await photosOf(params);
    const created = await createReview(ctx, viewer.accountId, id, params, photos);
    const status = created.review.status === 'published' ? 'published' : 'pending';
    return c.json({ id: created.review.id, status, verified: created.review.verified, flags: publicFlags(created.flags) }, 201);
  });

  app.get('/api/v1/products/:id/reviews/summary', async (c) => {
    const id = pathUuid(c, 'Product');
    const [product] = await queryRows<{ brand_id: string }>(ctx.db, sql`select brand_id from products where id = ${id} and status = 'published'`);
    if (!product) throw notFound('Product');
    const [summary, policy] = await Promise.all([ratingSummary(ctx.db, id), policyFor(ctx.db, product.brand_id)]);
    return c.json(presentSummary(id, summary, policy));
  });

  app.get('/api/v1/products/:id/reviews', async (c) => {
    const id = pathUuid(c, 'Product');
    const [product] = await queryRows<{ id: string }>(ctx.db, sql`select id from products where id = ${id} and status = 'published'`);
    if (!product) throw notFound('Product');
    const q = queryParams(c);
    const viewerId = c.get('viewer')?.accountId ?? null;
    const limit = limitOf(q);
    const ids = await productReviewIds(ctx.db, id, { sort: checkSort(q.sort), maxId: typeof q.max_id === 'string' ? q.max_id : undefined, limit });
    const reviews = await hydrateReviews(ctx.db, ids, viewerId);
    setNextLink(c, publicUrl, ids, limit);
    return c.json(reviews.map((r) => presentReview(ctx.config, r, { viewerId, team: false })));
  });

  app.get('/api/v1/reviews/mine', async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    const limit = limitOf(q);
    const ids = await authorReviewIds(ctx.db, viewer.accountId, { maxId: typeof q.max_id === 'string' ? q.max_id : undefined, limit });
    const reviews = await hydrateReviews(ctx.db, ids, viewer.accountId);
    setNextLink(c, publicUrl, ids, limit);
    return c.json(reviews.map((r) => presentReview(ctx.config, r, { viewerId: viewer.accountId, team: false })));
  });

  app.get('/api/v1/reviews/:id', async (c) => {
    const viewerId = c.get('viewer')?.accountId ?? null;
    const review = await getReview(ctx, viewerId, pathUuid(c, 'Review'));
    return c.json(await fullReview(review, viewerId));
  });

  app.patch('/api/v1/reviews/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const { review } = await editReview(ctx, viewer.accountId, pathUuid(c, 'Review'), await readParams(c));
    return c.json(await fullReview(review, viewer.accountId));
  });

  app.delete('/api/v1/reviews/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const review = await withdrawReview(ctx, viewer.accountId, pathUuid(c, 'Review'));
    return c.json(await fullReview(review, viewer.accountId));
  });

  app.post('/api/v1/reviews/:id/reply', async (c) => {
    const viewer = requireViewer(c, 'write');
    const params = await readParams(c);
    const reply = await replyToReview(ctx, viewer.accountId, pathUuid(c, 'Review'), params.body);
    const [brand] = await queryRows<{ id: string; username: string; display_name: string; avatar_path: string | null; kind: string }>(
      ctx.db,
      sql`select id, username, display_name, avatar_path, kind from accounts where id = ${reply.brand_id}`,
    );
    return c.json(presentReply(ctx.config, { ...reply, brand: brand ?? null }), 201);
  });

  for (const [method, helpful] of [['post', true], ['delete', false]] as const) {
    app[method]('/api/v1/reviews/:id/helpful', async (c) => {
      const viewer = requireViewer(c, 'write');
      const result = await voteHelpful(ctx, viewer.accountId, pathUuid(c, 'Review'), helpful);
      return c.json({ helpful: result.helpful, helpful_count: result.helpfulCount });
    });
  }

  app.get('/api/v1/brands/:id/review_questions', async (c) => {
    const viewer = requireViewer(c, 'read');
    const q = queryParams(c);
    const limit = limitOf(q);
    const rows = await listQuestions(ctx, viewer.accountId, c.req.param('id') ?? '', { maxId: typeof q.max_id === 'string' ? q.max_id : undefined, limit });
    const reviews = await hydrateReviews(ctx.db, rows.map((r) => r.id), viewer.accountId);
    setNextLink(c, publicUrl, rows.map((r) => r.id), limit);
    return c.json(reviews.map((r) => presentReview(ctx.config, r, { viewerId: viewer.accountId, team: true })));
  });
};
