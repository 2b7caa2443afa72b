import type { RouteModule } from '../../../http/app';
import { spacesApi } from './api';
import { spaceFeedRoutes } from './web-feeds';
import { spacePages } from './web';
import { spaceBackofficePages } from './web-backoffice';

/** The spaces' HTTP routes, registered by src/http/routes.ts through the community module's routes. */
export const routes: RouteModule[] = [spacesApi, spaceFeedRoutes, spacePages, spaceBackofficePages];
