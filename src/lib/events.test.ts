import { describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createEventBus } from './events';

/** A database whose NOTIFY fails as told. */
const failingNotify = (error: Error) =>
  ({
    kind: 'pg',
    listen: async () => async () => {},
    notify: async () => {
      throw error;
    },
  }) as unknown as Database;

describe('the live event bus', () => {
  it('drops an event it cannot publish because the database went away, and reports any other failure', async () => {
    const gone = await createEventBus(
      failingNotify(Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' })),
    );
    await expect(gone.publish({ type: 'delete', statusId: 's', accountId: 'a' })).resolves.toBeUndefined();
    const broken = await createEventBus(failingNotify(new Error('payload string too long')));
    await expect(broken.publish({ type: 'delete', statusId: 's', accountId: 'a' })).rejects.toThrow('too long');
  });
});
