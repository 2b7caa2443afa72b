/**
 * Business-time arithmetic, pure: a brand's opening hours are Paris wall-clock intervals per
 * weekday, so every step goes through Intl's offset for that very moment (never "add an hour"):
 * a DST weekend (last Sunday of March or October) keeps 09:00 at 09:00 whatever UTC says.
 */
import { parisInstantOf, parisWallOf } from '../../../lib/paris';

export const BUSINESS_ZONE = 'Europe/Paris';

/** Minutes after local midnight: [open, close), close > open, within one day. */
export type Interval = readonly [number, number];

export type BusinessHours = {
  /** Index 0 = Monday … 6 = Sunday; a day without intervals is closed. */
  week: readonly (readonly Interval[])[];
  /** Local dates (YYYY-MM-DD) closed all day: public holidays. */
  closed: readonly string[];
};

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Two years of days: a calendar with some open minute somewhere finds it well before. */
const HORIZON_DAYS = 800;

const isoDay = (wallDay: number) => new Date(wallDay * DAY).toISOString().slice(0, 10);
/** Monday 0 … Sunday 6 of a local day number (days since 1970-01-01, a Thursday). */
const weekdayOf = (wallDay: number) => (((wallDay + 3) % 7) + 7) % 7;

/** The open intervals of local day `wallDay` (empty on closed days), in ms after local midnight. */
function openOn(hours: BusinessHours, wallDay: number, closed: ReadonlySet<string>): [number, number][] {
  if (closed.has(isoDay(wallDay))) return [];
  return (hours.week[weekdayOf(wallDay)] ?? [])
    .map(([a, b]) => [a * MINUTE, b * MINUTE] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
}

/** Whether the calendar has any open minute in a week (otherwise no due time can be computed). */
export function hasOpenHours(hours: BusinessHours): boolean {
  return hours.week.some((day) => day.some(([a, b]) => b > a));
}

/**
 * `start` plus `minutes` of business time: time outside the intervals and on closed days does not
 * count. The answer is inside an interval (its close included). Null when the calendar never opens.
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date | null {
  if (!hasOpenHours(hours)) return null;
  const closed = new Set(hours.closed);
  let remaining = Math.max(0, minutes) * MINUTE;
  const wall = parisWallOf(start.getTime());
  const firstDay = Math.floor(wall / DAY);
  for (let day = firstDay; day < firstDay + HORIZON_DAYS; day++) {
    const from = day === firstDay ? wall - day * DAY : 0;
    for (const [a, b] of openOn(hours, day, closed)) {
      const begin = Math.max(a, from);
      if (begin >= b) continue;
      if (remaining <= b - begin) return new Date(parisInstantOf(day * DAY + begin + remaining));
      remaining -= b - begin;
    }
  }
  return null;
}

/** Business minutes from `a` to `b` (0 when b is not after a): what a report counts. */
export function businessMinutesBetween(a: Date, b: Date, hours: BusinessHours): number {
  if (b.getTime() <= a.getTime() || !hasOpenHours(hours)) return 0;
  const closed = new Set(hours.closed);
  const wa = parisWallOf(a.getTime());
  const wb = parisWallOf(b.getTime());
  const firstDay = Math.floor(wa / DAY);
  const lastDay = Math.floor(wb / DAY);
  let total = 0;
  for (let day = firstDay; day <= lastDay && day < firstDay + HORIZON_DAYS * 5; day++) {
    for (const [x, y] of openOn(hours, day, closed)) {
      const from = Math.max(day * DAY + x, wa);
      const to = Math.min(day * DAY + y, wb);
      if (to > from) total += to - from;
    }
  }
  return Math.round(total / MINUTE);
}

/** Whether `at` falls within business hours (an interval's open and close both count). */
export function isBusinessTime(at: Date, hours: BusinessHours): boolean {
  const wall = parisWallOf(at.getTime());
  const day = Math.floor(wall / DAY);
  const inDay = wall - day * DAY;
  const closed = new Set(hours.closed);
  if (openOn(hours, day, closed).some(([a, b]) => inDay >= a && inDay <= b)) return true;
  // Midnight closes a day open until 24:00: that close counts, as every close does.
  return inDay === 0 && openOn(hours, day - 1, closed).some(([, b]) => b === DAY);
}

/** "09:00" ↔ 540. */
export const minutesOfClock = (clock: string): number | null => {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(clock.trim());
  if (!m) return null;
  const v = +m[1] * 60 + +m[2];
  return v <= 24 * 60 ? v : null;
};
export const clockOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
