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
