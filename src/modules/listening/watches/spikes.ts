/**
 * Crisis detection, pure (no database): is the last 24 hours' count of negative matches a spike
 * against the 7-day baseline? The baseline is the mean and (population) standard deviation of
 * the negative counts of the 7 previous days; a spike is a count above mean + k·σ. Small
 * baselines make σ tiny (a flat 0, 0, 0… baseline has σ = 0, so a single negative post would
 * exceed it): a spike must also reach a minimum count.
 */
export type SpikeOptions = { k: number; minCount: number };
export type SpikeVerdict = { spike: boolean; current: number; mean: number; std: number; threshold: number };

export const DEFAULT_SPIKE: SpikeOptions = { k: 2, minCount: 5 };

export function baselineOf(days: readonly number[]): { mean: number; std: number } {
  if (days.length === 0) return { mean: 0, std: 0 };
  const mean = days.reduce((a, b) => a + b, 0) / days.length;
  const variance = days.reduce((a, b) => a + (b - mean) ** 2, 0) / days.length;
  return { mean, std: Math.sqrt(variance) };
}

/** `baseline`: negative counts of the 7 previous days; `current`: the last 24 hours. */
export function detectSpike(
  baseline: readonly number[],
  current: number,
  options: SpikeOptions = DEFAULT_SPIKE,
): SpikeVerdict {
  const { mean, std } = baselineOf(baseline);
  const threshold = mean + options.k * std;
  return { spike: current > threshold && current >= options.minCount, current, mean, std, threshold };
}

/**
 * One alert per episode: an alert when a spike starts, none while it lasts, and the episode
 * ends when the window is back under the threshold.
 */
export function nextCrisisState(
  inCrisis: boolean,
  verdict: Pick<SpikeVerdict, 'spike'>,
): { inCrisis: boolean; alert: boolean } {
  if (verdict.spike) return { inCrisis: true, alert: !inCrisis };
  return { inCrisis: false, alert: false };
}

/**
 * Runs the detector over a series of windows (e.g. daily negative counts, or hourly checks of a
 * sliding 24-hour count with the daily baseline behind each): returns the indexes where an
 * alert goes out. Used by tests on synthetic series, and documents how the job behaves.
 */
export function alertsOverSeries(daily: readonly number[], options: SpikeOptions = DEFAULT_SPIKE): number[] {
  const out: number[] = [];
  let inCrisis = false;
  for (let i = 7; i < daily.length; i++) {
    const verdict = detectSpike(daily.slice(i - 7, i), daily[i], options);
    const next = nextCrisisState(inCrisis, verdict);
    if (next.alert) out.push(i);
    inCrisis = next.inCrisis;
  }
  return out;
}
