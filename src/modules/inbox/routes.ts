import type { RouteModule } from '../../http/app';
import { customerRoutes } from './customers/routes';

/** The inbox module's HTTP routes (one spread per part), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...customerRoutes];
