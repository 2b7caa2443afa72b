import type { RouteTable } from './app';
import * as accounts from '../modules/accounts/routes';
import * as ambassadors from '../modules/ambassadors/routes';
import * as analytics from '../modules/analytics/routes';
import * as campaigns from '../modules/campaigns/routes';
import * as commerce from '../modules/commerce/routes';
import * as federation from '../modules/federation/routes';
import * as inbox from '../modules/inbox/routes';
import * as community from '../modules/community/routes';
import * as embeds from '../modules/embeds/routes';
import * as moderation from '../modules/moderation/routes';
import * as places from '../modules/places/routes';
import * as privacy from '../modules/privacy/routes';
import * as listening from '../modules/listening/routes';
import * as reputation from '../modules/reputation/routes';
import * as social from '../modules/social/routes';
import { backofficeRoutes } from '../web/backoffice-pages';
import { staticRoutes } from '../web/static';
import { healthRoutes } from './health';
import { instanceRoutes } from './instance';
import { openApiRoutes } from './openapi-routes';

/** Every module's routes, by family (Mastodon's client API, ours), in the order they are matched. */
export const routeModules: RouteTable = {
  mastodon: [
    ...accounts.mastodonRoutes,
    instanceRoutes,
    ...social.mastodonRoutes,
    ...moderation.mastodonRoutes,
    ...listening.mastodonRoutes,
    ...federation.mastodonRoutes,
  ],
  ours: [
    // ActivityPub requests (WebFinger, actors, inboxes, `/@name` asked for as activity+json): before any page.
    ...federation.routes,
    healthRoutes,
    staticRoutes,
    ...accounts.routes,
    openApiRoutes,
    // Middleware that watches other modules' pages (the funnel's taps): before those pages.
    ...analytics.taps,
    ...social.routes,
    ...commerce.routes,
    ...reputation.routes,
    ...moderation.routes,
    ...listening.routes,
    ...campaigns.routes,
    ...places.routes,
    ...inbox.routes,
    ...community.routes,
    ...embeds.routes,
    ...ambassadors.routes,
    ...privacy.routes,
    ...analytics.routes,
    backofficeRoutes,
  ],
};
