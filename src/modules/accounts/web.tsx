import type { RouteModule } from '../../http/app';
import { authPages } from './web-auth';
import { brandPages } from './web-brands';
import { settingsPages } from './web-settings';

/**
 * The accounts pages. The first entry puts the app context on every request so any module's
 * pages can call renderPage(c, …) without passing it (it must stay ahead of other page modules).
 */
export const webRoutes: RouteModule[] = [authPages, settingsPages, brandPages];
