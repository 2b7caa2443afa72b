import type { MessageQueue, MessageQueueEnqueueOptions } from '@fedify/fedify';
import type { Db } from '../../db/client';
import { enqueue, enqueueMany } from '../../jobs/queue';

const dueAt = (options?: MessageQueueEnqueueOptions) =>
  options?.delay ? new Date(Date.now() + Math.max(0, options.delay.total('millisecond'))) : undefined;

/**
 * Fedify's message queue on our job queue: each task (a fan-out, one delivery to one inbox, one
 * received activity) is a `federation.task` job, so it survives a restart and any app node may
 * run it. Fedify keeps its own retry policy (it enqueues a retry with a delay); the job runner
 * calls `processQueuedTask` (federation.ts), so `listen` only waits to be stopped.
 */
export function jobMessageQueue(db: Db): MessageQueue {
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
    listen(_handler, options) {
      return new Promise<void>((resolve) => {
        if (options?.signal?.aborted) return resolve();
        options?.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    },
  };
}
