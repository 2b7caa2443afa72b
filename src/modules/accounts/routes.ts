import type { RouteModule } from '../../http/app';
import { apiRoutes } from './api';
import { webRoutes } from './web';
// The Mastodon routes' entries in the OpenAPI document.
import './openapi';

/** The accounts module's HTTP routes (API and pages), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...apiRoutes, ...webRoutes];
