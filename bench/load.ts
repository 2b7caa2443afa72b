/**
 * Closed-loop load: `concurrency` clients, each issuing its next request as soon as the last one
 * answered, for a fixed time. Latencies are kept whole (a run is a few hundred thousand at most)
 * so percentiles are exact.
 */
import http from 'node:http';

/** A whole-number option: `--posts 1m`, `--items 100k`, `--orders 5_000`. */
export function int(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export type Stats = {
  requests: number;
  errors: number;
  seconds: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
};

export function summarize(latencies: number[], errors: number, seconds: number): Stats {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
  return {
    requests: sorted.length,
    errors,
    seconds,
    rate: sorted.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

/** Runs `operation` from `concurrency` loops for `seconds`; a thrown error counts as an error. */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  operation: (client: number) => Promise<void>,
): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async (client: number) => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await operation(client);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
        if (errors > 1000 && latencies.length === 0) throw new Error('every request fails');
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)));
  return summarize(latencies, errors, (performance.now() - started) / 1000);
}

/** A GET over a keep-alive connection pool; resolves with the status and body. */
export function httpGetter(port: number, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const get = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}
