import type { RouteModule } from '../../http/app';
import { accountApiRoutes } from './api-accounts';
import { brandApiRoutes } from './api-brands';
import { oauthApiRoutes } from './api-oauth';
import { oauthWebRoutes } from './oauth-web';

/** The accounts module's own routes: the OAuth authorize page and our brands API. */
export const apiRoutes: RouteModule[] = [oauthWebRoutes, brandApiRoutes];
/** Mastodon-compatible accounts, apps and OAuth token endpoints (the Mastodon sub-app). */
export const mastodonApiRoutes: RouteModule[] = [oauthApiRoutes, accountApiRoutes];
