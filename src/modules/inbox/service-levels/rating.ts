/**
 * The customer's rating of a resolved conversation: 1 to 5 with an optional comment, once, by
 * the conversation's customer only (anyone else learns nothing: 404).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { conflict, notFound, unprocessable } from '../../../lib/errors';
import type { Clock } from '../../../lib/clock';
import { inboxConversations } from '../schema';

export const MAX_RATING_COMMENT = 2000;

type RatingContext = { db: Db; clock: Clock };

export type RatingView = {
  id: string;
  brandId: string;
  status: string;
  subject: string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
};

/** The conversation as its customer sees it for rating; 404 for anyone else. */
export async function conversationToRate(db: Db, conversationId: string, viewerId: string): Promise<RatingView> {
  if (!isUuid(conversationId)) throw notFound('Conversation');
  const [row] = await db
    .select({
      id: inboxConversations.id,
      brandId: inboxConversations.brandId,
      customerId: inboxConversations.customerId,
      status: inboxConversations.status,
      subject: inboxConversations.subject,
      rating: inboxConversations.rating,
      ratingComment: inboxConversations.ratingComment,
      ratedAt: inboxConversations.ratedAt,
    })
    .from(inboxConversations)
    .where(eq(inboxConversations.id, conversationId.toLowerCase()));
  if (!row || row.customerId !== viewerId) throw notFound('Conversation');
  const { customerId: _customer, ...view } = row;
  return view;
}

function ratingOf(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 5)
    throw unprocessable('invalid_rating', 'rating must be a whole number from 1 to 5', { field: 'rating' });
  return n;
}

function commentOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw unprocessable('invalid_param', 'comment must be text', { field: 'comment' });
  const text = value.trim();
  if ([...text].length > MAX_RATING_COMMENT)
    throw unprocessable('comment_too_long', `comment is limited to ${MAX_RATING_COMMENT} characters`, {
      field: 'comment',
    });
  return text === '' ? null : text;
}

export async function rateConversation(
  ctx: RatingContext,
  input: { conversationId: string; viewerId: string; rating: unknown; comment?: unknown },
): Promise<RatingView> {
  const conversation = await conversationToRate(ctx.db, input.conversationId, input.viewerId);
  const rating = ratingOf(input.rating);
  const comment = commentOf(input.comment);
  if (conversation.ratedAt) throw conflict('already_rated', 'This conversation is already rated');
  if (conversation.status !== 'resolved') throw conflict('not_resolved', 'Rate the conversation once it is resolved');
  const now = ctx.clock.now();
  // The condition holds the rule under concurrency: of two submissions, one finds it rated.
  const [updated] = await ctx.db
    .update(inboxConversations)
    .set({ rating, ratingComment: comment, ratedAt: now })
    .where(
      and(
        eq(inboxConversations.id, conversation.id),
        isNull(inboxConversations.ratedAt),
        eq(inboxConversations.status, 'resolved'),
      ),
    )
    .returning({ id: inboxConversations.id });
  if (!updated) throw conflict('already_rated', 'This conversation is already rated');
  return { ...conversation, rating, ratingComment: comment, ratedAt: now };
}
