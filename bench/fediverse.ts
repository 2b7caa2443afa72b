/**
 * Simulated fediverse servers for the federation benchmark: `count` HTTP listeners on loopback
 * ports of this process, each one "server" (`127.0.0.1:PORT`) whose inboxes answer a POST with
 * 202 at once. A share of them is slow (202 after 2–5 s) and a share fails (half answer 500, half
 * refuse the connection: their port is reserved but nobody listens). Each listener counts what it
 * receives and keeps a few requests whole, so the benchmark can check their signatures afterwards.
 */
import http from 'node:http';
import { freePort } from './server';

export type ServerKind = 'ok' | 'slow' | 'error' | 'refused';

export type SimulatedServer = {
  index: number;
  port: number;
  kind: ServerKind;
  /** POSTs received (every attempt, including those answered 500). */
  posts: number;
  /** POSTs to the shared inbox `/inbox` (the rest went to a personal inbox). */
  sharedPosts: number;
  /** performance.now() of the first POST, or null. */
  firstAt: number | null;
};

export type CapturedRequest = { url: string; method: string; headers: [string, string][]; body: string };

export type Fediverse = {
  servers: SimulatedServer[];
  /** The servers expected to receive the post: those that answer (at once or slowly). */
  healthy: SimulatedServer[];
  /** The first few whole requests received by healthy servers, for signature checks. */
  samples: CapturedRequest[];
  stop(): Promise<void>;
};

/**
 * Which kind server `index` is: one in every 1/share servers, spread evenly, so slow and failing
 * ones are mixed among the others wherever the queue reaches them.
 */
function kindOf(index: number, slowShare: number, failingShare: number): ServerKind {
  const slowEvery = slowShare > 0 ? Math.round(1 / slowShare) : 0;
  const failEvery = failingShare > 0 ? Math.round(1 / failingShare) : 0;
  if (slowEvery && index % slowEvery === 0) return 'slow';
  const shifted = index - Math.floor(failEvery / 2);
  if (failEvery && shifted >= 0 && shifted % failEvery === 0)
    return (shifted / failEvery) % 2 === 0 ? 'error' : 'refused';
  return 'ok';
}

export async function startFediverse(
  count: number,
  { slowShare = 0.05, failingShare = 0.05, sampleSize = 5 } = {},
): Promise<Fediverse> {
  const servers: SimulatedServer[] = [];
  const listeners: http.Server[] = [];
  const samples: CapturedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  for (let index = 0; index < count; index++) {
    const kind = kindOf(index, slowShare, failingShare);
    const port = await freePort();
    const server: SimulatedServer = { index, port, kind, posts: 0, sharedPosts: 0, firstAt: null };
    servers.push(server);
    if (kind === 'refused') continue;
    const listener = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        server.posts++;
        if (req.url === '/inbox') server.sharedPosts++;
        server.firstAt ??= performance.now();
        if (kind === 'error') {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('simulated failure');
          return;
        }
        if (samples.length < sampleSize) {
          const headers: [string, string][] = [];
          for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
          samples.push({
            url: `http://127.0.0.1:${port}${req.url}`,
            method: req.method,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        }
        const answer = () => res.writeHead(202).end();
        if (kind !== 'slow') return answer();
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            answer();
          },
          2_000 + Math.random() * 3_000,
        );
        timers.add(timer);
      });
    });
    // Many deliveries at once from one client: keep the backlog generous.
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ port, host: '127.0.0.1', backlog: 511 }, resolve);
    });
    listeners.push(listener);
  }
  return {
    servers,
    healthy: servers.filter((s) => s.kind === 'ok' || s.kind === 'slow'),
    samples,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(
        listeners.map(
          (l) =>
            new Promise<void>((resolve) => {
              l.closeAllConnections();
              l.close(() => resolve());
            }),
        ),
      );
    },
  };
}
