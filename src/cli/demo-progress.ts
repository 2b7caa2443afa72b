/**
 * Progress of the demo world's build: seven steps with their counts. On a terminal a bar per step
 * (cli-progress); elsewhere (a service's log, a pipe) one line when each step starts. Whoever
 * starts the build may also follow the steps (the server's "being built" page shows the current one).
 */
import cliProgress from 'cli-progress';

export const DEMO_STEPS = ['accounts', 'brands', 'follows', 'posts', 'shop', 'listening', 'moderation'] as const;
export type DemoStepName = (typeof DEMO_STEPS)[number];

/** Where the build is: step `index` (1-based) of `steps`, `done` of `total` items (total 0: not counted). */
export type DemoStep = { name: DemoStepName; index: number; steps: number; done: number; total: number };

const LABELS: Record<DemoStepName, string> = {
  accounts: 'people and their avatars',
  brands: 'brands, charters and teams',
  follows: 'follows',
  posts: 'posts, replies, likes and polls',
  shop: 'catalogues, orders and reviews',
  listening: 'listening watches',
  moderation: 'moderation queues and notifications',
};

export type DemoProgress = {
  /** Starts a step (the previous one is finished); `total` items when they are counted. */
  step(name: DemoStepName, total?: number): void;
  tick(n?: number): void;
  finish(): void;
};

export type ProgressOptions = {
  /** 'bar' on a terminal, 'lines' elsewhere, 'none' for tests. */
  mode: 'bar' | 'lines' | 'none';
  onStep?: (step: DemoStep) => void;
  write?: (line: string) => void;
};

export function demoProgress(options: ProgressOptions): DemoProgress {
  const write = options.write ?? ((line: string) => console.log(line));
  let current: DemoStep | null = null;
  let bar: cliProgress.SingleBar | null = null;
  const closeBar = () => {
    if (bar && current) bar.update(current.total || 1);
    bar?.stop();
    bar = null;
  };
  return {
    step(name, total = 0) {
      closeBar();
      const index = DEMO_STEPS.indexOf(name) + 1;
      current = { name, index, steps: DEMO_STEPS.length, done: 0, total };
      options.onStep?.({ ...current });
      const title = `Demo world ${index}/${DEMO_STEPS.length}: ${LABELS[name]}`;
      if (options.mode === 'lines') write(total ? `${title} (${total})…` : `${title}…`);
      if (options.mode === 'bar') {
        bar = new cliProgress.SingleBar(
          { format: `${title.padEnd(62)} {bar} {value}/{total}`, hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total || 1, 0);
      }
    },
    tick(n = 1) {
      if (!current) return;
      current.done += n;
      options.onStep?.({ ...current });
      if (current.total) bar?.update(Math.min(current.done, current.total));
    },
    finish() {
      closeBar();
      current = null;
    },
  };
}
