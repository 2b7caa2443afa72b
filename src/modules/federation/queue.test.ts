/**
 * Our Fedify message queue (federation tasks as jobs of our queue) passes Fedify's own test suite
 * for message queues: enqueue, delayed enqueue, enqueueMany (plain and delayed), and two
 * listeners on one store taking each message once.
 */
import { testMessageQueue } from '@fedify/testing';
import { afterAll, beforeAll, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { jobMessageQueue } from './queue';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('passes Fedify’s message queue tests', async () => {
  await testMessageQueue(
    () => jobMessageQueue(t.ctx.database),
    ({ controller }) => controller.abort(),
  );
});
