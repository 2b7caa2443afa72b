import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createAppContext } from './boot';
import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { isEmpty, migrate } from './db/migrate';
import { createHttpApp } from './http/app';
import { routeModules } from './http/routes';
import { jobHandlers } from './jobs/handlers';
import { startWorker } from './jobs/queue';
import { startMaintenance } from './jobs/maintenance';
import { attachStreamingSockets } from './modules/social';

const config = loadConfig();

const started = Date.now();
const database = await openDatabase(config);
await migrate(database);
const ctx = await createAppContext(config, database);
const { log } = ctx;
if (config.demo && (await isEmpty(database))) {
  const { buildDemoWorld, printDemoLogins } = await import('./cli/demo-world');
  log.info('Empty database: building the French demo world (set COMPTOIR_DEMO=0 to skip)');
  const world = await buildDemoWorld(ctx, {});
  printDemoLogins(world);
}
const worker = await startWorker(database, jobHandlers(ctx));
const maintenance = startMaintenance(database);
const app = createHttpApp(ctx, routeModules, (error) => log.error({ err: error }, 'unhandled error'));

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const where = config.databaseUrl ? 'PostgreSQL server' : `embedded database in ${config.dataDir}`;
  console.log(
    `\nComptoir is running at ${config.publicUrl} (port ${info.port}, ${where}, ready in ${Date.now() - started} ms)\n`,
  );
});
// Mastodon clients' live updates: WebSocket upgrades on /api/v1/streaming (the SSE streams are plain routes).
const sockets = attachStreamingSockets(server as Server, ctx);

async function shutdown() {
  sockets.close();
  server.close();
  await worker.stop().catch(() => {});
  maintenance.stop();
  await ctx.events.close().catch(() => {});
  await database.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
