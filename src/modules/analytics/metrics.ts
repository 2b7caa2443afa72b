/**
 * Every metric kept in analytics_counts, by subject kind, and the part of analytics that writes
 * it. Readers (the funnel pages, the Return on Involvement dashboard, the bench) use these names
 * only. A value is a count per Paris day, except revenue (minor units of the brand's currency)
 * and the *_sum / *_count pairs an average is read from.
 */
export const funnelMetrics = [
  'reached', // distinct viewers that day (timelines, the post's page), de-duplicated within the day only
  'likes',
  'reposts',
  'card_opens', // a product card opened from the post (product page or buy dialog)
  'buy_clicks', // Buy pressed (the checkout form shown)
  'checkouts', // orders placed (stock reserved), paid or not
  'orders', // orders paid
  'revenue', // paid orders' totals, minor units
] as const;
export type FunnelMetric = (typeof funnelMetrics)[number];

/** Subjects with a funnel: a shoppable post, a pop-up store, a campaign, an ambassador's link. */
export const funnelSubjects = ['status', 'popup', 'campaign', 'link'] as const;
export type FunnelSubject = (typeof funnelSubjects)[number];

/** Per brand (subject_kind 'brand', subject_id the brand's account): what the dashboard reads. */
export const brandMetrics = [
  // involvement
  'reach', // distinct viewers of the brand's posts and products that day
  'new_followers',
  // interaction (written by the interaction collector, ladder/)
  'likes',
  'replies',
  'reposts',
  'mentions',
  'check_ins',
  'topics',
  'reviews',
  // intimacy
  'sentiment_sum', // listening: sum of matched posts' sentiment scores (-1..1, ×1000)
  'sentiment_count',
  'rating_sum', // reviews: sum of ratings (1..5)
  'rating_count',
  // influence
  'revenue_ambassadors', // paid orders attributed to an ambassador
  'revenue_reposts', // paid orders whose source post reached the buyer through a repost
  'creators_reach', // reach of posts by the brand's creators (ladder's top rung) about the brand
  // social revenue, by source (their sum is the social revenue)
  'revenue_posts',
  'revenue_popups',
  'revenue_campaigns',
  'orders_social',
] as const;
export type BrandMetric = (typeof brandMetrics)[number];

export type SubjectKind = FunnelSubject | 'brand' | 'ambassador';
export type Metric = FunnelMetric | BrandMetric;
