import type { RouteModule } from '../../http/app';
import { contestRoutes } from './contests/routes';
import { routes as editionRoutes } from './editions/pages';
import { popupRoutes } from './popups/routes';
import { routes as presaleRoutes } from './presales/routes';
import { salesRoutes } from './sales/routes';
import { campaignSection } from './web-section';

/** The campaigns module's HTTP routes (one spread per part), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [
  campaignSection,
  ...popupRoutes,
  ...salesRoutes,
  ...editionRoutes,
  ...presaleRoutes,
  ...contestRoutes,
];
