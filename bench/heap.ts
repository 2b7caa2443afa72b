/**
 * Memory checkpoints of a benchmark's server process, and their comparison: what the process holds
 * at a moment (resident set, split into anonymous and file-backed pages, and what its JavaScript
 * heap holds by constructor), so a bench can print whether a long run grew it. Used by `pages`,
 * `memory` and any bench that runs the server for long.
 *
 * The heap is seen through a real snapshot: the server starts with `--heapsnapshot-signal`, a
 * checkpoint sends the signal, waits for the file and reads it here as a stream (a snapshot of the
 * demo world's server is tens to hundreds of MB: only counts and sizes per constructor are kept,
 * never the whole document), then deletes it. The snapshot runs a full garbage collection first,
 * so two checkpoints compare what is still reachable, not garbage waiting for collection.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ServerProcess } from './server';
import { benchData } from './world';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Count and self size (bytes) of the heap's objects of one constructor (or kind, in parentheses). */
export type HeapGroup = { count: number; bytes: number };
export type HeapSummary = { totalBytes: number; nodes: number; groups: Map<string, HeapGroup>; snapshotMb: number };

export type HeapCheckpoint = {
  label: string;
  at: number;
  /** Resident set now and its peak (VmRSS, VmHWM). */
  rssMb: number;
  peakMb: number;
  /** Anonymous pages (heaps, WebAssembly memory, buffers) and file-backed ones (code, mapped files). */
  anonMb: number;
  fileMb: number;
  /** What the JavaScript heap holds after a full collection; absent without `heapNodeArgs`. */
  heap?: HeapSummary;
  /** The resident set right after the snapshot's full collection (garbage not yet collected before it). */
  rssAfterGcMb?: number;
};

const SIGNAL = 'SIGUSR2';
const snapshotDir = path.join(benchData, 'heap-snapshots');

/** Node flags the server must start with for checkpoints to see inside its heap. */
export const heapNodeArgs: string[] = [`--heapsnapshot-signal=${SIGNAL}`, `--diagnostic-dir=${snapshotDir}`];

function statusMb(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rssMb: kb('VmRSS'), peakMb: kb('VmHWM'), anonMb: kb('RssAnon'), fileMb: kb('RssFile') + kb('RssShmem') };
}

/**
 * What the server holds now (it must have been started with `heapNodeArgs` for the heap part).
 * Measured here: writing a snapshot leaves the server about 150 MB bigger (the snapshot's own
 * working memory is not given back to the system): resident figures taken after a first
 * snapshot are inflated by that much. A bench whose resident set is a target takes its resident
 * figures with `{ snapshot: false }` and its snapshots after them.
 */
export async function heapCheckpoint(
  server: ServerProcess,
  label: string,
  options: { snapshot?: boolean } = {},
): Promise<HeapCheckpoint> {
  // The resident set first: the snapshot itself makes the process grow.
  const memory = statusMb(server.pid);
  const cmdline = fs.readFileSync(`/proc/${server.pid}/cmdline`, 'utf8');
  const wanted = options.snapshot !== false && cmdline.includes('--heapsnapshot-signal');
  const heap = wanted ? await snapshotOf(server.pid) : undefined;
  const rssAfterGcMb = heap ? statusMb(server.pid).rssMb : undefined;
  return { label, at: Date.now(), ...memory, heap, rssAfterGcMb };
}

/** Asks the process for a snapshot, waits until it is written, summarizes it and deletes it. */
async function snapshotOf(pid: number): Promise<HeapSummary> {
  fs.mkdirSync(snapshotDir, { recursive: true });
  const mine = (f: string) => f.endsWith('.heapsnapshot') && f.includes(`.${pid}.`);
  const before = new Set(fs.readdirSync(snapshotDir).filter(mine));
  process.kill(pid, SIGNAL);
  const started = Date.now();
  let file: string | undefined;
  for (;;) {
    if (Date.now() - started > 300_000) throw new Error(`no heap snapshot from process ${pid} within 300 s`);
    file ??= fs.readdirSync(snapshotDir).find((f) => mine(f) && !before.has(f));
    if (file && !isOpenBy(pid, path.join(snapshotDir, file))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const full = path.join(snapshotDir, file);
  try {
    return await summarizeSnapshot(full);
  } finally {
    fs.rmSync(full, { force: true });
  }
}

/** Whether the process still has the file open (the snapshot is written while it is). */
function isOpenBy(pid: number, file: string): boolean {
  const dir = `/proc/${pid}/fd`;
  for (const fd of fs.readdirSync(dir)) {
    try {
      if (fs.readlinkSync(path.join(dir, fd)) === file) return true;
    } catch {
      // An fd closed while we looked.
    }
  }
  return false;
}

/** Constructor names are kept for objects and native objects; every other kind is one group. */
const NAMED_KINDS = new Set(['object', 'native']);
const KIND_GROUP: Record<string, string> = {
  hidden: '(system)',
  array: '(array)',
  string: '(string)',
  'concatenated string': '(string)',
  'sliced string': '(string)',
  code: '(compiled code)',
  closure: '(closure)',
  regexp: '(regexp)',
  number: '(number)',
  synthetic: '(synthetic)',
  symbol: '(symbol)',
  bigint: '(bigint)',
  'object shape': '(object shape)',
};

/**
 * Reads a .heapsnapshot file in one pass with bounded memory: the nodes' numbers are folded into
 * per-name totals as they stream by, edges and traces are skipped, and of the strings table only
 * the names of constructors are decoded.
 */
export async function summarizeSnapshot(file: string): Promise<HeapSummary> {
  const snapshotMb = fs.statSync(file).size / 1024 / 1024;
  type Meta = { node_fields: string[]; node_types: [string[], ...unknown[]] };
  let meta: Meta | undefined;
  let header = '';
  let phase: 'header' | 'nodes' | 'seek' | 'strings' | 'done' = 'header';
  // Nodes: the current number and the field it fills.
  let fieldCount = 0;
  let typeField = 0;
  let nameField = 0;
  let sizeField = 0;
  let kinds: string[] = [];
  let number = 0;
  let inNumber = false;
  let field = 0;
  let nodeType = 0;
  let nodeName = 0;
  let nodeSize = 0;
  let nodes = 0;
  let totalBytes = 0;
  // Per kind (key -1 - kind) or per name's string index (key >= 0) for named kinds.
  const byKey = new Map<number, HeapGroup>();
  // Seeking the strings table: the bytes matched so far of its key.
  const stringsKey = Buffer.from('"strings":[');
  let matched = 0;
  // Strings: index of the current one, whether inside it, escape pending, its bytes when wanted.
  let stringIndex = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] | null = null;
  let partStart = 0;
  const names = new Map<number, string>();

  const endNode = () => {
    nodes++;
    totalBytes += nodeSize;
    const key = NAMED_KINDS.has(kinds[nodeType] ?? '') ? nodeName : -1 - nodeType;
    const group = byKey.get(key);
    if (group) {
      group.count++;
      group.bytes += nodeSize;
    } else byKey.set(key, { count: 1, bytes: nodeSize });
  };
  const endNumber = () => {
    if (field === typeField) nodeType = number;
    else if (field === nameField) nodeName = number;
    else if (field === sizeField) nodeSize = number;
    field++;
    if (field === fieldCount) {
      endNode();
      field = 0;
    }
    number = 0;
    inNumber = false;
  };

  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let i = 0;
    if (phase === 'header') {
      header += chunk.toString('latin1');
      const at = header.indexOf('"nodes":[');
      if (at < 0) continue;
      const parsed = JSON.parse(`${header.slice(0, header.lastIndexOf(',', at))}}`) as { snapshot: { meta: Meta } };
      meta = parsed.snapshot.meta;
      fieldCount = meta.node_fields.length;
      typeField = meta.node_fields.indexOf('type');
      nameField = meta.node_fields.indexOf('name');
      sizeField = meta.node_fields.indexOf('self_size');
      kinds = meta.node_types[0];
      // Where the nodes start in this chunk: the header is ASCII, so characters are bytes.
      i = chunk.length - (header.length - (at + '"nodes":['.length));
      header = '';
      phase = 'nodes';
    }
    for (; i < chunk.length && phase !== 'done'; i++) {
      const c = chunk[i]!;
      if (phase === 'nodes') {
        if (c >= 48 && c <= 57) {
          number = number * 10 + (c - 48);
          inNumber = true;
        } else {
          if (inNumber) endNumber();
          if (c === 93) phase = 'seek'; // ]
        }
      } else if (phase === 'seek') {
        matched = c === stringsKey[matched] ? matched + 1 : c === stringsKey[0] ? 1 : 0;
        if (matched === stringsKey.length) {
          phase = 'strings';
          // Which string indexes are constructor names: only those are decoded.
          for (const key of byKey.keys()) if (key >= 0) names.set(key, '');
        }
      } else if (!inString) {
        if (c === 34) {
          // "
          inString = true;
          parts = names.has(stringIndex) ? [] : null;
          partStart = i;
        } else if (c === 93) phase = 'done';
      } else if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) {
        inString = false;
        if (parts) {
          parts.push(chunk.subarray(partStart, i + 1));
          const text = JSON.parse(Buffer.concat(parts).toString('utf8')) as string;
          names.set(stringIndex, text.length > 120 ? `${text.slice(0, 117)}...` : text);
        }
        stringIndex++;
      }
    }
    // A string wanted that goes on in the next chunk.
    if (phase === 'strings' && inString && parts) {
      parts.push(Buffer.from(chunk.subarray(partStart)));
      partStart = 0;
    }
  }
  if (!meta) throw new Error(`${file} is not a heap snapshot`);
  const groups = new Map<string, HeapGroup>();
  for (const [key, group] of byKey) {
    const name = key >= 0 ? names.get(key) || '(anonymous)' : (KIND_GROUP[kinds[-1 - key] ?? ''] ?? '(other)');
    const into = groups.get(name);
    if (into) {
      into.count += group.count;
      into.bytes += group.bytes;
    } else groups.set(name, { ...group });
  }
  return { totalBytes, nodes, groups, snapshotMb };
}

const ARRAY_BUFFER_DATA = 'system / JSArrayBufferData';
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const signed = (n: number, text: string) => (n >= 0 ? `+${text}` : text);

/** One line of a checkpoint: resident set, its split, and the heap's total. */
export function describeCheckpoint(c: HeapCheckpoint): string {
  // Array buffers' contents (PGlite's WebAssembly memory among them) are outside the JS heap proper.
  const buffers = c.heap?.groups.get(ARRAY_BUFFER_DATA)?.bytes ?? 0;
  const heap = c.heap
    ? `, JS heap ${mb(c.heap.totalBytes - buffers)} MB live in ${c.heap.nodes.toLocaleString('en')} objects + array buffers' contents ${mb(buffers)} MB`
    : '';
  const collected =
    c.rssAfterGcMb === undefined
      ? ''
      : `; ${c.rssAfterGcMb.toFixed(0)} MB resident after the snapshot's full collection`;
  return `resident ${c.rssMb.toFixed(0)} MB (anonymous ${c.anonMb.toFixed(0)}, files ${c.fileMb.toFixed(0)}; peak ${c.peakMb.toFixed(0)} MB)${heap}${collected}`;
}

/** Prints how the server's memory moved between two checkpoints, and the heap's biggest growths. */
export function printHeapComparison(before: HeapCheckpoint, after: HeapCheckpoint, log: (line: string) => void) {
  log(
    `  memory ${before.label} → ${after.label}: resident ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB (peak ${after.peakMb.toFixed(0)} MB), anonymous ${before.anonMb.toFixed(0)} → ${after.anonMb.toFixed(0)} MB`,
  );
  if (!before.heap || !after.heap) return;
  const delta = after.heap.totalBytes - before.heap.totalBytes;
  log(
    `  JS heap after a full collection: ${mb(before.heap.totalBytes)} → ${mb(after.heap.totalBytes)} MB (${signed(delta, mb(delta))} MB), objects ${before.heap.nodes.toLocaleString('en')} → ${after.heap.nodes.toLocaleString('en')}`,
  );
  const rows = [...new Set([...before.heap.groups.keys(), ...after.heap.groups.keys()])].map((name) => {
    const a = before.heap!.groups.get(name) ?? { count: 0, bytes: 0 };
    const b = after.heap!.groups.get(name) ?? { count: 0, bytes: 0 };
    return { name, bytes: b.bytes - a.bytes, count: b.count - a.count, now: b.bytes };
  });
  const growths = rows.filter((r) => r.bytes > 0).sort((x, y) => y.bytes - x.bytes);
  if (!growths.length) {
    log('  no constructor grew');
    return;
  }
  log('  biggest growths by constructor (self size; count):');
  for (const r of growths.slice(0, 10)) {
    const kb = (r.bytes / 1024).toFixed(0);
    log(
      `    ${r.name.padEnd(40)} +${kb.padStart(7)} kB  ${signed(r.count, String(r.count)).padStart(8)}  (now ${mb(r.now)} MB)`,
    );
  }
}

/** The biggest holders of one checkpoint's heap (where the memory is, rather than how it moved). */
export function printHeapTop(c: HeapCheckpoint, log: (line: string) => void, top = 12) {
  if (!c.heap) return;
  const rows = [...c.heap.groups].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, top);
  log(`  JS heap at "${c.label}" by constructor (self size; count):`);
  for (const [name, g] of rows)
    log(`    ${name.padEnd(40)} ${mb(g.bytes).padStart(7)} MB  ${String(g.count).padStart(9)}`);
}

/**
 * Waits until the resident set stops moving (within 2 % over 10 s, at most 120 s): V8 compiles
 * PGlite's hot WebAssembly functions with its optimizing compiler in the background for a while
 * after start and after new work, and that compilation's memory is given back when it ends. What
 * the figure "after start" means: the settled resident set; the peak is printed beside it.
 */
export async function settledResident(server: ServerProcess, log: (line: string) => void, label: string) {
  const started = Date.now();
  const samples: number[] = [];
  let highest = 0;
  for (;;) {
    await sleep(1000);
    const { rssMb } = server.memory();
    highest = Math.max(highest, rssMb);
    samples.push(rssMb);
    const last = samples.slice(-10);
    const stable = last.length === 10 && Math.max(...last) - Math.min(...last) <= 0.02 * Math.max(...last);
    if (stable || Date.now() - started > 120_000) {
      log(
        `  ${label}: resident set ${stable ? 'settled' : 'still moving'} after ${((Date.now() - started) / 1000).toFixed(0)} s at ${rssMb.toFixed(0)} MB (highest sample meanwhile ${highest.toFixed(0)} MB)`,
      );
      return;
    }
  }
}
