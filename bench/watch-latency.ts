/**
 * `npm run bench -- watch-latency [--watches 100] [--posts 150] [--rate 5] [--poll-ms 100] [--pg | --pglite]`
 *
 * Time from publishing a matching post to its appearance in the watch's feed, with `watches`
 * active watches (issue 5: p95 ≤ 2 s with 100 watches). A brand's owner creates the watches
 * through the API (each its own word, some with OR, phrases and exclusions, so every post is
 * tested against all of them); people publish posts through `POST /api/v1/statuses` at `rate`
 * per second (open loop), each naming one watch's word; for each post a feed reader polls that
 * watch's RSS URL every `poll-ms` (conditional GETs with the ETag, as feed readers do) until the
 * post is in it. Latency = from sending the POST to
 * the first feed that lists it (so it includes the post's own 201 and up to one poll interval).
 *
 * In the same run, the floor: the matcher alone (in-process, no queue, no HTTP) on posts of the
 * same shape against the same watches, and the ratio between the two.
 *
 * By default both databases in turn: PGlite (embedded, in the server process) and the bench
 * PostgreSQL cluster (bench/.data/pg, or DATABASE_URL); --pg or --pglite runs one.
 */
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client';
import { matchStatuses } from '../src/modules/listening';
import { createBuyers, createShop, fmt, freshDatabase, httpClient, int, log, table } from './commerce';
import { startServer, type ServerProcess } from './server';

/** A feed reader's GET (keep-alive), conditional when it has an ETag. */
function feedReader(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const get = (urlPath: string, etag: string) =>
    new Promise<{ status: number; body: string; etag: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'GET',
          path: urlPath,
          agent,
          headers: etag ? { 'if-none-match': etag } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              etag: String(res.headers.etag ?? ''),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

/** The i-th watch's query: mostly a word, sometimes a richer query (OR, phrase, exclusion). */
function queryOf(i: number): string {
  const word = `veille${i}x`;
  switch (i % 4) {
    case 1:
      return `${word} OR "marque concurrente ${i}"`;
    case 2:
      return `${word} -spam`;
    case 3:
      return `${word} lang:fr`;
    default:
      return word;
  }
}

type Result = { database: string; latencies: number[]; publish: number[]; missed: number; matcherMs: number[] };

async function runOn(
  usePglite: boolean,
  o: { watches: number; posts: number; rate: number; pollMs: number },
): Promise<Result> {
  const target = await freshDatabase('watch-latency', usePglite);
  log(`\nDatabase: ${target.description}`);
  let server: ServerProcess | undefined;
  const client = { current: undefined as ReturnType<typeof httpClient> | undefined };
  try {
    let database = await target.open(4);
    const shop = await createShop(database, 'maison_veille');
    const authors = await createBuyers(database, 20, 'wla');
    await database.close();

    server = await startServer(
      target.kind === 'pglite' ? { COMPTOIR_DATA: target.dataDir } : { DATABASE_URL: target.url },
      log,
    );
    const http = (client.current = httpClient(server.port, 64));
    const owner = { authorization: `Bearer ${shop.ownerToken}` };
    const feeds: string[] = [];
    for (let i = 0; i < o.watches; i++) {
      const res = await http.post(
        `/api/v1/brands/${shop.brandId}/watches`,
        { name: `Veille ${i}`, query: queryOf(i) },
        owner,
      );
      if (res.status !== 201) throw new Error(`POST watches answered ${res.status}: ${res.body.slice(0, 300)}`);
      const url = new URL((JSON.parse(res.body) as { rss_url: string }).rss_url);
      feeds.push(`${url.pathname}${url.search}`);
    }
    log(
      `${o.watches} watches created through the API; publishing ${o.posts} posts at ${o.rate}/s, polling each post's feed every ${o.pollMs} ms`,
    );

    // Warm-up: a few posts, not measured.
    for (let i = 0; i < 5; i++)
      await http.post(
        '/api/v1/statuses',
        { status: `Échauffement ${queryOf(0).split(' ')[0]}` },
        { authorization: `Bearer ${authors[0]!.token}` },
      );
    await sleep(2500);

    const reader = feedReader(server.port);
    const latencies: number[] = [];
    const publish: number[] = [];
    let missed = 0;
    let errors = 0;
    const one = async (n: number) => {
      const w = (n * 7) % o.watches;
      const author = authors[n % authors.length]!;
      const text = `Avis n°${n} : le fromage veille${w}x de la maison est ${n % 3 ? 'excellent, bravo' : 'décevant, trop salé'}`;
      const t0 = performance.now();
      const res = await http.post(
        '/api/v1/statuses',
        { status: text, language: 'fr' },
        { authorization: `Bearer ${author.token}` },
      );
      if (res.status !== 200)
        throw new Error(`POST /api/v1/statuses answered ${res.status}: ${res.body.slice(0, 300)}`);
      publish.push(performance.now() - t0);
      const id = (JSON.parse(res.body) as { id: string }).id;
      let etag = '';
      for (;;) {
        // A feed reader's conditional GET: 304 while nothing changed.
        // A reset keep-alive socket (the server closed it as we reused it) is retried, like a reader would.
        const feed = await reader.get(feeds[w]!, etag).catch(() => ({ status: 0, body: '', etag }));
        if (feed.status === 200) etag = feed.etag;
        if (feed.status === 200 && feed.body.includes(id)) {
          latencies.push(performance.now() - t0);
          return;
        }
        if (performance.now() - t0 > 30_000) {
          missed++;
          return;
        }
        await sleep(o.pollMs);
      }
    };
    const running: Promise<void>[] = [];
    const started = performance.now();
    for (let n = 0; n < o.posts; n++) {
      const due = started + (n * 1000) / o.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      running.push(
        one(n).catch((error: Error) => {
          errors++;
          if (errors <= 3) log(`  post ${n}: ${error.message}`);
        }),
      );
    }
    await Promise.all(running);
    reader.close();
    if (errors) log(`  ${errors} posts could not be published (network errors), not counted`);
    const memory = server.memory();
    log(`  server peak RSS ${fmt(memory.peakMb, 0)} MB`);
    http.close();
    client.current = undefined;
    await server.stop();
    server = undefined;

    // The floor: the matcher alone, in-process, on fresh posts of the same shape.
    database = await target.open(4);
    const matcherMs: number[] = [];
    try {
      const failed = await queryRows<{ kind: string; n: number; error: string }>(
        database.db,
        sql`select kind, count(*)::int as n, min(left(last_error, 300)) as error from jobs where last_error is not null group by kind`,
      );
      for (const f of failed)
        log(`  jobs of kind ${f.kind} that failed at least once: ${f.n} (${f.error.split('\n')[0]})`);
      const [lag] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from jobs where done_at is null and kind = 'status.published'`,
      );
      if (Number(lag?.n)) log(`  status.published jobs still pending at the end: ${lag!.n}`);
      const [author] = await queryRows<{ id: string }>(
        database.db,
        sql`select id from accounts where username = 'wla0'`,
      );
      for (let n = 0; n < 40; n++) {
        const w = (n * 7) % o.watches;
        const id = (
          await queryRows<{ id: string }>(
            database.db,
            sql`insert into statuses (id, account_id, text, language) values (comptoir_uuidv7(), ${author!.id}, ${`Contrôle ${n} : le fromage veille${w}x est bon`}, 'fr') returning id`,
          )
        )[0]!.id;
        const t0 = performance.now();
        const made = await matchStatuses({ db: database.db }, [id]);
        matcherMs.push(performance.now() - t0);
        if (made !== 1) log(`  (matcher floor: post ${n} made ${made} matches, expected 1)`);
      }
    } finally {
      await database.close();
    }
    return { database: target.kind === 'pglite' ? 'PGlite' : 'PostgreSQL', latencies, publish, missed, matcherMs };
  } finally {
    client.current?.close();
    await server?.stop();
    await target.stop();
  }
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      watches: { type: 'string' },
      posts: { type: 'string' },
      rate: { type: 'string' },
      'poll-ms': { type: 'string' },
      pg: { type: 'boolean', default: false },
      pglite: { type: 'boolean', default: false },
    },
  });
  const o = {
    watches: int(values.watches, 100, 'watches'),
    posts: int(values.posts, 150, 'posts'),
    rate: int(values.rate, 5, 'rate'),
    pollMs: int(values['poll-ms'], 100, 'poll-ms'),
  };
  if (o.watches < 1 || o.watches > 200)
    throw new Error('--watches must be between 1 and 200 (one brand holds at most 200)');
  log(
    `Watch latency benchmark — ${o.watches} active watches, ${o.posts} matching posts at ${o.rate}/s through the HTTP API`,
  );
  log(
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const which = values.pg && !values.pglite ? [false] : values.pglite && !values.pg ? [true] : [true, false];
  const results: Result[] = [];
  for (const usePglite of which) results.push(await runOn(usePglite, o));

  const rows = results.map((r) => {
    const l = [...r.latencies].sort((a, b) => a - b);
    const p = [...r.publish].sort((a, b) => a - b);
    const m = [...r.matcherMs].sort((a, b) => a - b);
    const p95 = percentile(l, 0.95);
    return [
      r.database,
      String(l.length),
      String(r.missed),
      fmt(percentile(p, 0.5), 0),
      fmt(percentile(l, 0.5), 0),
      fmt(p95, 0),
      fmt(l[l.length - 1] ?? NaN, 0),
      fmt(percentile(m, 0.5), 1),
      fmt(percentile(l, 0.5) / percentile(m, 0.5), 0),
      p95 <= 2000 ? 'yes' : 'NO',
    ];
  });
  log('\nLatency from POST /api/v1/statuses to the post in its watch’s RSS feed (ms):');
  for (const line of table(
    [
      'database',
      'seen',
      'missed',
      'publish p50',
      'p50',
      'p95',
      'max',
      'matcher alone p50',
      'p50 / matcher',
      'p95 ≤ 2 s',
    ],
    rows,
  ))
    log(line);
  log(
    `\n"matcher alone": matchStatuses on one committed post against the ${o.watches} watches, in-process (no queue, no HTTP, no polling).`,
  );
  log(
    `The rest: the post's own request, the job queue (woken by NOTIFY when the post commits), the feed poll interval (${o.pollMs} ms, half of it on average) and the feed request.`,
  );
}
