/**
 * Memory checkpoints of a benchmark's server process, and their comparison: what the process holds
 * at a moment (resident set, and what its heap holds), so a bench can print whether a long run
 * grew it. Helpers of `pages` and any bench that runs the server for long.
 */
import type { ServerProcess } from './server';

export type HeapCheckpoint = { label: string; at: number; rssMb: number; peakMb: number };

/** Node flags the server must start with for checkpoints to see inside its heap. */
export const heapNodeArgs: string[] = [];

/** What the server holds now (it must have been started with `heapNodeArgs`). */
export async function heapCheckpoint(server: ServerProcess, label: string): Promise<HeapCheckpoint> {
  const { rssMb, peakMb } = server.memory();
  return { label, at: Date.now(), rssMb, peakMb };
}

/** Prints how the server's memory moved between two checkpoints. */
export function printHeapComparison(before: HeapCheckpoint, after: HeapCheckpoint, log: (line: string) => void) {
  log(
    `  memory ${before.label} → ${after.label}: resident ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB (peak ${after.peakMb.toFixed(0)} MB)`,
  );
}
