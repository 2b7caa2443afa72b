/** The customer's file as JSON (api-contracts.ts's CustomerFile), with absolute links. */
import type { z } from 'zod';
import { mediaUrl, type UrlContext } from '../../accounts';
import { statusUrl } from '../../social';
import type { CustomerFileBody, Note } from './api-contracts';
import type { CustomerFile } from './file';
import type { CustomerNote } from './notes';
import { brandOrderUrl, inboxPageUrl } from '../urls';

const iso = (d: Date) => d.toISOString();

export function presentNote(
  note: CustomerNote & { author?: { id: string; username: string; displayName: string } | null },
  viewerId: string,
): z.input<typeof Note> {
  return {
    id: note.id,
    text: note.text,
    author: note.author
      ? { id: note.author.id, username: note.author.username, display_name: note.author.displayName }
      : null,
    created_at: iso(note.createdAt),
    updated_at: note.updatedAt ? iso(note.updatedAt) : null,
    editable: note.authorId === viewerId,
  };
}

export function presentFile(
  ctx: UrlContext,
  f: CustomerFile,
  brandUsername: string,
  viewerId: string,
): z.input<typeof CustomerFileBody> {
  const page = <T, U>(s: { count: number; items: T[]; nextMaxId: string | null }, map: (item: T) => U) => ({
    count: s.count,
    items: s.items.map(map),
    next_max_id: s.nextMaxId,
  });
  const site = (path: string) => `${ctx.publicUrl}${path}`;
  return {
    brand_id: f.brandId,
    account: {
      id: f.customer.id,
      username: f.customer.username,
      display_name: f.customer.displayName,
      avatar: f.customer.avatarPath ? mediaUrl(ctx, f.customer.avatarPath) : null,
      url: site(`/@${f.customer.username}`),
      member_since: iso(f.customer.createdAt),
    },
    followed_at: f.followedAt ? iso(f.followedAt) : null,
    engagement: f.engagement,
    orders: {
      ...page(f.orders, (o) => ({
        id: o.id,
        status: o.status,
        currency: o.currency,
        total: o.total,
        refunded: o.refunded,
        created_at: iso(o.createdAt),
        url: site(brandOrderUrl(brandUsername, o.id)),
      })),
      paid_count: f.spending.paidOrders,
      total_spent: f.spending.totals,
    },
    returns: page(f.returns, (r) => ({
      id: r.id,
      order_id: r.orderId,
      kind: r.kind,
      status: r.status,
      reason: r.reason,
      created_at: iso(r.createdAt),
    })),
    reviews: {
      ...page(f.reviews, (r) => ({
        id: r.id,
        product_id: r.productId,
        product_title: r.productTitle,
        rating: r.rating,
        title: r.title,
        body: r.body,
        status: r.status,
        verified: r.verified,
        created_at: iso(r.createdAt),
      })),
      published_count: f.reviews.published,
      average_rating: f.reviews.average,
    },
    conversations: page(f.conversations, (c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      kind: c.kind,
      subject: c.subject,
      last_message_at: iso(c.lastMessageAt),
      url: site(inboxPageUrl(brandUsername, c.id)),
    })),
    posts: page(f.posts, (p) => ({
      id: p.id,
      text: p.text,
      visibility: p.visibility,
      reply: p.reply,
      created_at: iso(p.createdAt),
      url: statusUrl(ctx, f.customer, p.id),
    })),
    checkins: page(f.checkins, (c) => ({
      id: c.id,
      place_id: c.placeId,
      place_name: c.placeName,
      created_at: iso(c.createdAt),
    })),
    labels: f.labels,
    notes: { items: f.notes.items.map((n) => presentNote(n, viewerId)), next_max_id: f.nextNotesMaxId },
  };
}
