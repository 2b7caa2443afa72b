import type { MessageQueue, MessageQueueEnqueueOptions } from '@fedify/fedify';
import type { Database } from '../../db/client';
import { enqueue, enqueueMany, startWorker } from '../../jobs/queue';

const dueAt = (options?: MessageQueueEnqueueOptions) =>
  options?.delay ? new Date(Date.now() + Math.max(0, options.delay.total('millisecond'))) : undefined;

/**
 * Fedify's message queue on our job queue: each task (a fan-out, one delivery to one inbox, one
 * received activity) is a `federation.task` job, so it survives a restart and any app node may
 * run it. Fedify keeps its own retry policy (it enqueues a retry with a delay). In the app, the
 * job workers' network lane runs these jobs through `processQueuedTask` (federation.ts), so
 * Fedify never calls `listen`; `listen` is still a complete listener (claims the jobs with
 * SKIP LOCKED, parallel, woken by NOTIFY) for any other user of the queue, such as Fedify's tests.
 */
export function jobMessageQueue(database: Database): MessageQueue {
  const db = database.db;
  return {
    async enqueue(message, options) {
      await enqueue(db, 'federation.task', { message }, dueAt(options));
    },
    async enqueueMany(messages, options) {
      await enqueueMany(
        db,
        'federation.task',
        messages.map((message) => ({ message })),
        dueAt(options),
      );
    },
    async listen(handler, options) {
      if (options?.signal?.aborted) return;
      const worker = await startWorker(
        database,
        { 'federation.task': (payload: { message: unknown }) => Promise.resolve(handler(payload.message)) },
        { lane: { kinds: ['federation.task'], parallel: true }, batch: 8, pollMs: 200 },
      );
      await new Promise<void>((resolve) => {
        if (options?.signal?.aborted) return resolve();
        options?.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      await worker.stop();
    },
  };
}
