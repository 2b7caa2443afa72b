/**
 * Reads a V8 .cpuprofile (written by `node --cpu-prof`) and sums self time by where the code
 * lives (a package, a file of src/, Node internals, GC), over a time window of the profile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fmt, table } from './commerce';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type ProfileSummary = {
  sampledMs: number;
  idleMs: number;
  byPlace: [string, number][];
  byFunction: [string, number][];
};

function place(url: string, functionName: string, root: string): string {
  if (!url)
    return functionName === '(garbage collector)'
      ? 'GC'
      : functionName === '(idle)'
        ? 'idle'
        : functionName === '(program)'
          ? 'V8 / native (program)'
          : 'native';
  const file = url.startsWith('file://') ? url.slice(7) : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 14).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (file.startsWith('node:')) {
    const parts = file.slice(5).split('/');
    return `node:${parts[0] === 'internal' ? (parts[1] ?? 'internal').replace(/\.js$/, '') : parts[0]}`;
  }
  if (file.startsWith(root)) return path.relative(root, file);
  return file;
}

/** `fromMs`/`toMs`: the window to keep, in ms since the profile started (undefined: all of it). */
export function summarizeProfile(file: string, root: string, fromMs?: number, toMs?: number): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Native frames (syscalls such as writev, V8 builtins) have no file: charge them to the code
  // that called them, and keep socket writes apart.
  const nativePlace = (node: ProfileNode): string => {
    let up = parent.get(node.id);
    while (up !== undefined) {
      const p = byId.get(up)!;
      if (p.callFrame.url) return place(p.callFrame.url, p.callFrame.functionName, root);
      up = parent.get(up);
    }
    return 'native';
  };
  /** Who asked for a socket write: the first caller outside Node's own stream and net code. */
  const writer = (node: ProfileNode): string => {
    let up = parent.get(node.id);
    while (up !== undefined) {
      const p = byId.get(up)!;
      const url = p.callFrame.url;
      if (/node:_http_|node:internal\/http/.test(url)) return 'HTTP replies';
      if (url && !url.startsWith('node:')) return place(url, p.callFrame.functionName, root);
      up = parent.get(up);
    }
    return 'unknown';
  };
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let t = 0; // µs since start
  let sampled = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    const ms = t / 1000;
    if ((fromMs !== undefined && ms < fromMs) || (toMs !== undefined && ms > toMs)) continue;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const fnName = node.callFrame.functionName;
    let where = place(node.callFrame.url, fnName, root);
    if (where === 'native')
      where = /^(writev|writeUtf8String|writeBuffer|writeLatin1String|writeAsciiString)$/.test(fnName)
        ? `socket writes from ${writer(node)}`
        : nativePlace(node);
    const d = delta / 1000;
    if (where === 'idle') {
      idle += d;
      continue;
    }
    sampled += d;
    places.set(where, (places.get(where) ?? 0) + d);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${where}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + d);
  }
  const sort = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { sampledMs: sampled, idleMs: idle, byPlace: sort(places), byFunction: sort(functions) };
}

/** Groups places into a few layers that answer "where does a request spend the server's CPU?". */
export function layerOf(where: string): string {
  if (where.startsWith('socket writes from ')) {
    const from = where.slice('socket writes from '.length);
    return `socket writes (writev) for ${from === 'HTTP replies' ? from : layerOf(from)}`;
  }
  if (where === 'GC') return 'garbage collection';
  if (where.startsWith('V8') || where === 'native') return 'V8 / native (compiling, runtime)';
  if (
    where === 'pg' ||
    where === 'pg-protocol' ||
    where === 'pg-pool' ||
    where === 'pg-types' ||
    where === 'postgres-array' ||
    where === 'buffer-writer' ||
    where === 'packet-reader'
  )
    return 'PostgreSQL driver (pg)';
  if (where === 'drizzle-orm') return 'Drizzle ORM';
  if (where === 'hono' || where === '@hono/node-server') return 'Hono + node-server';
  if (where === 'zod' || where === '@hono/zod-openapi') return 'zod validation';
  if (where === 'pino' || where === 'pino-std-serializers' || where === 'sonic-boom') return 'logging';
  if (where.startsWith('node:')) return 'Node core (http, net, streams, timers)';
  if (where.startsWith('src/')) return `our code: ${where.split('/').slice(1, 3).join('/')}`;
  return `other: ${where}`;
}

/**
 * A summary as the benches print it: CPU by layer, with each layer's cost per unit of work
 * (`per`: the column's label and how many units, e.g. orders sold), then the hottest functions.
 */
export function profileTables(summary: ProfileSummary, per: { label: string; count: number }): string[] {
  const layers = new Map<string, number>();
  for (const [where, ms] of summary.byPlace) layers.set(layerOf(where), (layers.get(layerOf(where)) ?? 0) + ms);
  const share = (ms: number) => `${fmt((100 * ms) / summary.sampledMs, 1)} %`;
  return [
    ...table(
      ['layer', 'CPU s', 'share', per.label],
      [...layers]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 14)
        .map(([layer, ms]) => [layer, fmt(ms / 1000, 2), share(ms), fmt(ms / per.count, 2)]),
    ),
    '  hottest functions (self time):',
    ...summary.byFunction.slice(0, 16).map(([fn, ms]) => `    ${share(ms).padStart(7)}  ${fn}`),
  ];
}
