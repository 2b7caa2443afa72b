import type { RouteModule } from '../../http/app';
import { liveRoutes } from './live';
import { composePages } from './web-compose';
import { listPages } from './web-lists';
import { notificationPages } from './web-notifications';
import { profilePages } from './web-profile';
import { statusPages } from './web-status';
import { timelinePages } from './web-timelines';

/**
 * The social pages: timelines, posts and threads, profiles, notifications, the composer and the
 * actions on posts and accounts, and the /live stream they listen to.
 */
export const webRoutes: RouteModule[] = [
  composePages,
  timelinePages,
  listPages,
  statusPages,
  profilePages,
  notificationPages,
  liveRoutes,
];
