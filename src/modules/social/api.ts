import type { RouteModule } from '../../http/app';
import { accountRoutes } from './api-accounts';
import { listRoutes } from './api-lists';
import { mediaRoutes } from './api-media';
import { notificationRoutes } from './api-notifications';
import { statusRoutes } from './api-statuses';
import { timelineRoutes } from './api-timelines';
import { streamingRoutes } from './streaming';

/**
 * The social module's Mastodon client API (statuses, timelines, the graph, notifications, media,
 * polls, streaming), mounted on the Mastodon sub-app; described in the OpenAPI document by openapi.ts.
 */
export const apiRoutes: RouteModule[] = [
  statusRoutes,
  timelineRoutes,
  listRoutes,
  accountRoutes,
  notificationRoutes,
  mediaRoutes,
  streamingRoutes,
];
