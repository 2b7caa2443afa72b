/**
 * The customer's file (social CRM): what one customer did with one brand, for that brand's team.
 * Every section is read by (brand, customer) (sections.ts), so nothing about another brand nor
 * anything private reaches it; anyone but the brand's team (inbox.answer) gets a 404.
 */
import type { DbOrTx } from '../../../db/client';
import { getAccount, type Account } from '../../accounts';
import { engagementLevel, type EngagementLevel } from './engagement';
import { assertCustomerAccess, customerLabels, customerNotes, type CustomerNote } from './notes';
import {
  checkinsSection,
  conversationsSection,
  followedSince,
  ordersSection,
  postsSection,
  returnsSection,
  reviewsSection,
  spending,
  type FileCheckin,
  type FileConversation,
  type FileOrder,
  type FilePost,
  type FileReturn,
  type FileReview,
  type Paging,
  type Section,
  type Spending,
} from './sections';

export const fileSections = ['orders', 'returns', 'reviews', 'conversations', 'posts', 'checkins', 'notes'] as const;
export type FileSection = (typeof fileSections)[number];

export const DEFAULT_ITEMS = 5;
export const MAX_ITEMS = 50;

export type FileOptions = {
  /** Items per section (DEFAULT_ITEMS unless told). */
  limit?: number;
  /** The next page of one section: its items older than `maxId`. */
  section?: FileSection;
  maxId?: string | null;
};

export type CustomerFile = {
  brandId: string;
  customer: Pick<Account, 'id' | 'username' | 'displayName' | 'avatarPath' | 'createdAt' | 'kind'>;
  followedAt: Date | null;
  engagement: EngagementLevel;
  spending: Spending;
  orders: Section<FileOrder>;
  returns: Section<FileReturn>;
  reviews: Section<FileReview> & { published: number; average: number | null };
  conversations: Section<FileConversation>;
  posts: Section<FilePost>;
  checkins: Section<FileCheckin>;
  labels: string[];
  notes: { items: (CustomerNote & { author: { id: string; username: string; displayName: string } | null })[] };
  nextNotesMaxId: string | null;
};

/** The file of `accountId` for `brandId`, as `viewerId` (on the brand's team) may read it. */
export async function customerFile(
  db: DbOrTx,
  input: { brandId: string; accountId: string; viewerId: string },
  options: FileOptions = {},
): Promise<CustomerFile> {
  const k = { brandId: input.brandId, accountId: input.accountId };
  await assertCustomerAccess(db, { ...k, viewerId: input.viewerId });
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_ITEMS, 1), MAX_ITEMS);
  const paging = (s: FileSection): Paging => ({
    limit,
    maxId: options.section === s ? (options.maxId ?? null) : null,
  });
  const [customer, followedAt, spent, orders, returns, reviews, conversations, posts, checkins, labels, notes] =
    await Promise.all([
      getAccount({ db }, k.accountId),
      followedSince(db, k),
      spending(db, k),
      ordersSection(db, k, paging('orders')),
      returnsSection(db, k, paging('returns')),
      reviewsSection(db, k, paging('reviews')),
      conversationsSection(db, k, paging('conversations')),
      postsSection(db, k, paging('posts')),
      checkinsSection(db, k, paging('checkins')),
      customerLabels(db, k.brandId, k.accountId),
      customerNotes(db, k.brandId, k.accountId, { ...paging('notes'), limit: limit + 1 }),
    ]);
  const engagement = engagementLevel({
    follows: followedAt !== null,
    paidOrders: spent.paidOrders,
    reviews: reviews.count,
    goodReviews: reviews.tally.good ?? 0,
    posts: posts.count,
    conversations: conversations.count,
    checkins: checkins.count,
  });
  const shownNotes = notes.slice(0, limit);
  const authorIds = [...new Set(shownNotes.map((n) => n.authorId).filter((id): id is string => id !== null))];
  const authors = new Map(
    (await Promise.all(authorIds.map((id) => getAccount({ db }, id).catch(() => null))))
      .filter((a): a is Account => a !== null)
      .map((a) => [a.id, { id: a.id, username: a.username, displayName: a.displayName }]),
  );
  return {
    brandId: k.brandId,
    customer: {
      id: customer.id,
      username: customer.username,
      displayName: customer.displayName,
      avatarPath: customer.avatarPath,
      createdAt: customer.createdAt,
      kind: customer.kind,
    },
    followedAt,
    engagement,
    spending: spent,
    orders,
    returns,
    reviews: {
      ...reviews,
      published: reviews.tally.published ?? 0,
      average: reviews.tally.average == null ? null : Math.round(reviews.tally.average * 10) / 10,
    },
    conversations,
    posts,
    checkins,
    labels,
    notes: { items: shownNotes.map((n) => ({ ...n, author: n.authorId ? (authors.get(n.authorId) ?? null) : null })) },
    nextNotesMaxId: notes.length > limit ? shownNotes.at(-1)!.id : null,
  };
}
