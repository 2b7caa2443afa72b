import type { RouteModule } from '../../http/app';
import { placesApi } from './api';
import { placesFunApi } from './api-fun';
import { brandPlacePages } from './web-brand';
import { leafletRoutes } from './web-leaflet';
import { placePages } from './web';

/** The places module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [placesApi, placesFunApi, leafletRoutes, placePages, brandPlacePages];
