import type { RouteModule } from '../../http/app';
import { routes as presales } from './presales/routes';

/** The campaigns module's HTTP routes (one spread per part), registered by src/http/routes.ts. */
export const routes: RouteModule[] = [...presales];
