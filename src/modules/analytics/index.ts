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
