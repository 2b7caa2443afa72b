// Public face of watches: saved queries of a brand, their matches, feeds, alerts, dashboards,
// crisis detection, and the propagation of a post.
export {
  createWatch,
  getWatch,
  listWatches,
  updateWatch,
  deleteWatch,
  rotateToken,
  feedUrls,
  feedToken,
  listMatches,
  presentWatch,
  presentMatch,
  MANAGE_ROLES,
  type WatchesContext,
} from './watches';
export { matchStatuses, matchReviews, scanReviews, scheduleReviewScan, runReviewScan, watchMatcher } from './matcher';
// Items read from outside sources: matched by the `watches.reviews` scan (or at once, by id, after a fetch).
export { matchOutsideItems, scanOutsideItems, OUTSIDE_CURSOR_KEY } from './outside-items';
export { deliverAlert, runHourly, runDigests, runCrisisChecks, scheduleHourly, type AlertsContext } from './alerts';
export {
  detectSpike,
  nextCrisisState,
  alertsOverSeries,
  baselineOf,
  DEFAULT_SPIKE,
  type SpikeOptions,
  type SpikeVerdict,
} from './spikes';
export { recentAlerts } from './counts';
export { watchStats, shareOfVoice, countWords } from './stats';
export { propagationOf, presentPropagation } from './propagation';
export { watchFeed } from './feeds';
