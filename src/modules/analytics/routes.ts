// Analytics' routes, mounted by src/http/routes.ts: each part's JSON routes and pages. `taps` are
// middleware watching other modules' pages (the funnel's card opens, Buy clicks, signed-out
// views): they must be mounted before those pages, so http/routes.ts lists them before social.
import type { RouteModule } from '../../http/app';
import { funnelApi } from './funnel/api';
import { funnelPages } from './funnel/pages';
import { funnelTaps } from './funnel/web-taps';
import { ladderRoutes } from './ladder/routes';
import { roiRoutes } from './roi/routes';

export const routes: RouteModule[] = [...roiRoutes, ...ladderRoutes, funnelApi, funnelPages];
export const taps: RouteModule[] = [funnelTaps];
