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
// The engagement ladder (ladder/): its rules, the interaction collector, the snapshots and reads.
export {
  COLLECT_EVERY_MS,
  collectInteractions,
  runLadderCollector,
  scheduleLadderCollector,
} from './ladder/collector';
export { backfillLadder, coldLadder, rebuildPeople } from './ladder/cold';
export { interactionKinds, rungOf, rungs, standardPeriods, type InteractionKind, type Rung } from './ladder/rules';
export { creatorsAmong, markSpectators, peopleOnRung } from './ladder/service';
export {
  ladderCounts,
  ladderSeries,
  refreshDirtyBrands,
  type LadderCounts,
  type LadderPoint,
} from './ladder/snapshot';
// Return on Involvement (roi/): the dashboard's series, its access check, the sentiment collector.
export {
  roiSeries,
  parsePeriod,
  parseInterval,
  type RoiSeries,
  type RoiFigures,
  type RoiBucket,
} from './roi/series';
export { roiForViewer, assertAnalyticsReader } from './roi/access';
export { audienceSeries } from './roi/audience';
export { collectSentiment, runSentimentScan, scheduleSentimentScan } from './roi/sentiment';
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
