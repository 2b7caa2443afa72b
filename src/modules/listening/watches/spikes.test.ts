import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertsOverSeries, baselineOf, detectSpike, nextCrisisState } from './spikes';

describe('spike detection on synthetic series', () => {
  it('fires when the last 24 h exceed the baseline by k standard deviations', () => {
    // mean 4, σ ≈ 1.07: threshold ≈ 6.14 with k = 2
    const baseline = [3, 5, 4, 6, 3, 4, 3];
    expect(detectSpike(baseline, 12, { k: 2, minCount: 5 }).spike).toBe(true);
    expect(detectSpike(baseline, 6, { k: 2, minCount: 5 }).spike).toBe(false);
    const v = detectSpike(baseline, 12, { k: 2, minCount: 5 });
    expect(v.mean).toBeCloseTo(4, 5);
    expect(v.threshold).toBeCloseTo(v.mean + 2 * v.std, 5);
  });

  it('does not fire on ordinary noise, nor when k is raised', () => {
    const baseline = [10, 14, 9, 12, 15, 11, 13];
    expect(detectSpike(baseline, 15, { k: 2, minCount: 5 }).spike).toBe(false);
    expect(detectSpike(baseline, 18, { k: 2, minCount: 5 }).spike).toBe(true);
    expect(detectSpike(baseline, 18, { k: 4, minCount: 5 }).spike).toBe(false);
  });

  it('guards small baselines with a minimum count', () => {
    const flat = [0, 0, 0, 0, 0, 0, 0];
    expect(baselineOf(flat)).toEqual({ mean: 0, std: 0 });
    // σ = 0: one or two negative posts are above the threshold but below the minimum count
    expect(detectSpike(flat, 1, { k: 2, minCount: 5 }).spike).toBe(false);
    expect(detectSpike(flat, 4, { k: 2, minCount: 5 }).spike).toBe(false);
    expect(detectSpike(flat, 5, { k: 2, minCount: 5 }).spike).toBe(true);
    expect(detectSpike([1, 0, 0, 1, 0, 0, 0], 3, { k: 2, minCount: 5 }).spike).toBe(false);
  });

  it('alerts once per episode, and again for a new episode', () => {
    const days = [
      2, 3, 2, 1, 3, 2, 2, /* episode */ 20, 25, 22, /* calm */ 2, 3, 2, 2, 1, 2, 3, 2, 2, 3, /* new episode */ 30,
    ];
    expect(alertsOverSeries(days, { k: 2, minCount: 5 })).toEqual([7, 20]);
    expect(nextCrisisState(false, { spike: true })).toEqual({ inCrisis: true, alert: true });
    expect(nextCrisisState(true, { spike: true })).toEqual({ inCrisis: true, alert: false });
    expect(nextCrisisState(true, { spike: false })).toEqual({ inCrisis: false, alert: false });
  });

  it('never fires below the minimum count nor at or under the mean (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 7, maxLength: 7 }),
        fc.nat(2000),
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (baseline, current, k, minCount) => {
          const v = detectSpike(baseline, current, { k, minCount });
          if (current < minCount || current <= v.mean) expect(v.spike).toBe(false);
          if (v.spike) expect(current).toBeGreaterThan(v.mean + k * v.std - 1e-9);
        },
      ),
    );
  });

  it('series of any shape give at most one alert per run of spikes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(60), { minLength: 8, maxLength: 60 }), (days) => {
        const alerts = alertsOverSeries(days);
        for (let i = 1; i < alerts.length; i++) expect(alerts[i]).toBeGreaterThan(alerts[i - 1] + 1);
      }),
    );
  });
});
