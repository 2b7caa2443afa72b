import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { buildDemoInChild, DEMO_CHILD_ENV, runDemoChild } from './cli/demo-child';
import { loadConfig } from './config';
import { logUnhandled } from './lib/log';
import { buildingGate, type Building } from './http/building';

const config = loadConfig();
// The same program builds the demo world in a child process at first start (src/cli/demo-child.ts).
if (process.env[DEMO_CHILD_ENV] === '1') await runDemoChild(config);
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

// Listen first: while the database opens and, on first start, the demo world is built, every
// request gets a "starting" page (503 for the API); the application takes over once it is ready.
const building: Building = { step: null };
const gate = buildingGate(building);
const server = serve({ fetch: gate.fetch, port: config.port, hostname: config.host });
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
console.log(`Comptoir is starting at ${config.publicUrl} (listening on ${config.host}:${config.port})…`);

const announceBuild = () => {
  console.log('Empty database: building the French demo world, about 1–2 minutes (COMPTOIR_DEMO=0 skips it).');
  console.log(`Meanwhile ${config.publicUrl} shows its progress.`);
};
// A new embedded database: built in a child process, whose memory goes back to the system when it exits.
const fresh = !config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pglite'));
const demoChild = config.demo && fresh ? (announceBuild(), buildDemoInChild((step) => (building.step = step))) : null;

// The rest of the server loads after listening, so the first answer does not wait for it.
const [{ createAppContext, demoLoginsHint }, { openDatabase }, { isEmpty, migrate }, { createHttpApp }] =
  await Promise.all([import('./boot'), import('./db/client'), import('./db/migrate'), import('./http/app')]);
const [
  { routeModules },
  { jobHandlers },
  { logJobFailures, startWorkers },
  { startMaintenance },
  { attachStreamingSockets },
] = await Promise.all([
  import('./http/routes'),
  import('./jobs/handlers'),
  import('./jobs/queue'),
  import('./jobs/maintenance'),
  import('./modules/social'),
]);

let logins = demoChild ? await demoChild : [];
const database = await openDatabase(config);
await migrate(database);
const ctx = await createAppContext(config, database);
const { log } = ctx;
const { stopFunnel } = await import('./modules/analytics');
if (config.demo && (await isEmpty(database))) {
  // A PostgreSQL server's empty database (or an embedded one left empty): built in this process.
  const { buildDemoWorld, printDemoLogins } = await import('./cli/demo-world');
  announceBuild();
  const world = await buildDemoWorld(ctx, { onStep: (step) => (building.step = step) });
  printDemoLogins(world, (line) => logins.push(line));
} else if (!logins.length) {
  logins = await demoLoginsHint(ctx);
}
logJobFailures(log);
const worker = await startWorkers(database, jobHandlers(ctx), {
  networkSlots: config.federationSlots,
  sourceSlots: config.sourceSlots,
});
const maintenance = startMaintenance(database);
// This node's heartbeat, and the recovery of dead nodes' checkouts (src/lib/nodes.ts).
const [{ startNode }, { recoverLeases }] = await Promise.all([import('./lib/nodes'), import('./modules/commerce')]);
const node = await startNode(database, {
  timeoutSeconds: config.nodeTimeoutSeconds,
  recover: [(dead) => recoverLeases(ctx, dead)],
  onError: (err) => log.warn({ err }, 'node heartbeat or recovery failed; retrying'),
});
const app = createHttpApp(ctx, routeModules, logUnhandled(log));
gate.open(app.fetch);
// The demo's outside feeds are served by this app: their first fetch waits until it answers.
if (config.demo) await (await import('./modules/listening')).queueDemoFeeds(ctx);
// Mastodon clients' live updates: WebSocket upgrades on /api/v1/streaming (the SSE streams are plain routes).
const sockets = attachStreamingSockets(server as Server, ctx);
// `npm run backup` asks this process for a consistent dump of its embedded database (none on a server).
const control = await (await import('./db/control-socket')).startControlSocket(config.dataDir, database, log);
// Prometheus' scrape on a private address of its own, when COMPTOIR_METRICS_ADDRESS asks for it.
const metricsServer = await (await import('./http/metrics')).startMetricsServer(ctx);

const where = config.databaseUrl ? 'PostgreSQL server' : `embedded database in ${config.dataDir}`;
for (const line of logins) console.log(line);
console.log(`\nComptoir is ready at ${config.publicUrl} (${where}, ready in ${seconds()})\n`);

async function shutdown() {
  sockets.close();
  await control?.close();
  server.close();
  metricsServer?.close();
  await worker.stop().catch(() => {});
  maintenance.stop();
  await node.stop();
  // The funnel's buffered views and taps (a few seconds' worth) are written before the database closes.
  await stopFunnel().catch((err) => log.error({ err }, 'funnel flush failed'));
  await ctx.events.close().catch(() => {});
  await ctx.replica?.close().catch(() => {});
  await database.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
