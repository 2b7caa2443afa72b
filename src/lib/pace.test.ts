import { describe, expect, it } from 'vitest';
import { pacer } from './pace';

describe('the paced lane of background work', () => {
  it('runs one task at a time, in arrival order, and a failing task does not hold the lane', async () => {
    const lane = pacer({ restRatio: 3, maxRestMs: 50 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      order.push(n);
      running--;
      if (n === 2) throw new Error('feed unreadable');
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => lane.run(task(n))));
    expect(most).toBe(1);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });
});
