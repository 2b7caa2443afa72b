/**
 * Health checks for load balancers and orchestrators: `/health` says the process answers (it
 * touches nothing else), `/health/ready` that it can also reach its database (503 when not).
 */
import { sql } from 'drizzle-orm';
import type { RouteModule } from './app';

export const healthRoutes: RouteModule = (app, ctx) => {
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/health/ready', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await ctx.db.execute(sql`select 1`);
      return c.json({ status: 'ok', database: 'ok' });
    } catch {
      return c.json({ status: 'unavailable', database: 'unreachable' }, 503);
    }
  });
};
