/**
 * The engagement ladder's rules (Forrester's Social Technographics), in one place; the same words
 * are in docs/analytics.md. Everything else (the collector, the snapshots, the cold computation)
 * is built from these tables.
 *
 * The audience of a brand over a period = its followers plus anyone who interacted with it in
 * the period. Each person stands on the HIGHEST rung reached in the period:
 *
 *   rung               reached in the period by
 *   creators           an original post about the brand (not a reply) mentioning it, quoting it or
 *                      carrying its product; a review with text; a review or check-in with photos;
 *                      a tip at its place; a topic in its space
 *   conversationalists at least 2 conversations: replies to its posts, replies mentioning it,
 *                      product questions, replies in its spaces
 *   critics            a rating without text; exactly 1 conversation; an answer to a product
 *                      question; a repost of its post; a check-in at its place (without photo)
 *   collectors         a like or a bookmark of its post; a pop-up subscription (feeds where known)
 *   joiners            a follow made in the period; joining one of its spaces
 *   spectators         views and clicks only (its posts or products seen, an ambassador link followed)
 *   inactives          followers with none of the above in the period
 */

export const rungs = [
  'creators',
  'conversationalists',
  'critics',
  'collectors',
  'joiners',
  'spectators',
  'inactives',
] as const;
export type Rung = (typeof rungs)[number];

/** A conversation counts towards conversationalists (2 or more) or critics (exactly 1). */
export const CONVERSATIONS_FOR_CONVERSATIONALIST = 2;

/** Every kind of interaction the collector records, and what it counts towards. */
export const interactionKinds = {
  post: 'creators', // original post mentioning, quoting or carrying a product of the brand
  review: 'creators', // review with text
  review_photo: 'creators', // review with photos
  check_in_photo: 'creators', // check-in shared as a post with photos
  tip: 'creators', // tip at one of the brand's places
  topic: 'creators', // topic in one of the brand's spaces
  reply: 'conversation', // reply to one of the brand's posts
  mention: 'conversation', // reply mentioning the brand (to someone else's post)
  question: 'conversation', // question on one of its products
  space_reply: 'conversation', // reply in one of its spaces
  rating: 'critics', // rating without text
  answer: 'critics', // answer to a question on its product (not the team's)
  repost: 'critics', // repost of its post: passed on, without words of one's own
  check_in: 'critics', // check-in at its place, without photo
  like: 'collectors', // "votes" in Forrester's words
  bookmark: 'collectors',
  subscription: 'collectors', // asked to be told when a pop-up opens
  follow: 'joiners',
  space_join: 'joiners',
} as const satisfies Record<string, Rung | 'conversation'>;
export type InteractionKind = keyof typeof interactionKinds;

/** Standard periods: a daily snapshot is kept for each (the API accepts any from 7 to 365 days). */
export const standardPeriods = [7, 30, 90, 365] as const;
export const MIN_PERIOD_DAYS = 7;
export const MAX_PERIOD_DAYS = 365;

/** The kinds that reach one target (a rung, or 'conversation'). */
export function kindsOf(target: Rung | 'conversation'): InteractionKind[] {
  return (Object.keys(interactionKinds) as InteractionKind[]).filter((k) => interactionKinds[k] === target);
}

/**
 * A person's latest dates (from the rollup) -> their rung for a period starting at `start`, or
 * null when they are not in the audience. The SQL forms (snapshot.ts) follow this order.
 */
export function rungOf(
  p: {
    follower: boolean;
    creatorAt?: Date | null;
    convLastAt?: Date | null;
    convPrevAt?: Date | null;
    criticAt?: Date | null;
    collectorAt?: Date | null;
    joinerAt?: Date | null;
    spectatorAt?: Date | null;
  },
  start: Date,
): Rung | null {
  const within = (d: Date | null | undefined) => !!d && d.getTime() >= start.getTime();
  if (within(p.creatorAt)) return 'creators';
  if (within(p.convPrevAt)) return 'conversationalists';
  if (within(p.criticAt) || within(p.convLastAt)) return 'critics';
  if (within(p.collectorAt)) return 'collectors';
  if (within(p.joinerAt)) return 'joiners';
  if (within(p.spectatorAt)) return 'spectators';
  return p.follower ? 'inactives' : null;
}

/**
 * What each kind adds to the brand's daily metrics (analytics_counts, metrics.ts). A review also
 * adds its rating to rating_sum and 1 to rating_count.
 */
export const kindMetric: Partial<
  Record<
    InteractionKind,
    'likes' | 'replies' | 'reposts' | 'mentions' | 'check_ins' | 'topics' | 'reviews' | 'new_followers'
  >
> = {
  like: 'likes',
  reply: 'replies',
  space_reply: 'replies',
  repost: 'reposts',
  post: 'mentions',
  mention: 'mentions',
  check_in: 'check_ins',
  check_in_photo: 'check_ins',
  topic: 'topics',
  review: 'reviews',
  review_photo: 'reviews',
  rating: 'reviews',
  follow: 'new_followers',
};
