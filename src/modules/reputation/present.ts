/** Reviews as JSON for our API. Moderation details go only to those who may see them. */
import { mediaUrl, type UrlContext } from '../accounts';
import type { RatingSummary } from './aggregate';
import type { HydratedReview, Person } from './listing';
import type { ReplyRow } from './service';

export type Audience = { viewerId: string | null; team: boolean };

const person = (ctx: UrlContext, p: Person | null) =>
  p
    ? {
        id: p.id,
        username: p.username,
        display_name: p.display_name || p.username,
        avatar: p.avatar_path ? mediaUrl(ctx, p.avatar_path) : `${ctx.publicUrl}/static/avatar.svg`,
      }
    : null;

export const reviewUrl = (ctx: UrlContext, r: Pick<HydratedReview, 'id' | 'product_id' | 'product'>) =>
  r.product ? `${ctx.publicUrl}/@${r.product.brand_username}/products/${r.product_id}#review-${r.id}` : null;

export function presentReply(ctx: UrlContext, reply: (ReplyRow & { brand?: Person | null }) | null) {
  if (!reply) return null;
  return {
    body: reply.body,
    created_at: new Date(reply.created_at).toISOString(),
    brand: person(ctx, reply.brand ?? null),
  };
}

export function presentReview(ctx: UrlContext, r: HydratedReview, audience: Audience) {
  const author = audience.viewerId !== null && audience.viewerId === r.author_id;
  return {
    id: r.id,
    product_id: r.product_id,
    url: reviewUrl(ctx, r),
    rating: r.rating,
    title: r.title,
    body: r.body,
    experienced_on: r.experienced_on,
    language: r.language,
    verified: r.verified,
    status: r.status,
    published_at: r.published_at ? r.published_at.toISOString() : null,
    created_at: r.created_at.toISOString(),
    helpful_count: r.helpful_count,
    helpful: r.votedHelpful,
    author: person(ctx, r.author),
    photos: r.photos.map((p) => ({
      url: mediaUrl(ctx, p.path),
      preview_url: mediaUrl(ctx, p.preview_path),
      width: p.width,
      height: p.height,
      alt: p.alt,
    })),
    reply: presentReply(ctx, r.reply),
    ...(author || audience.team
      ? {
          order_id: r.order_id,
          rejection:
            r.status === 'rejected' ? { reason: r.rejection_reason, editable: r.rejection_editable === true } : null,
        }
      : {}),
    ...(audience.team
      ? { flags: r.flags.map((f) => ({ code: f.code, confidence: f.confidence, reason: f.reason })) }
      : {}),
  };
}

export function presentSummary(productId: string, s: RatingSummary, policy: { mode: string; maxDelayHours: number }) {
  return {
    product_id: productId,
    count: s.count,
    average: s.average,
    distribution: s.distribution,
    method:
      'Arithmetic mean of the ratings of every published review of this product, each with the same weight, since the first review; no review is weighted, selected or paid for.',
    moderation: { mode: policy.mode, max_delay_hours: policy.maxDelayHours },
  };
}
