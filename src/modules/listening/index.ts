// The listening module's public face: search (search/) and watches, alerts, dashboards (watches/).
// Named exports only; tables are reached through src/db/schema.ts.
export {
  MAX_QUERY_LENGTH,
  parseQuery,
  queryCondition,
  searchSections,
  type ParsedQuery,
  type SearchSection,
  type SectionHit,
} from './search';
export {
  createWatch,
  deliverAlert,
  matchOutsideItems,
  matchStatuses,
  OUTSIDE_CURSOR_KEY,
  recentAlerts,
  runHourly,
  runReviewScan,
  scanOutsideItems,
  scheduleHourly,
  scheduleReviewScan,
  updateWatch,
  watchMatcher,
} from './watches';
// The dashboard's server-drawn line chart, reused by other brand dashboards (places).
export { LineChart, type Line } from './watches/views/charts';
