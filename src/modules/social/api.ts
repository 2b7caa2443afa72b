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
 * polls, streaming), mounted on the Mastodon sub-app. Mastodon documents these routes; they stay out of our
 * OpenAPI document.
 */
export const apiRoutes: RouteModule[] = [statusRoutes, timelineRoutes, listRoutes, accountRoutes, notificationRoutes, mediaRoutes, streamingRoutes];
