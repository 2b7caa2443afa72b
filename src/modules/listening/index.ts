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
// Outside sources: the scheduled fetch of a feed and the tick that queues due ones (sources/).
export { discoverFeed } from './sources/discover';
export { fetchSource, type FetchOutcome } from './sources/fetch';
export { queueDueSources, runSourcesTick, scheduleSourcesTick } from './sources/schedule';
// A brand's sources added without discovery (the demo world's feeds, served by the app itself).
export { DEMO_FEEDS, queueDemoFeeds } from './sources/web-demo-feeds';
export { listenToFeeds } from './sources/opml';
