/**
 * When a source is fetched next. Every source has its own moment in its interval (a phase drawn
 * from its id, the same at every fetch), so a thousand sources added together by an OPML import
 * fire together once, then spread evenly over the interval instead of hitting the queue at the
 * same second forever. Failures back off exponentially: the delay doubles per failure in a row,
 * up to a day.
 */
import { createHash } from 'node:crypto';

/** A source is never fetched more often than this, whatever its interval says. */
export const MIN_INTERVAL_SECONDS = 60;
export const DEFAULT_INTERVAL_SECONDS = 900;
/** The longest wait after failures: a source down for a week is still tried daily. */
export const MAX_BACKOFF_SECONDS = 24 * 3600;

/** A stable fraction in [0, 1) per source. */
export function phaseOf(sourceId: string): number {
  return createHash('sha256').update(sourceId).digest().readUInt32BE(0) / 2 ** 32;
}

/** The wait after `failures` failed fetches in a row (0 after a success), in seconds, before the phase. */
export function delaySeconds(intervalSeconds: number, failures: number): number {
  const interval = Math.max(MIN_INTERVAL_SECONDS, intervalSeconds || DEFAULT_INTERVAL_SECONDS);
  if (failures <= 0) return interval;
  return Math.min(MAX_BACKOFF_SECONDS, interval * 2 ** Math.min(failures, 30));
}

/**
 * The next due time. After a success: the source's phase in the interval, at least half an
 * interval (and a minute) from now, so gaps stay between 0.5 and 1.5 intervals and average one.
 * After failures: the backoff's delay plus up to a tenth of it, by the same phase.
 */
export function nextFetchAt(sourceId: string, intervalSeconds: number, failures: number, now: Date): Date {
  const phase = phaseOf(sourceId);
  const delayMs = delaySeconds(intervalSeconds, failures) * 1000;
  if (failures > 0) return new Date(now.getTime() + delayMs + Math.floor(phase * delayMs * 0.1));
  const earliest = now.getTime() + Math.max(delayMs / 2, MIN_INTERVAL_SECONDS * 1000);
  const target = Math.floor(phase * delayMs);
  const offset = (((target - earliest) % delayMs) + delayMs) % delayMs;
  return new Date(earliest + offset);
}
