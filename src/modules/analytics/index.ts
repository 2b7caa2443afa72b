// Analytics' public face: what a brand's involvement returns (funnels, the engagement ladder,
// Return on Involvement). Named exports only; tables are reached through src/db/schema.ts.
export { bumpCounts, readCounts, type CountBump } from './counts';
export {
  brandMetrics,
  funnelMetrics,
  funnelSubjects,
  type BrandMetric,
  type FunnelMetric,
  type FunnelSubject,
  type Metric,
  type SubjectKind,
} from './metrics';
// Funnels (funnel/): reach, taps and orders counted per post, pop-up, campaign and ambassador link.
export {
  funnelCheckoutGate,
  funnelOrderPaid,
  funnelProductPage,
  funnelReachExtension,
  funnelRefunds,
  useFunnelClock,
} from './funnel/hooks';
export { flushFunnel, purgeReach, recordTaps, recordViews, stopFunnel, type Tap, type View } from './funnel/reach';
export { funnelOf, type Funnel } from './funnel/read';
export { countCheckouts, countPaid, countRefund } from './funnel/orders';
export { runReachPurge, scheduleReachPurge } from './funnel/purge';
