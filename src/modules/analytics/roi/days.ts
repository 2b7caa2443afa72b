/**
 * Calendar arithmetic on Paris days written YYYY-MM-DD. A Paris day is already a calendar date, so
 * adding days or finding a Monday is plain date arithmetic: no hours are added, DST cannot shift it.
 */
import { parisDay } from '../../../lib/paris';

export type Interval = 'day' | 'week' | 'month';
export const intervals: readonly Interval[] = ['week', 'month', 'day'];

/** A bucket: the Paris days it covers, both included. */
export type DayRange = { from: string; to: string };

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

export const shiftDay = (day: string, by: number) => dayOf(ms(day) + by * 86_400_000);
export const today = (now: Date) => parisDay(now);

/** The first day of the bucket after the one holding `day`. */
function nextStart(day: string, interval: Interval): string {
  if (interval === 'day') return shiftDay(day, 1);
  if (interval === 'week') {
    // getUTCDay on the date itself: 0 Sunday … 6 Saturday; weeks start on Monday.
    const weekday = (new Date(ms(day)).getUTCDay() + 6) % 7;
    return shiftDay(day, 7 - weekday);
  }
  const d = new Date(ms(day));
  return dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/**
 * The buckets of [from, to]: calendar weeks (Monday to Sunday), months or days, the first and last
 * cut to the period, so every day of the period is in exactly one bucket.
 */
export function bucketsOf(range: DayRange, interval: Interval): DayRange[] {
  const out: DayRange[] = [];
  for (let start = range.from; start <= range.to; ) {
    const next = nextStart(start, interval);
    const end = shiftDay(next, -1);
    // Days as YYYY-MM-DD sort as dates: the earlier of the bucket's end and the period's.
    out.push({ from: start, to: [end, range.to].sort()[0]! });
    start = next;
  }
  return out;
}

/** The number of days of a range, both ends included. */
export const lengthOf = (r: DayRange) => Math.round((ms(r.to) - ms(r.from)) / 86_400_000) + 1;
