/**
 * Review pages: the form (from a delivered order's page, an invitation, or the product page),
 * "my reviews" with statuses and rejection reasons (edit and resubmit when the reason allows it),
 * withdrawal, the helpful vote (htmx swaps the button; without JavaScript a redirect back) and
 * the brand's reply. Every POST carries the CSRF token; rules are the service's.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { isUuid } from '../../db/ids';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { readParams, type Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import type { MessageKey } from '../../web/i18n';
import { fr } from '../../web/i18n/fr';
import { renderError, renderPage, safeNext, tOf } from '../../web/page';
import { photosOf } from './api';
import { authorReviewIds, hydrateReviews } from './listing';
import {
  createReview,
  editReview,
  listQuestions,
  loadReview,
  replyToReview,
  voteHelpful,
  withdrawReview,
} from './service';
import { findBrand, roleAllows } from '../accounts';
import { teamRole } from '../commerce';
import { BrandReviewsPage } from './views/brand';
import { reviewerLinks } from './team-links';
import { questionLinks } from './question-hooks';
import { MyReviewsPage, ReviewFormPage, type FormTarget, type FormValues } from './views/pages';
import { HelpfulButton } from './views/section';
import type { ReviewView } from './views/stars';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';

const viewOf = (c: Ctx): ReviewView => ({ t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken') });
const viewerOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;
const isHtmx = (c: Ctx) => c.req.header('hx-request') === 'true';
const str = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);

function toLogin(c: Ctx) {
  const url = new URL(c.req.url);
  const next =
    c.req.method === 'GET'
      ? url.pathname + url.search
      : c.req.header('referer')
        ? new URL(c.req.header('referer')!).pathname
        : '/home';
  return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
}

/** A service error in the reader's language when we have words for it. */
function errorText(c: Ctx, error: AppError): string {
  const key = `review.error.${error.code}`;
  if (key in fr) {
    const params: Record<string, string | number> = {};
    for (const [k, value] of Object.entries(error.details ?? {}))
      if (typeof value === 'string' || typeof value === 'number') params[k] = value;
    return tOf(c)(key as MessageKey, params);
  }
  return error.message || tOf(c)('review.error.generic');
}

type ProductRow = { id: string; title: string; brand_username: string };

async function productFor(db: AppEnv['Variables']['app']['db'], productId: string): Promise<ProductRow | null> {
  if (!isUuid(productId)) return null;
  const [p] = await queryRows<ProductRow>(
    db,
    sql`select p.id, p.title, a.username as brand_username from products p join accounts a on a.id = p.brand_id where p.id = ${productId} and p.status = 'published'`,
  );
  return p ?? null;
}

export const reviewPages: RouteModule = (app, ctx) => {
  /**
   * What the form is about: an order line of the viewer (`?line=`), or a product (`?product=`),
   * in which case a delivered, not yet reviewed order of it makes the review verified.
   */
  async function formTarget(viewerId: string, query: { line?: string; product?: string }): Promise<FormTarget | null> {
    if (query.line) {
      if (!isUuid(query.line)) return null;
      const [row] = await queryRows<{ product_id: string; order_id: string; buyer_id: string; delivered: boolean }>(
        ctx.db,
        sql`select ol.product_id, ol.order_id, o.buyer_id, (o.delivered_at is not null) as delivered from order_lines ol join orders o on o.id = ol.order_id where ol.id = ${query.line}`,
      );
      if (!row || row.buyer_id !== viewerId) return null;
      const product = await productFor(ctx.db, row.product_id);
      if (!product) return null;
      return {
        productId: product.id,
        productTitle: product.title,
        productPath: `/@${product.brand_username}/products/${product.id}`,
        orderId: row.delivered ? row.order_id : null,
      };
    }
    const product = query.product ? await productFor(ctx.db, query.product) : null;
    if (!product) return null;
    const [order] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select o.id from orders o join order_lines ol on ol.order_id = o.id
          where o.buyer_id = ${viewerId} and ol.product_id = ${product.id} and o.delivered_at is not null
            and not exists (select 1 from reviews r where r.order_line_id = ol.id)
          order by o.id desc limit 1`,
    );
    return {
      productId: product.id,
      productTitle: product.title,
      productPath: `/@${product.brand_username}/products/${product.id}`,
      orderId: order?.id ?? null,
    };
  }

  const showForm = (
    c: Ctx,
    target: FormTarget,
    values: FormValues,
    error: string | null = null,
    status: 200 | 403 | 409 | 413 | 422 = 200,
  ) => {
    const v = viewOf(c);
    return renderPage(c, {
      meta: {
        title: target.reviewId
          ? v.t('review.form.edit_title', { product: target.productTitle })
          : v.t('review.form.title', { product: target.productTitle }),
        noindex: true,
      },
      status,
      body: <ReviewFormPage v={v} target={target} values={values} error={error} />,
    });
  };

  app.get('/reviews/new', async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    const target = await formTarget(viewerId, { line: c.req.query('line'), product: c.req.query('product') });
    if (!target) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    return showForm(c, target, { experienced_on: '' });
  });

  app.post('/reviews', async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    const params = await readParams(c);
    const productId = str(params, 'product_id') ?? '';
    const product = await productFor(ctx.db, productId);
    if (!product) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const values: FormValues = {
      rating: str(params, 'rating'),
      title: str(params, 'title'),
      body: str(params, 'body'),
      experienced_on: str(params, 'experienced_on'),
    };
    const orderId = str(params, 'order_id') || null;
    const target: FormTarget = {
      productId: product.id,
      productTitle: product.title,
      productPath: `/@${product.brand_username}/products/${product.id}`,
      orderId,
    };
    try {
      // One description from the form for every photo (the API takes photo_alts[] one by one).
      const alt = (str(params, 'photo_alt') ?? '').trim();
      const photos = (await photosOf(params)).map((p) => ({ ...p, alt: p.alt || alt }));
      const created = await createReview(
        ctx,
        viewerId,
        product.id,
        { ...values, order_id: orderId ?? undefined },
        photos,
      );
      return c.redirect(`/me/reviews?notice=sent#review-${created.review.id}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 401 && error.status !== 404) {
        return showForm(
          c,
          target,
          values,
          errorText(c, error),
          error.status === 403 || error.status === 409 || error.status === 413 ? error.status : 422,
        );
      }
      throw error;
    }
  });

  app.get('/me/reviews', async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    const maxId = c.req.query('max_id');
    const ids = await authorReviewIds(ctx.db, viewerId, {
      maxId: maxId && isUuid(maxId) ? maxId : undefined,
      limit: 20,
    });
    const reviews = await hydrateReviews(ctx.db, ids, viewerId);
    const notice = c.req.query('notice');
    const v = viewOf(c);
    return renderPage(c, {
      meta: { title: v.t('review.mine.title'), noindex: true },
      body: (
        <MyReviewsPage
          v={v}
          reviews={reviews}
          notice={notice === 'sent' || notice === 'updated' || notice === 'withdrawn' ? notice : null}
          older={ids.length === 20 ? `/me/reviews?max_id=${ids[ids.length - 1]}` : null}
        />
      ),
    });
  });

  /** A review's own address: its place on the product page when published, else the author's list. */
  app.get(`/reviews/${ID}`, async (c) => {
    const review = await loadReview(ctx.db, c.req.param('id').toLowerCase());
    const viewerId = viewerOf(c);
    if (review && review.status === 'published') {
      const product = await productFor(ctx.db, review.product_id);
      if (product) return c.redirect(`/@${product.brand_username}/products/${product.id}#review-${review.id}`, 302);
    }
    if (review && viewerId === review.author_id) return c.redirect(`/me/reviews#review-${review.id}`, 302);
    return renderError(c, 404, tOf(c)('error.not_found'), ctx);
  });

  const editTarget = async (c: Ctx, viewerId: string) => {
    const review = await loadReview(ctx.db, c.req.param('id')!.toLowerCase());
    if (!review || review.author_id !== viewerId) return null;
    const product = await productFor(ctx.db, review.product_id);
    if (!product) return null;
    const target: FormTarget = {
      productId: product.id,
      productTitle: product.title,
      productPath: `/@${product.brand_username}/products/${product.id}`,
      orderId: review.order_id,
      reviewId: review.id,
    };
    return { review, target };
  };

  app.get(`/reviews/${ID}/edit`, async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    const found = await editTarget(c, viewerId);
    if (!found) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const { review, target } = found;
    return showForm(c, target, {
      rating: String(review.rating),
      title: review.title ?? '',
      body: review.body,
      experienced_on: review.experienced_on ?? '',
    });
  });

  app.post(`/reviews/${ID}/edit`, async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    const found = await editTarget(c, viewerId);
    if (!found) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const params = await readParams(c);
    const values: FormValues = {
      rating: str(params, 'rating'),
      title: str(params, 'title') ?? '',
      body: str(params, 'body'),
      experienced_on: str(params, 'experienced_on') ?? '',
    };
    try {
      await editReview(ctx, viewerId, found.review.id, {
        rating: values.rating,
        title: values.title,
        body: values.body,
        experienced_on: values.experienced_on,
      });
      return c.redirect(`/me/reviews?notice=updated#review-${found.review.id}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 401 && error.status !== 404) {
        return showForm(
          c,
          found.target,
          values,
          errorText(c, error),
          error.status === 403 || error.status === 409 ? error.status : 422,
        );
      }
      throw error;
    }
  });

  app.post(`/reviews/${ID}/withdraw`, async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    await withdrawReview(ctx, viewerId, c.req.param('id').toLowerCase());
    return c.redirect('/me/reviews?notice=withdrawn', 303);
  });

  app.post(`/reviews/${ID}/helpful`, async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) {
      if (isHtmx(c)) {
        c.header('HX-Redirect', `/login?next=${encodeURIComponent(`/reviews/${c.req.param('id')}`)}`);
        return c.body(null, 204);
      }
      return toLogin(c);
    }
    const id = c.req.param('id').toLowerCase();
    const params = await readParams(c);
    const result = await voteHelpful(ctx, viewerId, id, str(params, 'helpful') !== '0');
    if (isHtmx(c)) {
      const review = (await loadReview(ctx.db, id))!;
      return c.html(
        <HelpfulButton
          v={viewOf(c)}
          review={{ id, author_id: review.author_id, helpful_count: result.helpfulCount, votedHelpful: result.helpful }}
          viewerId={viewerId}
        />,
      );
    }
    return c.redirect(`${safeNext(backOf(c), '/home')}#review-${id}`, 303);
  });

  app.post(`/reviews/${ID}/reply`, async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    const id = c.req.param('id').toLowerCase();
    const params = await readParams(c);
    try {
      await replyToReview(ctx, viewerId, id, params.body);
    } catch (error) {
      if (error instanceof AppError && error.status < 500)
        return renderError(c, error.status === 404 ? 404 : error.status === 403 ? 403 : 409, errorText(c, error), ctx);
      throw error;
    }
    return c.redirect(`${safeNext(backOf(c), '/home')}#review-${id}`, 303);
  });
};

/** The brand team's page: customer questions (team members with access to orders) and reviews waiting for a reply. */
export const brandReviewPages: RouteModule = (app, ctx) => {
  app.get('/brands/:username/reviews', async (c) => {
    const viewerId = viewerOf(c);
    if (!viewerId) return toLogin(c);
    const brand = await findBrand(ctx, c.req.param('username'));
    const role = brand ? await teamRole(ctx.db, brand.id, viewerId) : null;
    if (!brand || !role) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const may = (p: 'read' | 'orders' | 'post') => roleAllows(role, p);
    if (!may('read')) return renderError(c, 403, tOf(c)('error.forbidden'), ctx);
    const questionRows = may('orders') ? await listQuestions(ctx, viewerId, brand.id, { limit: 50 }) : null;
    const unansweredIds = (
      await queryRows<{ id: string }>(
        ctx.db,
        sql`select r.id from reviews r where r.brand_id = ${brand.id} and r.status = 'published'
            and not exists (select 1 from review_replies rr where rr.review_id = r.id) order by r.id desc limit 30`,
      )
    ).map((r) => r.id);
    const [questions, unanswered] = await Promise.all([
      questionRows
        ? hydrateReviews(
            ctx.db,
            questionRows.map((q) => q.id),
            viewerId,
          )
        : Promise.resolve(null),
      hydrateReviews(ctx.db, unansweredIds, viewerId),
    ]);
    const conversations = await questionLinks(ctx.db, brand, questionRows?.map((q) => q.id) ?? []);
    const v = viewOf(c);
    const name = brand.displayName || brand.username;
    return renderPage(c, {
      meta: { title: v.t('review.brand.title', { name }), noindex: true },
      body: (
        <BrandReviewsPage
          v={v}
          brand={{ username: brand.username, name }}
          questions={questions}
          conversations={conversations}
          unanswered={unanswered}
          viewerId={viewerId}
          replies={may('post')}
          linksFor={(authorId) => reviewerLinks.for({ brandUsername: brand.username, authorId, role })}
        />
      ),
    });
  });
};

/** The page a form was sent from (same site), without its fragment. */
function backOf(c: Ctx): string {
  const referer = c.req.header('referer');
  if (!referer) return '/home';
  try {
    const url = new URL(referer);
    return url.pathname + url.search;
  } catch {
    return '/home';
  }
}
