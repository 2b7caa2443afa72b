import type { RouteModule } from '../../http/app';
import { accountApiRoutes } from './api-accounts';
import { brandApiRoutes } from './api-brands';
import { oauthApiRoutes } from './api-oauth';
import { oauthWebRoutes } from './oauth-web';

/** The accounts module's JSON routes (Mastodon-compatible accounts and OAuth, our brands API). */
export const apiRoutes: RouteModule[] = [oauthApiRoutes, oauthWebRoutes, accountApiRoutes, brandApiRoutes];
