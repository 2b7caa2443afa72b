/**
 * Group commit: calls that arrive while a batch is being written wait and are written together
 * in the next batch, in one transaction. Under contention (a flash sale on one product) this
 * takes the hot row's lock once per batch instead of once per buyer. `lanes` batches may run at
 * once (1 on PGlite, which has a single connection). Reads batch the same way (bearer tokens):
 * alone, a call runs at once; under load, one statement serves a whole wave.
 */
export class GroupCommit<T, R> {
  private readonly queues: {
    items: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[];
    running: boolean;
  }[];

  constructor(
    private readonly run: (items: T[]) => Promise<(R | Error)[]>,
    lanes = 1,
    private readonly maxBatch = 250,
    private readonly laneOf: (item: T) => string = () => '',
  ) {
    this.queues = Array.from({ length: Math.max(1, lanes) }, () => ({ items: [], running: false }));
  }

  submit(item: T): Promise<R> {
    const queue = this.queues[hash(this.laneOf(item)) % this.queues.length];
    return new Promise<R>((resolve, reject) => {
      queue.items.push({ item, resolve, reject });
      if (!queue.running) void this.drain(queue);
    });
  }

  private async drain(queue: (typeof this.queues)[number]) {
    queue.running = true;
    try {
      while (queue.items.length > 0) {
        const batch = queue.items.splice(0, this.maxBatch);
        try {
          const results = await this.run(batch.map((b) => b.item));
          batch.forEach((b, i) => (results[i] instanceof Error ? b.reject(results[i]) : b.resolve(results[i] as R)));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      queue.running = false;
    }
  }
}

function hash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h);
}
