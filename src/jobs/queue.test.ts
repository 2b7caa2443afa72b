import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { createAccount } from '../modules/accounts';
import { createStatus, listNotifications } from '../modules/social';
import { jobHandlers } from './handlers';
import type { Db, DbOrTx } from '../db/client';
import { createLog } from '../lib/log';
import {
  enqueue as enqueueKind,
  keepScheduled as keepKindScheduled,
  logJobFailures,
  runDueJobs,
  startWorker,
} from './queue';
import { WAIT_LIMIT_MS } from '../../test/support/wait';

// The queue's own machinery, tested with kinds no module uses (kinds.ts types the real ones).
const enqueue = enqueueKind as unknown as (db: DbOrTx, kind: string, payload: unknown, runAt?: Date) => Promise<string>;
const keepScheduled = keepKindScheduled as unknown as (
  db: Db,
  kind: string,
  at: Date,
  counting?: 'any' | 'future',
) => Promise<void>;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('job queue', () => {
  it('logs a failed attempt once, with its error and cause, for the operator', async () => {
    const lines: Record<string, unknown>[] = [];
    logJobFailures(createLog('info', { write: (line: string) => void lines.push(JSON.parse(line)) }));
    try {
      const handlers = {
        'test.fails': async () => {
          throw new Error('the carrier refused', { cause: new Error('HTTP 503') });
        },
      };
      const id = await enqueue(t.ctx.db, 'test.fails', {});
      await runDueJobs(t.ctx.database, handlers, 50);
      const logged = lines.filter((l) => (l.job as { id?: string } | undefined)?.id === id);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ msg: 'job failed', job: { kind: 'test.fails', attempt: 1, outcome: 'retry' } });
      expect(JSON.stringify(logged[0].err)).toContain('HTTP 503');
    } finally {
      logJobFailures(undefined);
    }
  });

  it('runs each due job once even when two workers poll at the same time', async () => {
    const seen: string[] = [];
    const handlers = { 'test.echo': async (p: { n: number }) => void seen.push(String(p.n)) };
    for (let n = 0; n < 20; n++) await enqueue(t.ctx.db, 'test.echo', { n });
    await Promise.all([
      runDueJobs(t.ctx.database, handlers, 7),
      runDueJobs(t.ctx.database, handlers, 7),
      runDueJobs(t.ctx.database, handlers, 7),
    ]);
    await runDueJobs(t.ctx.database, handlers, 50);
    expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, n) => String(n)).sort());
  });

  it('retries a failing job later with backoff and records the error', async () => {
    let calls = 0;
    const handlers = {
      'test.flaky': async () =>
        void (calls++ === 0
          ? (() => {
              throw new Error('boom');
            })()
          : undefined),
    };
    const id = await enqueue(t.ctx.db, 'test.flaky', {});
    await runDueJobs(t.ctx.database, handlers);
    const [row] = await queryRows<{ last_error: string; done_at: Date | null; due_later: boolean }>(
      t.ctx.db,
      sql`select last_error, done_at, run_at > now() as due_later from jobs where id = ${id}`,
    );
    expect(row.last_error).toContain('boom');
    expect(row.done_at).toBeNull();
    expect(row.due_later).toBe(true);
  });

  it('gives a job failing because the database went away its attempt back, and runs it again a little later', async () => {
    const handlers = {
      'test.outage': async () => {
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      },
    };
    const id = await enqueue(t.ctx.db, 'test.outage', {});
    await runDueJobs(t.ctx.database, handlers);
    const [row] = await queryRows<{
      attempts: number;
      last_error: string | null;
      done_at: Date | null;
      due_later: boolean;
    }>(t.ctx.db, sql`select attempts, last_error, done_at, run_at > now() as due_later from jobs where id = ${id}`);
    expect(row).toEqual({ attempts: 0, last_error: null, done_at: null, due_later: true });
  });

  it('wakes the workers when a transaction enqueuing a due job commits, not before, and not for a later job', async () => {
    const ran: string[] = [];
    // A poll far longer than the test: only the wake-up at commit can run the job.
    const worker = await startWorker(
      t.ctx.database,
      { 'test.wake': async (p: { n: string }) => void ran.push(p.n) },
      { pollMs: 3_600_000 },
    );
    try {
      await worker.tick(); // the start-up pass is over
      await t.ctx.db.transaction(async (tx) => {
        await enqueue(tx, 'test.wake', { n: 'later' }, new Date(Date.now() + 3_600_000));
        await enqueue(tx, 'test.wake', { n: 'now' });
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(ran).toEqual([]); // not yet committed
      });
      await expect.poll(() => ran, { timeout: WAIT_LIMIT_MS }).toEqual(['now']);
    } finally {
      await worker.stop();
    }
  });

  it('a parallel lane takes the next job as soon as one ends: a slow job holds only its own slot', async () => {
    const ran: string[] = [];
    let release = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const worker = await startWorker(
      t.ctx.database,
      {
        'test.slot': async (p: { n: string }) => {
          if (p.n === 'slow') await slow;
          ran.push(p.n);
        },
      },
      { pollMs: 50, batch: 2, lane: { kinds: ['test.slot'], parallel: true } },
    );
    try {
      await enqueue(t.ctx.db, 'test.slot', { n: 'slow' });
      for (const n of ['a', 'b', 'c']) await enqueue(t.ctx.db, 'test.slot', { n });
      // Two slots: the slow job keeps one, the three others go through the other, one after another.
      await expect.poll(() => [...ran].sort(), { timeout: WAIT_LIMIT_MS }).toEqual(['a', 'b', 'c']);
      release();
      await expect.poll(() => ran.length, { timeout: WAIT_LIMIT_MS }).toBe(4);
    } finally {
      release();
      await worker.stop();
    }
  });

  it('keeps one job of a recurring kind waiting: asking again adds none; from its own run, the next one', async () => {
    const waiting = async () =>
      (
        await queryRows<{ n: number }>(
          t.ctx.db,
          sql`select count(*)::int as n from jobs where kind = 'test.recurring' and done_at is null`,
        )
      )[0].n;
    await keepScheduled(t.ctx.db, 'test.recurring', new Date(Date.now() - 1000));
    await keepScheduled(t.ctx.db, 'test.recurring', new Date(Date.now() + 3_600_000));
    expect(await waiting()).toBe(1);
    // While the due one runs, it schedules its successor: only a future job counts then.
    await runDueJobs(t.ctx.database, {
      'test.recurring': () => keepScheduled(t.ctx.db, 'test.recurring', new Date(Date.now() + 3_600_000), 'future'),
    });
    expect(await waiting()).toBe(1);
    await keepScheduled(t.ctx.db, 'test.recurring', new Date(Date.now() + 3_600_000), 'future');
    expect(await waiting()).toBe(1);
  });

  it('tells the author and voters when a poll ends', async () => {
    const author = await createAccount({ db: t.ctx.db }, { kind: 'person', username: 'pollster' });
    const social = { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events };
    const post = await createStatus(social, author.id, { text: 'Vote', poll: { options: ['a', 'b'], expiresIn: 300 } });
    await queryRows(
      t.ctx.db,
      sql`update polls set expires_at = now() - interval '1 second' where status_id = ${post.id}`,
    );
    await queryRows(t.ctx.db, sql`update jobs set run_at = now() where kind = 'poll.ended'`);
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    const notes = await listNotifications(social, author.id);
    expect(notes.filter((n) => n.type === 'poll')).toHaveLength(1);
  });
});
