// The withdrawal period in Europe/Paris days: day boundaries, weekends, public holidays, DST.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parisWallOf } from '../../../lib/paris';
import { frenchHolidays, isWorkingDay, parisDate, periodEnd } from './period';

const DAY = 86_400_000;
const utc = (iso: string) => new Date(iso);
const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));

describe('periodEnd', () => {
  it('ends at 23:59:59.999 Paris of the 14th day after delivery (winter, UTC+1)', () => {
    // Wednesday 4 March 2026, 10:00 in Paris.
    expect(periodEnd(utc('2026-03-04T09:00:00Z')).toISOString()).toBe('2026-03-18T22:59:59.999Z');
  });

  it('counts the Paris day of delivery, not the UTC one (00:30 Paris is still the day before in UTC)', () => {
    // Friday 6 March 2026 at 00:30 in Paris is 5 March 23:30 UTC: the 14th day is Friday 20 March.
    expect(periodEnd(utc('2026-03-05T23:30:00Z')).toISOString()).toBe('2026-03-20T22:59:59.999Z');
  });

  it('runs on to the Monday when the 14th day is a Saturday or a Sunday', () => {
    expect(periodEnd(utc('2026-01-10T10:00:00Z')).toISOString()).toBe('2026-01-26T22:59:59.999Z');
    expect(periodEnd(utc('2026-01-11T10:00:00Z')).toISOString()).toBe('2026-01-26T22:59:59.999Z');
  });

  it('runs on past public holidays: Easter Monday, then 1 May followed by a weekend', () => {
    // Monday 23 March 2026 + 14 = Easter Monday 6 April (summer time, UTC+2): Tuesday 7 April.
    expect(periodEnd(utc('2026-03-23T09:00:00Z')).toISOString()).toBe('2026-04-07T21:59:59.999Z');
    // Friday 17 April + 14 = Friday 1 May, then Saturday, Sunday: Monday 4 May.
    expect(periodEnd(utc('2026-04-17T09:00:00Z')).toISOString()).toBe('2026-05-04T21:59:59.999Z');
  });

  it('ends at Paris midnight across the spring and autumn clock changes', () => {
    // Delivered in winter time (20 March 2026), ends in summer time (3 April, UTC+2).
    expect(periodEnd(utc('2026-03-20T22:30:00Z')).toISOString()).toBe('2026-04-03T21:59:59.999Z');
    // Delivered in summer time (15 October 2026), ends in winter time (29 October, UTC+1).
    expect(periodEnd(utc('2026-10-15T08:00:00Z')).toISOString()).toBe('2026-10-29T22:59:59.999Z');
  });
});

describe('French public holidays', () => {
  it('knows the moving feasts of 2026 and 2027 (Easter Monday, Ascension, Whit Monday)', () => {
    const h26 = frenchHolidays(2026);
    for (const d of ['2026-04-06', '2026-05-14', '2026-05-25', '2026-07-14', '2026-11-11', '2026-12-25'])
      expect(h26.has(day(d)), d).toBe(true);
    const h27 = frenchHolidays(2027);
    for (const d of ['2027-03-29', '2027-05-06', '2027-05-17']) expect(h27.has(day(d)), d).toBe(true);
    expect(h26.size).toBe(11);
    expect(isWorkingDay(day('2026-04-07'))).toBe(true);
    expect(isWorkingDay(day('2026-05-08'))).toBe(false);
  });
});

describe('property: the period never ends before 14 full Paris days', () => {
  it('holds for any delivery instant from 2020 to 2040', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const delivered = new Date(ms);
        const end = periodEnd(delivered);
        const last = parisDate(end);
        // The last day is at least the 14th after the delivery day, and a working day...
        expect(last - parisDate(delivered)).toBeGreaterThanOrEqual(14 * DAY);
        expect(isWorkingDay(last)).toBe(true);
        // ...and every day it ran on to was a weekend day or a holiday.
        for (let d = parisDate(delivered) + 14 * DAY; d < last; d += DAY) expect(isWorkingDay(d)).toBe(false);
        // It ends on the last millisecond of a Paris day, and the next instant is the next day.
        expect(parisWallOf(end.getTime()) % DAY).toBe(DAY - 1);
        expect(parisDate(new Date(end.getTime() + 1))).toBe(last + DAY);
        // More than 14 days of 24 hours after delivery, whatever the clock changes (at most 1 h).
        expect(end.getTime() - ms).toBeGreaterThan(14 * DAY - 3_600_000);
      }),
      { numRuns: 2000 },
    );
  });
});
