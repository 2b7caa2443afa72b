/**
 * The customer's engagement level with one brand: a small ladder computed from what the file
 * already counts (docs/inbox-customers.md). Each step includes the ones below it in spirit, but
 * the level is simply the highest step reached:
 *   none -> follower -> participant (commented, reviewed, checked in or wrote to the brand)
 *   -> buyer (one paid order) -> repeat_buyer (two or more) -> advocate (a buyer who recommends
 *   the brand in public: a published review rated 4 or 5). A mention alone does not make an
 *   advocate: it may be a complaint.
 * Kept to one pure function on purpose: a finer ladder (Forrester's) can replace it later.
 */
export const engagementLevels = ['none', 'follower', 'participant', 'buyer', 'repeat_buyer', 'advocate'] as const;
export type EngagementLevel = (typeof engagementLevels)[number];

export type EngagementFacts = {
  follows: boolean;
  paidOrders: number;
  reviews: number;
  /** Published reviews rated 4 or 5. */
  goodReviews: number;
  posts: number;
  conversations: number;
  checkins: number;
};

export function engagementLevel(f: EngagementFacts): EngagementLevel {
  if (f.paidOrders >= 1 && f.goodReviews > 0) return 'advocate';
  if (f.paidOrders >= 2) return 'repeat_buyer';
  if (f.paidOrders === 1) return 'buyer';
  if (f.reviews + f.posts + f.conversations + f.checkins > 0) return 'participant';
  return f.follows ? 'follower' : 'none';
}
