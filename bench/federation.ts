/**
 * `npm run bench -- federation [--followers 10000] [--servers 500] [--slow 0.05] [--failing 0.05]
 *                              [--concurrency 8] [--idle-seconds 15] [--timeout 300] [--via seam|status]
 *                              [--profile]`
 *
 * One post of a brand delivered to the fediverse: `followers` remote accounts spread over
 * `servers` simulated servers (loopback listeners of this process, bench/fediverse.ts: most
 * answer 202 at once, `slow` answer after 2–5 s, `failing` answer 500 or refuse connections),
 * inserted directly as remote accounts following the brand. The real server runs in a child
 * process (src/main.ts: HTTP and the job workers, whose network lane runs Fedify's deliveries in
 * parallel). Prints the time until every healthy server received the post, how many deliveries it
 * took (one per server with shared inboxes, not one per follower), the failures left to retry,
 * signatures of a sample checked with Fedify's verifyRequest, and the p95 of local requests (the
 * public timeline and the brand's profile page, `concurrency` clients) during the delivery
 * against the idle server before and after it in the same run. PostgreSQL only (the bench
 * cluster, or DATABASE_URL): the server and this process share the database. Each run starts
 * from a fresh database.
 * `--profile`: the app server's CPU profile during the delivery (node --cpu-prof), by layer;
 * with `--concurrency 0` it holds the delivery's work alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyRequest } from '@fedify/fedify';
import { getDocumentLoader } from '@fedify/fedify/runtime';
import { Create, Note, PUBLIC_COLLECTION } from '@fedify/vocab';
import { Temporal } from '@js-temporal/polyfill';
import { sql } from 'drizzle-orm';
import { createAppContext } from '../src/boot';
import { loadConfig } from '../src/config';
import type { AppContext } from '../src/context';
import { queryRows } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { loadFederation } from '../src/modules/federation';
import { createStatus } from '../src/modules/social';
import {
  appServerEnv,
  cpuBetween,
  createShop,
  fmt,
  freshDatabase,
  log,
  readStatements,
  resetStatements,
  sampleCpu,
  table,
  type BenchDb,
} from './commerce';
import { profileTables, summarizeProfile } from './cpuprofile';
import { startFediverse, type Fediverse } from './fediverse';
import { httpGetter, int, summarize, type Stats } from './load';
import { startServer, type ServerProcess } from './server';
import { benchData, benchRoot } from './world';

const BRAND = 'maison_federee';

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      followers: { type: 'string' },
      servers: { type: 'string' },
      slow: { type: 'string' },
      failing: { type: 'string' },
      concurrency: { type: 'string' },
      'idle-seconds': { type: 'string' },
      timeout: { type: 'string' },
      // `status` (default): the post made by social's createStatus, the real publishing path;
      // `seam`: a Create sent straight through Fedify, to tell Fedify's cost from ours.
      via: { type: 'string', default: 'status' },
      profile: { type: 'boolean', default: false },
    },
  });
  const followerCount = Math.max(1, int(values.followers, 10_000, 'followers'));
  const serverCount = Math.max(1, Math.min(followerCount, int(values.servers, 500, 'servers')));
  const slowShare = share(values.slow, 0.05, 'slow');
  const failingShare = share(values.failing, 0.05, 'failing');
  const concurrency = int(values.concurrency, 8, 'concurrency');
  const idleSeconds = Math.max(1, int(values['idle-seconds'], 15, 'idle-seconds'));
  const timeoutSeconds = Math.max(10, int(values.timeout, 300, 'timeout'));
  if (values.via !== 'seam' && values.via !== 'status') throw new Error('--via must be seam or status');

  log(
    `Federation benchmark — one post of a brand to ${followerCount.toLocaleString('en')} remote followers on ${serverCount} simulated servers (${fmt(slowShare * 100, 0)} % slow, ${fmt(failingShare * 100, 0)} % failing), ${concurrency} local clients`,
  );
  log(
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; the simulated servers, load generator, app server and database share them; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  // PostgreSQL runs as its own user when we are root: it must be able to enter bench/.data.
  fs.mkdirSync(benchData, { recursive: true });
  fs.chmodSync(benchData, 0o755);
  const target = await freshDatabase('federation', false);
  log(`Database: ${target.description}`);
  const mediaDir = path.join(benchData, 'federation-media');
  fs.rmSync(mediaDir, { recursive: true, force: true });

  let fediverse: Fediverse | undefined;
  let server: ServerProcess | undefined;
  let app: AppContext | undefined;
  let getter: ReturnType<typeof httpGetter> | undefined;
  try {
    const t0 = performance.now();
    fediverse = await startFediverse(serverCount, { slowShare, failingShare });
    const shop = await prepareWorld(target, fediverse, followerCount);
    log(
      `Made the brand, ${followerCount.toLocaleString('en')} remote followers and ${serverCount} listening servers in ${fmt((performance.now() - t0) / 1000)} s`,
    );

    const profileDir = path.join(benchData, 'federation-profile');
    fs.rmSync(profileDir, { recursive: true, force: true });
    const spawnedAt = Date.now();
    server = await startServer({ ...appServerEnv(target, mediaDir), COMPTOIR_FEDERATION_ALLOW_PRIVATE: '1' }, log, {
      nodeArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=500'] : [],
    });
    const publicUrl = `http://127.0.0.1:${server.port}`;
    // This process publishes on the same database as the server (the fan-out is a job the server runs).
    const database = await target.open(4);
    app = await createAppContext(
      loadConfig({
        ...process.env,
        DATABASE_URL: target.url,
        COMPTOIR_URL: publicUrl,
        COMPTOIR_DATA: mediaDir,
        COMPTOIR_DEMO: '0',
        COMPTOIR_FEDERATION_ALLOW_PRIVATE: '1',
        LOG_LEVEL: 'warn',
      }),
      database,
    );
    getter = httpGetter(server.port, Math.max(1, concurrency));
    const actor = await getter.get(`/users/${BRAND}`, { accept: 'application/activity+json' });
    if (actor.status !== 200) throw new Error(`GET /users/${BRAND} answered ${actor.status}: is federation on?`);
    const paths = ['/api/v1/timelines/public', `/@${BRAND}`];
    for (const p of paths) {
      const r = await getter.get(p, {});
      if (r.status !== 200) throw new Error(`GET ${p} answered ${r.status}`);
    }

    const g = getter;
    const request = (i: number) => g.get(paths[i % paths.length]!, {});
    await localLoad(concurrency, request, stopAfter(3)); // warm-up: JIT, pools, caches
    if (concurrency > 0) log(`\nIdle server: ${concurrency} clients for ${idleSeconds} s…`);
    const idleBefore = await localLoad(concurrency, request, stopAfter(idleSeconds));

    const statementsOn = await resetStatements(target);
    const cpu0 = sampleCpu(server.pid, target.clusterFolder);
    const started = performance.now();
    const startedWall = Date.now();
    log(`Publishing (${values.via === 'status' ? "social's createStatus" : 'the Create sent through the seam'})…`);
    let delivered = false;
    const during = localLoad(concurrency, request, () => delivered);
    await publish(app, shop, values.via);
    const published = performance.now();
    const healthy = fediverse.healthy;
    const deadline = started + timeoutSeconds * 1000;
    while (healthy.some((s) => s.firstAt === null) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    delivered = true;
    const deliveredWall = Date.now();
    const duringStats = await during;
    const cpu = cpuBetween(cpu0, sampleCpu(server.pid, target.clusterFolder));
    const reached = healthy.filter((s) => s.firstAt !== null);
    const lastAt = Math.max(...reached.map((s) => s.firstAt!));
    const firstAt = Math.min(...reached.map((s) => s.firstAt!));
    // What is left in the network lane once every healthy server has it: the slow answers, then retries.
    const drained = await waitForQueue(target, deadline);
    const drainedAt = performance.now();
    const queue = await queueState(target);
    const statements = statementsOn ? await readStatements(target) : [];
    const verified = await verifySamples(fediverse);
    // The idle server again once the lane is quiet (retries of the failing servers aside): the
    // machine's own drift over the run shows as a difference between the two idle phases.
    if (concurrency > 0) log(`Idle server again: ${concurrency} clients for ${idleSeconds} s…`);
    const idleAfter = await localLoad(concurrency, request, stopAfter(idleSeconds));
    const idle = summarize(
      [...idleBefore.latencies, ...idleAfter.latencies],
      idleBefore.errors + idleAfter.errors,
      idleBefore.seconds + idleAfter.seconds,
    );

    const servers = fediverse.servers;
    const posts = (kinds: string[]) =>
      servers.filter((s) => kinds.includes(s.kind)).reduce((sum, s) => sum + s.posts, 0);
    const healthyPosts = posts(['ok', 'slow']);
    const personal = healthyPosts - healthy.reduce((sum, s) => sum + s.sharedPosts, 0);
    const duplicates = healthy.filter((s) => s.posts > 1).length;
    const failing = servers.filter((s) => s.kind === 'error' || s.kind === 'refused');
    const deliverySeconds = (lastAt - started) / 1000;
    const ratio = (a: Stats, b: Stats) => `${fmt((100 * a.p95) / b.p95, 0)} %`;

    log(`\nResults (PostgreSQL, ${followerCount.toLocaleString('en')} followers on ${serverCount} servers):`);
    const rows: string[][] = [
      [
        'delivery: every healthy server has the post',
        `${fmt(deliverySeconds, 2)} s`,
        `${reached.length}/${healthy.length} servers; first after ${fmt((firstAt - started) / 1000, 2)} s; publish call ${fmt((published - started) / 1000, 2)} s; target < 60 s: ${reached.length === healthy.length && deliverySeconds < 60 ? 'met' : 'MISSED'}`,
      ],
      [
        'deliveries to healthy servers (POSTs)',
        String(healthyPosts),
        `${healthy.length} servers (${healthy.filter((s) => s.kind === 'slow').length} slow), ${duplicates} got more than one, ${personal} to a personal inbox; ${followerCount.toLocaleString('en')} followers`,
      ],
      [
        'failing servers: attempts, not delivered',
        String(posts(['error'])),
        `${failing.length} servers (${failing.filter((s) => s.kind === 'error').length} answer 500, ${failing.filter((s) => s.kind === 'refused').length} refuse); ${queue.later} deliveries waiting to be retried, ${queue.failed} given up`,
      ],
      [
        'queue drained (slow answers included)',
        drained ? `${fmt((drainedAt - started) / 1000, 2)} s` : 'NO',
        `${queue.done} federation tasks run (fan-out, deliveries, retries)`,
      ],
      ['signatures of a sample (verifyRequest)', `${verified.ok}/${verified.checked}`, verified.detail],
    ];
    for (const line of table(['measure', 'value', 'detail'], rows)) log(line);

    log(`\nLocal requests, ${concurrency} clients (${paths.join(' and ')} in turn):`);
    const latencyRow = (name: string, s: Stats) => [
      name,
      fmt(s.rate, 0),
      fmt(s.p50, 1),
      fmt(s.p95, 1),
      fmt(s.p99, 1),
      String(s.requests),
      String(s.errors),
    ];
    for (const line of table(
      ['phase', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'errors'],
      [
        latencyRow(`idle before (${idleSeconds} s)`, idleBefore),
        latencyRow(`idle after (${idleSeconds} s)`, idleAfter),
        latencyRow('idle, both', idle),
        latencyRow('during the delivery', duringStats),
      ],
    ))
      log(line);
    const rise = (100 * duringStats.p95) / idle.p95 - 100;
    if (concurrency > 0)
      log(
        `  p95 during ÷ idle (both phases): ${ratio(duringStats, idle)} (rise ${fmt(rise, 0)} %; target < 20 %: ${rise < 20 ? 'met' : 'MISSED'})`,
      );
    log(`\nCPU during the delivery (${fmt(cpu.wall, 2)} s wall, ${os.cpus().length} CPUs, load ${cpu0.loadavg}):`);
    for (const line of table(
      ['process', 'CPU s', 'ms per healthy server'],
      [
        ['app server (HTTP and job workers)', fmt(cpu.server, 2), fmt((1000 * cpu.server) / healthy.length, 1)],
        ...(target.clusterFolder
          ? [['PostgreSQL (all backends)', fmt(cpu.postgres, 2), fmt((1000 * cpu.postgres) / healthy.length, 1)]]
          : []),
        ['simulated servers and clients (this process)', fmt(cpu.load, 2), ''],
      ],
    ))
      log(line);
    if (statements.length) {
      log('\nStatements until the queue drained (pg_stat_statements, local requests included), by calls:');
      for (const line of statementCalls(statements, queue.done)) log(line);
    }
    log(`\nApp server memory: peak ${fmt(server.memory().peakMb, 0)} MB resident (VmHWM)`);
    if (values.profile) {
      await server.stop(); // the profile is written when the server exits
      server = undefined;
      const window = [startedWall - spawnedAt, deliveredWall - spawnedAt] as const;
      for (const line of profileLines(profileDir, window, healthy.length)) log(line);
    }
  } finally {
    getter?.close();
    if (app) {
      await app.events.close().catch(() => {});
      await app.database.close().catch(() => {});
    }
    await server?.stop();
    await fediverse?.stop();
    await target.stop();
  }
}

function share(raw: string | undefined, fallback: number, name: string): number {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 0.5) throw new Error(`--${name} must be a share between 0 and 0.5`);
  return n;
}

type Shop = { brandId: string; ownerId: string };

/**
 * The brand with a few posts (the public timeline and its profile have something to show), then
 * its remote followers, follower n on server n mod servers: accounts, remote actors, follows.
 */
async function prepareWorld(target: BenchDb, fediverse: Fediverse, followerCount: number): Promise<Shop> {
  const database = await target.open(4);
  try {
    const shop = await createShop(database, BRAND);
    const social = { db: database.db, config: { publicUrl: 'http://127.0.0.1', postMaxChars: 500 }, events: noEvents };
    const [before] = await queryRows<{ at: string }>(database.db, sql`select now()::text as at`);
    for (let i = 0; i < 40; i++)
      await createStatus(social, shop.brandId, {
        text: `Nouvelle collection, épisode ${i} #mode`,
        visibility: 'public',
      });
    // Their follow-ups (and, once posts federate, their deliveries) belong to the world, not to the measure.
    await queryRows(
      database.db,
      sql`update jobs set done_at = now() where done_at is null and created_at >= ${before!.at}::timestamptz`,
    );
    const chunk = 2_000;
    for (let start = 0; start < followerCount; start += chunk) {
      const rows = Array.from({ length: Math.min(chunk, followerCount - start) }, (_, i) => {
        const n = start + i;
        const host = `127.0.0.1:${fediverse.servers[n % fediverse.servers.length]!.port}`;
        const name = `f${String(n).padStart(5, '0')}`;
        return {
          id: uuidv7(),
          username: `${name}@${host}`,
          domain: host,
          uri: `http://${host}/users/${name}`,
          inbox: `http://${host}/users/${name}/inbox`,
          shared: `http://${host}/inbox`,
        };
      });
      const json = JSON.stringify(rows);
      await queryRows(
        database.db,
        sql`insert into accounts (id, kind, username, display_name, domain)
            select r.id, 'person', r.username, r.username, r.domain
            from json_to_recordset(${json}::json) as r(id uuid, username text, domain text)`,
      );
      await queryRows(
        database.db,
        sql`insert into remote_actors (account_id, uri, actor_type, inbox_url, shared_inbox_url)
            select r.id, r.uri, 'Person', r.inbox, r.shared
            from json_to_recordset(${json}::json) as r(id uuid, uri text, inbox text, shared text)`,
      );
      await queryRows(
        database.db,
        sql`insert into follows (follower_id, followee_id)
            select r.id, ${shop.brandId} from json_to_recordset(${json}::json) as r(id uuid)`,
      );
    }
    await queryRows(
      database.db,
      sql`update accounts set followers_count = ${followerCount} where id = ${shop.brandId}`,
    );
    return shop;
  } finally {
    await database.close();
  }
}

const noEvents = { publish: async () => {} };

/**
 * The brand's post, delivered to its followers. `status`: the real path, social's createStatus
 * (federation's status extension sends the Create from the `status.published` job). `seam`: a
 * Create of a Note sent to the followers collection straight through Fedify.
 */
async function publish(app: AppContext, shop: Shop, via: string | undefined): Promise<void> {
  const text = 'Les soldes commencent demain dans toutes nos boutiques #mode';
  if (via === 'status') {
    await createStatus(app, shop.brandId, { text, visibility: 'public' });
    return;
  }
  const ctx = (await loadFederation()).federationContext(app);
  const id = uuidv7();
  const actor = ctx.getActorUri(BRAND);
  const noteUri = new URL(`/users/${BRAND}/statuses/${id}`, app.config.publicUrl);
  const published = Temporal.Instant.from(new Date().toISOString());
  const note = new Note({
    id: noteUri,
    attribution: actor,
    content: `<p>${text}</p>`,
    url: new URL(`/@${BRAND}/${id}`, app.config.publicUrl),
    published,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(BRAND),
  });
  const create = new Create({
    id: new URL(`${noteUri.href}/activity`),
    actor,
    object: note,
    published,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(BRAND),
  });
  await ctx.sendActivity({ identifier: BRAND }, 'followers', create, { preferSharedInbox: true });
}

const stopAfter = (seconds: number) => {
  const until = performance.now() + seconds * 1000;
  return () => performance.now() >= until;
};

/** `concurrency` closed-loop clients until `done()` says so; every answer but a 200 counts as an error. */
async function localLoad(
  concurrency: number,
  request: (i: number) => Promise<{ status: number }>,
  done: () => boolean,
): Promise<Stats & { latencies: number[] }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (!done()) {
      const t0 = performance.now();
      const ok = await request(next++).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) latencies.push(performance.now() - t0);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { ...summarize(latencies, errors, (performance.now() - started) / 1000), latencies };
}

/** Federation tasks: done, due now (or running), scheduled later (retries), given up. */
async function queueState(target: BenchDb) {
  const database = await target.open(1);
  try {
    const [row] = await queryRows<{ done: number; due: number; later: number; failed: number }>(
      database.db,
      sql`select count(*) filter (where done_at is not null)::int as done,
                 count(*) filter (where done_at is null and run_at <= now() and attempts < max_attempts)::int as due,
                 count(*) filter (where done_at is null and run_at > now() and attempts < max_attempts)::int as later,
                 count(*) filter (where done_at is null and attempts >= max_attempts)::int as failed
          from jobs where kind = 'federation.task'`,
    );
    return row!;
  } finally {
    await database.close();
  }
}

/** Waits until no federation task is due or running (retries scheduled later may remain). */
async function waitForQueue(target: BenchDb, deadline: number): Promise<boolean> {
  while (performance.now() < deadline) {
    if ((await queueState(target)).due === 0) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** The sampled deliveries' HTTP signatures, checked as a receiving server would (the key fetched from our actor). */
async function verifySamples(fediverse: Fediverse) {
  const loader = getDocumentLoader({ allowPrivateAddress: true });
  let ok = 0;
  const seen = new Set<string>();
  for (const sample of fediverse.samples) {
    const request = new Request(sample.url, { method: sample.method, headers: sample.headers, body: sample.body });
    const key = await verifyRequest(request, { documentLoader: loader, contextLoader: loader }).catch(() => null);
    if (key) {
      ok++;
      seen.add(key.id?.href ?? '?');
    }
  }
  return { ok, checked: fediverse.samples.length, detail: `key ${[...seen].join(', ') || 'none'}` };
}

/** The statements sent while delivering, grouped by their first words, most called first. */
function statementCalls(rows: { query: string; calls: number; total_ms: number }[], tasks: number): string[] {
  const groups = new Map<string, { calls: number; ms: number }>();
  for (const r of rows) {
    const label = r.query.replace(/\s+/g, ' ').trim().slice(0, 90);
    const g = groups.get(label) ?? { calls: 0, ms: 0 };
    g.calls += r.calls;
    g.ms += r.total_ms;
    groups.set(label, g);
  }
  const sorted = [...groups].sort((a, b) => b[1].calls - a[1].calls).slice(0, 14);
  return table(
    ['statement', 'calls', 'per task', 'exec ms'],
    sorted.map(([label, g]) => [label, fmt(g.calls, 0), fmt(g.calls / Math.max(1, tasks), 2), fmt(g.ms, 0)]),
  );
}

/** The app server's CPU during the delivery, by layer and hottest functions (self time). */
function profileLines(folder: string, window: readonly [number, number], servers: number): string[] {
  const file = fs.existsSync(folder) ? fs.readdirSync(folder).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) return ['\n(no CPU profile was written)'];
  const summary = summarizeProfile(path.join(folder, file), path.resolve(benchRoot, '..'), window[0], window[1]);
  const keep = path.join(benchData, 'profiles', 'federation.cpuprofile');
  fs.mkdirSync(path.dirname(keep), { recursive: true });
  fs.renameSync(path.join(folder, file), keep);
  fs.rmSync(folder, { recursive: true, force: true });
  return [
    `\nApp server CPU profile during the delivery (node --cpu-prof, self time; ${fmt(summary.sampledMs / 1000, 2)} s busy, ${fmt(summary.idleMs / 1000, 2)} s idle):`,
    ...profileTables(summary, { label: 'ms per healthy server', count: servers }),
    `  (profile kept in ${path.relative(process.cwd(), keep)}: open it in Chrome DevTools)`,
  ];
}
