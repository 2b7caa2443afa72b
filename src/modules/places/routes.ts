import type { RouteModule } from '../../http/app';
import { placesApi } from './api';
import { placesFunApi } from './api-fun';

/** The places module's HTTP routes, registered by src/http/routes.ts. */
export const routes: RouteModule[] = [placesApi, placesFunApi];
