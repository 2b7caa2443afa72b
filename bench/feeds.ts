/**
 * The sources bench's feeds, served from a worker thread: on the internet, feeds are other
 * servers' work, so serving them must not slow the bench's own event loop, which measures the
 * app's latency (the probe). The two threads share a few counters (a SharedArrayBuffer): the
 * round being served, when its first feed was asked for, and how many sources it has served.
 *
 * One in 20 feeds is slow (answers after 2 s), one in 20 fails (HTTP 500), one in 20 answers 304
 * when asked with its ETag; every other feed lists `items` new items at each round.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const SLOW_MS = 2000;
type Kind = 'ok' | 'slow' | 'failing' | 'unchanged';
const kindOf = (i: number): Kind => (['slow', 'failing', 'unchanged'] as const)[i % 20] ?? 'ok';
type Options = { count: number; items: number; watches: number };
// Shared cells: [0] round, [1] sources served in this round; first request's time (epoch ms, 0 before).
type Shared = { ints: Int32Array; first: Float64Array };

export type FeedServer = {
  origin: string;
  startRound(n: number): void;
  /** When the round's first feed request arrived (performance.now() of this thread), null before. */
  firstRequestAt(): number | null;
  /** Sources served in the current round. */
  servedNow(): number;
  close(): Promise<void>;
};

export async function startFeedServer(options: Options): Promise<FeedServer> {
  const ints = new Int32Array(new SharedArrayBuffer(8));
  const first = new Float64Array(new SharedArrayBuffer(8));
  const worker = new Worker(new URL(import.meta.url), { workerData: { options, ints, first } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    startRound(n) {
      Atomics.store(ints, 1, 0);
      first[0] = 0;
      Atomics.store(ints, 0, n);
    },
    firstRequestAt: () => (first[0] ? first[0] - performance.timeOrigin : null),
    servedNow: () => Atomics.load(ints, 1),
    async close() {
      await worker.terminate();
    },
  };
}

function serveFeeds({ count, items, watches }: Options, { ints, first }: Shared) {
  const served = new Map<number, number>();
  const server = http.createServer((req, res) => {
    const i = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
    if (!(i >= 0 && i < count)) return void res.writeHead(404).end();
    const round = Atomics.load(ints, 0);
    if (!first[0]) first[0] = performance.timeOrigin + performance.now();
    const kind = kindOf(i);
    const done = () => {
      if (served.get(i) === round) return;
      served.set(i, round);
      Atomics.add(ints, 1, 1);
    };
    if (kind === 'failing') return void res.writeHead(500).end('down', done);
    // Unchanged feeds keep their first round's items and ETag.
    const version = kind === 'unchanged' ? 1 : round;
    const etag = `"f${i}-r${version}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end(done);
    const body = rss(i, version, items, watches);
    const answer = () => res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body, done);
    if (kind === 'slow') setTimeout(answer, SLOW_MS);
    else answer();
  });
  server.listen(0, '127.0.0.1', () => parentPort?.postMessage({ port: (server.address() as AddressInfo).port }));
}

function rss(i: number, round: number, items: number, watches: number): string {
  const entries: string[] = [];
  for (let k = 0; k < items; k++) {
    const n = round * items + k;
    const word = `veille${(i * items + n) % watches}x`;
    entries.push(
      `<item><guid>feed${i}-item${n}</guid><link>https://blog${i}.example/${n}</link><title>Billet ${n} du blog ${i}</title>` +
        `<description>&lt;p&gt;Nous avons goûté le fromage ${word} de la maison, il est ${n % 3 ? 'excellent' : 'décevant'}.&lt;/p&gt;</description>` +
        `<pubDate>${new Date(Date.UTC(2026, 11, 1) + n * 60_000).toUTCString()}</pubDate></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Blog ${i}</title><link>https://blog${i}.example/</link>${entries.join('')}</channel></rss>`;
}

if (!isMainThread && workerData?.options) serveFeeds(workerData.options as Options, workerData as Shared);
