/**
 * Health checks for load balancers and orchestrators: `/health` says the process answers (it
 * touches nothing else), `/health/ready` that it can also reach its database (503 when not).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RouteModule } from './app';
import { json, mount, route } from './contract';

const tags = ['Health'];
const Ready = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['ok', 'unreachable']) });

const alive = route({
  method: 'get',
  path: '/health',
  tags,
  summary: 'The process answers',
  responses: { 200: json(z.object({ status: z.literal('ok') }), 'Always `{"status": "ok"}`') },
});
const ready = route({
  method: 'get',
  path: '/health/ready',
  tags,
  summary: 'The process answers and reaches its database',
  responses: { 200: json(Ready, 'Ready'), 503: json(Ready, 'The database is unreachable') },
});

export const healthRoutes: RouteModule = (app, ctx) => {
  mount(app, alive, (c) => c.json({ status: 'ok' as const }, 200));
  mount(app, ready, async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await ctx.db.execute(sql`select 1`);
      return c.json({ status: 'ok' as const, database: 'ok' as const }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const, database: 'unreachable' as const }, 503);
    }
  });
};
