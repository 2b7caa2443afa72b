/**
 * The legal periods of a withdrawal, in Europe/Paris days (L221-18, L221-23, L221-24). A period of
 * 14 days starts the day after its event (delivery, request) and ends at the end of its 14th day;
 * a period ending on a Saturday, a Sunday or a public holiday runs on to the end of the next
 * working day (article L221-19, applying the European rule of regulation 1182/71).
 */
import { parisDay, parisInstantOf } from '../../../lib/paris';

const DAY = 86_400_000;
export const WITHDRAWAL_DAYS = 14;

/** Easter Sunday (Gregorian, anonymous algorithm) as UTC midnight of that date. */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

const holidayCache = new Map<number, Set<number>>();

/** France's public holidays of a year (metropolitan list), as UTC midnights of their dates. */
export function frenchHolidays(year: number): Set<number> {
  let set = holidayCache.get(year);
  if (!set) {
    const e = easter(year);
    const fixed = [
      [1, 1],
      [5, 1],
      [5, 8],
      [7, 14],
      [8, 15],
      [11, 1],
      [11, 11],
      [12, 25],
    ].map(([m, d]) => Date.UTC(year, m - 1, d));
    // Easter Monday, Ascension Thursday, Whit Monday.
    set = new Set([...fixed, e + DAY, e + 39 * DAY, e + 50 * DAY]);
    holidayCache.set(year, set);
  }
  return set;
}

/** A date (UTC midnight of it) that is neither a weekend day nor a French public holiday. */
export function isWorkingDay(date: number): boolean {
  const weekday = new Date(date).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !frenchHolidays(new Date(date).getUTCFullYear()).has(date);
}

/** The Paris calendar date of an instant, as UTC midnight of that date. */
export function parisDate(at: Date): number {
  const [y, m, d] = parisDay(at).split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/**
 * The last instant (23:59:59.999 in Paris) of a period of `days` days after the Paris day of
 * `from`, extended to the next working day when it would end on a weekend or a public holiday.
 */
export function periodEnd(from: Date, days = WITHDRAWAL_DAYS): Date {
  let last = parisDate(from) + days * DAY;
  while (!isWorkingDay(last)) last += DAY;
  // Midnight of the next day always exists in Paris (clocks change at 2 or 3 a.m.).
  return new Date(parisInstantOf(last + DAY) - 1);
}
