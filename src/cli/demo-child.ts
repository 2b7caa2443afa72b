/**
 * The demo world built in a child process at first start. The build leaves a lot behind that a
 * process never gives back: the embedded database's memory grows during the build and cannot
 * shrink, and the heap grows with tens of thousands of short-lived objects. Built in a child that
 * then exits, the server opens the finished database afresh (~400 MB instead of ~650 MB after start).
 *
 * The child is the same program (src/main.ts, or dist/main.js once built) started with
 * COMPTOIR_DEMO_CHILD=1: it migrates, builds, prints its progress on the same terminal, and sends
 * the parent each step (for the "being built" page) and the logins table.
 */
import { fork } from 'node:child_process';
import type { Config } from '../config';
import type { DemoStep } from './demo-progress';

export const DEMO_CHILD_ENV = 'COMPTOIR_DEMO_CHILD';

type Message = { type: 'step'; step: DemoStep } | { type: 'done'; lines: string[] };

/** In the parent: builds the demo world in a child process; resolves with the logins table's lines. */
export function buildDemoInChild(onStep: (step: DemoStep) => void): Promise<string[]> {
  const child = fork(process.argv[1]!, process.argv.slice(2), {
    env: { ...process.env, [DEMO_CHILD_ENV]: '1' },
    execArgv: process.execArgv,
  });
  let lines: string[] | null = null;
  child.on('message', (message: Message) => {
    if (message.type === 'step') onStep(message.step);
    if (message.type === 'done') lines = message.lines;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0 && lines) resolve(lines);
      else reject(new Error(`the demo world's build stopped (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** In the child: migrates the new database, builds the world, reports to the parent and exits. */
export async function runDemoChild(config: Config): Promise<never> {
  const send = (message: Message) =>
    new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
  const [{ openDatabase }, { migrate }, { createAppContext }, { buildDemoWorld, printDemoLogins }] = await Promise.all([
    import('../db/client'),
    import('../db/migrate'),
    import('../boot'),
    import('./demo-world'),
  ]);
  const database = await openDatabase(config);
  await migrate(database);
  const ctx = await createAppContext(config, database);
  // Each new step at once, its counts at most four times a second.
  let last = { name: '', at: 0 };
  const onStep = (step: DemoStep) => {
    const now = performance.now();
    if (step.name === last.name && now - last.at < 250) return;
    last = { name: step.name, at: now };
    void send({ type: 'step', step });
  };
  const world = await buildDemoWorld(ctx, { onStep });
  const lines: string[] = [];
  printDemoLogins(world, (line) => lines.push(line));
  await send({ type: 'done', lines });
  await ctx.events.close().catch(() => {});
  await database.close();
  process.exit(0);
}
