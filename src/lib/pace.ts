/**
 * Background work that competes with visitors for this process's thread and the database's CPU
 * (reading and storing outside feeds, matching their items) goes through one paced lane: one task
 * at a time, then a rest in proportion to the time it took, so a burst of such work (a thousand
 * sources due at once) takes at most a share of the process instead of all of it.
 */
export type Pacer = {
  /** Runs `task` when the lane is free; the lane rests `restRatio` times its duration (at most `maxRestMs`) afterwards. */
  run<T>(task: () => Promise<T>): Promise<T>;
};

export function pacer(options: { restRatio: number; maxRestMs: number }): Pacer {
  let busy = false;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };
  const acquire = (): Promise<void> => {
    if (!busy) {
      busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    async run(task) {
      await acquire();
      const started = performance.now();
      try {
        return await task();
      } finally {
        const rest = Math.min(options.maxRestMs, (performance.now() - started) * options.restRatio);
        setTimeout(release, rest).unref();
      }
    },
  };
}
