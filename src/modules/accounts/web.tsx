import type { RouteModule } from '../../http/app';
import { providePageContext } from '../../web/page';
import { authPages } from './web-auth';
import { brandPages } from './web-brands';
import { settingsPages } from './web-settings';

/**
 * The accounts pages. The first entry puts the app context on every request so any module's
 * pages can call renderPage(c, …) without passing it (it must stay ahead of other page modules).
 */
export const webRoutes: RouteModule[] = [(app, ctx) => providePageContext(app, ctx), authPages, settingsPages, brandPages];
