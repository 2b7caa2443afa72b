/**
 * `GET /metrics` in Prometheus' text format, for the operator's scraper only: on the app's own
 * port behind a bearer token (COMPTOIR_METRICS_TOKEN), and/or on a listener of its own at a
 * private address without one (COMPTOIR_METRICS_ADDRESS). With neither, nothing serves it (404).
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { AppContext } from '../context';
import { jobBacklog } from '../jobs/backlog';
import { safeEqual, sha256 } from '../lib/crypto';
import { metricsText, registry, setJobBacklog, setReplicaStatus, startProcessMetrics } from '../lib/metrics';
import type { AppEnv } from './types';

async function answer(c: Context, ctx: Pick<AppContext, 'db' | 'log' | 'replica'>): Promise<Response> {
  if (ctx.replica) setReplicaStatus(ctx.replica.status());
  try {
    setJobBacklog(await jobBacklog(ctx.db));
  } catch (error) {
    // The database down is what an operator wants to see the rest of the metrics for.
    ctx.log.warn({ err: error }, 'metrics: job backlog not read');
  }
  c.header('Cache-Control', 'no-store');
  return c.body(await metricsText(), 200, { 'Content-Type': registry.contentType });
}

/** The route on the app's port, before identify(): the metrics token is no OAuth token. */
export function mountMetrics(app: Hono<AppEnv>, ctx: AppContext): void {
  const token = ctx.config.metricsToken;
  if (!token) return;
  startProcessMetrics();
  const expected = sha256(token);
  app.get('/metrics', (c) => {
    const given = /^bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
    // Hashes of equal length: the comparison's time says nothing of the token, not even its length.
    if (!safeEqual(sha256(given), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.json({ error: { code: 'unauthorized', message: 'The metrics token is missing or wrong' } }, 401);
    }
    return answer(c, ctx);
  });
}

/** The separate listener (COMPTOIR_METRICS_ADDRESS), or null when none is set. */
export async function startMetricsServer(ctx: AppContext): Promise<{ close(): void } | null> {
  const address = ctx.config.metricsAddress;
  if (!address) return null;
  startProcessMetrics();
  const app = new Hono();
  app.get('/metrics', (c) => answer(c, ctx));
  const server = serve({ fetch: app.fetch, port: address.port, hostname: address.host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  ctx.log.info({ address: `${address.host}:${address.port}` }, 'metrics served at /metrics');
  return {
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}
