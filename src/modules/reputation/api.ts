/**
 * Reviews' JSON API (errors `{"error": {"code", "message"}}`), described in the OpenAPI document.
 * `POST /api/v1/products/:id/reviews` answers exactly `{id, status, verified, flags}` because
 * other tools rely on it; the rest shows full review entities (present.ts). Input rules and who
 * may do what are checked in the service.
 */
import { setNextLink } from '../../http/pagination';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { badRequest } from '../../http/errors';
import type { Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { permissions, type BrandRole } from '../accounts';
import { teamRole } from '../commerce';
import { policyFor } from '../moderation';
import { ratingSummary } from './aggregate';
import { contracts as api, type Review } from './api-contracts';
import { authorReviewIds, checkSort, hydrateReviews, productReviewIds } from './listing';
import { presentReply, presentReview, presentSummary } from './present';
import {
  createReview,
  editReview,
  getReview,
  listQuestions,
  replyToReview,
  voteHelpful,
  withdrawReview,
  type PhotoUpload,
  type ReviewRow,
} from './service';
import { publicFlags } from './triage';
import { queryRows } from '../../db/client';
import { sql } from 'drizzle-orm';
import { notFound } from '../../http/errors';

type Ctx = Context<AppEnv>;
type ReviewJson = z.input<typeof Review>;

// Helpers ---------------------------------------------------------------------------------------

/** photos / photos[] from a multipart body, as bytes (and alt texts photo_alts[] in the same order). */
export async function photosOf(params: Params): Promise<PhotoUpload[]> {
  const raw = params.photos ?? params['photos[]'];
  if (raw === undefined || raw === null || raw === '') return [];
  // A browser sends an empty part (no name, no bytes) for a file input left empty: not a photo.
  const list = (Array.isArray(raw) ? raw : [raw]).filter(
    (x) => !(x instanceof Blob && x.size === 0 && !(x as File).name),
  );
  const altsRaw = params.photo_alts ?? params['photo_alts[]'];
  const alts = Array.isArray(altsRaw) ? altsRaw : altsRaw === undefined ? [] : [altsRaw];
  const out: PhotoUpload[] = [];
  for (const [i, item] of list.entries()) {
    if (!(item instanceof Blob))
      throw badRequest('invalid_param', 'photos must be files (multipart/form-data)', { field: 'photos' });
    out.push({
      data: new Uint8Array(await item.arrayBuffer()),
      alt: typeof alts[i] === 'string' ? (alts[i] as string) : '',
    });
  }
  return out;
}

const isTeam = async (db: Parameters<typeof teamRole>[0], brandId: string, viewerId: string | null) => {
  if (!viewerId) return false;
  const role = await teamRole(db, brandId, viewerId);
  return role !== null && (permissions.read as readonly BrandRole[]).includes(role);
};

const limitOf = (q: Params) => {
  const n = Number(q.limit ?? 20);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 50) : 20;
};

// Routes ----------------------------------------------------------------------------------------

export const reviewsApi: RouteModule = (app, ctx) => {
  const publicUrl = ctx.config.publicUrl;
  const viewerId = (c: Ctx) => c.get('viewer')?.accountId ?? null;
  const signedIn = (c: Ctx) => c.get('viewer')!.accountId; // auth: 'user' routes checked it
  const reviewsOf = async (ids: string[], viewer: string | null, team: boolean): Promise<ReviewJson[]> =>
    (await hydrateReviews(ctx.db, ids, viewer)).map((r) => presentReview(ctx.config, r, { viewerId: viewer, team }));
  const fullReview = async (review: ReviewRow, viewer: string | null): Promise<ReviewJson> => {
    const [hydrated] = await hydrateReviews(ctx.db, [review.id], viewer);
    return presentReview(ctx.config, hydrated, {
      viewerId: viewer,
      team: await isTeam(ctx.db, review.brand_id, viewer),
    });
  };
  const publishedProduct = async (id: string) => {
    const [product] = await queryRows<{ brand_id: string }>(
      ctx.db,
      sql`select brand_id from products where id = ${id} and status = 'published'`,
    );
    if (!product) throw notFound('Product');
    return product;
  };

  mount(app, api.create, async (c) => {
    const id = c.req.valid('param').id.toLowerCase();
    const params = c.req.valid('json') as Params;
    const photos = await photosOf(params);
    const created = await createReview(ctx, signedIn(c), id, params, photos);
    const status = created.review.status === 'published' ? ('published' as const) : ('pending' as const);
    return c.json(
      { id: created.review.id, status, verified: created.review.verified, flags: publicFlags(created.flags) },
      201,
    );
  });

  mount(app, api.summary, async (c) => {
    const id = c.req.valid('param').id.toLowerCase();
    const product = await publishedProduct(id);
    const [summary, policy] = await Promise.all([ratingSummary(ctx.db, id), policyFor(ctx.db, product.brand_id)]);
    return c.json(presentSummary(id, summary, policy), 200);
  });

  mount(app, api.list, async (c) => {
    const id = c.req.valid('param').id.toLowerCase();
    await publishedProduct(id);
    const q = c.req.valid('query');
    const limit = limitOf(q);
    const ids = await productReviewIds(ctx.db, id, { sort: checkSort(q.sort), maxId: q.max_id, limit });
    setNextLink(c, publicUrl, ids, limit);
    return c.json(await reviewsOf(ids, viewerId(c), false), 200);
  });

  mount(app, api.mine, async (c) => {
    const q = c.req.valid('query');
    const limit = limitOf(q);
    const ids = await authorReviewIds(ctx.db, signedIn(c), { maxId: q.max_id, limit });
    setNextLink(c, publicUrl, ids, limit);
    return c.json(await reviewsOf(ids, signedIn(c), false), 200);
  });

  mount(app, api.show, async (c) => {
    const review = await getReview(ctx, viewerId(c), c.req.valid('param').id.toLowerCase());
    return c.json(await fullReview(review, viewerId(c)), 200);
  });

  mount(app, api.edit, async (c) => {
    const { review } = await editReview(
      ctx,
      signedIn(c),
      c.req.valid('param').id.toLowerCase(),
      c.req.valid('json') as Params,
    );
    return c.json(await fullReview(review, signedIn(c)), 200);
  });

  mount(app, api.withdraw, async (c) => {
    const review = await withdrawReview(ctx, signedIn(c), c.req.valid('param').id.toLowerCase());
    return c.json(await fullReview(review, signedIn(c)), 200);
  });

  mount(app, api.reply, async (c) => {
    const reply = await replyToReview(
      ctx,
      signedIn(c),
      c.req.valid('param').id.toLowerCase(),
      c.req.valid('json').body,
    );
    const [brand] = await queryRows<{
      id: string;
      username: string;
      display_name: string;
      avatar_path: string | null;
      kind: string;
    }>(ctx.db, sql`select id, username, display_name, avatar_path, kind from accounts where id = ${reply.brand_id}`);
    return c.json(presentReply(ctx.config, { ...reply, brand: brand ?? null })!, 201);
  });

  for (const [contract, helpful] of [
    [api.vote, true],
    [api.unvote, false],
  ] as const) {
    mount(app, contract, async (c) => {
      const result = await voteHelpful(ctx, signedIn(c), c.req.valid('param').id.toLowerCase(), helpful);
      return c.json({ helpful: result.helpful, helpful_count: result.helpfulCount }, 200);
    });
  }

  mount(app, api.questions, async (c) => {
    const q = c.req.valid('query');
    const limit = limitOf(q);
    const rows = await listQuestions(ctx, signedIn(c), c.req.valid('param').id, { maxId: q.max_id, limit });
    setNextLink(
      c,
      publicUrl,
      rows.map((r) => r.id),
      limit,
    );
    return c.json(
      await reviewsOf(
        rows.map((r) => r.id),
        signedIn(c),
        true,
      ),
      200,
    );
  });
};
