/**
 * Moderation pages: the console (a brand's queue, the platform's), decisions from its forms,
 * the policy page, the audit log, the report form ("Signaler") and the author's/reporter's page
 * with appeals. Forms carry the CSRF token; services check who may do what.
 */
import type { RouteModule } from '../../http/app';
import { consoleRoutes } from './web-console';
import { webKit } from './web-kit';
import { policyAndAuditRoutes } from './web-policy-audit';
import { reportRoutes } from './web-reports';

export { reasonLabel } from './views/console';

/** The route groups, registered in this order. */
export const webRoutes: RouteModule = (app, ctx) => {
  const kit = webKit(ctx);
  consoleRoutes(app, ctx, kit);
  policyAndAuditRoutes(app, ctx, kit);
  reportRoutes(app, ctx, kit);
};
