import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, isBusinessTime, type BusinessHours } from './business-hours';

const weekdays: BusinessHours = {
  week: [[[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[540, 1080]], [[600, 780]], []],
  closed: ['2027-05-01', '2027-12-25', '2026-12-25'],
};
const split: BusinessHours = {
  week: [
    [
      [480, 720],
      [840, 1140],
    ],
    [[480, 720]],
    [],
    [[600, 610]],
    [[0, 1440]],
    [],
    [[540, 1020]],
  ],
  closed: ['2027-03-29', '2027-11-01'],
};

const iso = (d: Date | null) => d?.toISOString();
// Instants around 2026-2028, including both DST weekends of each year.
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms));
const dstWeekend = fc
  .constantFrom(
    Date.UTC(2027, 2, 26, 12),
    Date.UTC(2027, 9, 29, 12),
    Date.UTC(2028, 2, 24, 12),
    Date.UTC(2028, 9, 27, 12),
  )
  .chain((base) => fc.integer({ min: 0, max: 4 * 86_400_000 }).map((d) => new Date(base + d)));
const calendar = fc.constantFrom(weekdays, split);

describe('business hours', () => {
  it('a message at Friday 17:55 with 30 minutes to answer is due Monday 09:25 (Paris)', () => {
    // 2027-01-15 is a Friday; Paris is UTC+1 in January.
    const monToFri = { ...weekdays, week: [...weekdays.week.slice(0, 5), [], []] };
    expect(iso(addBusinessMinutes(new Date('2027-01-15T16:55:00Z'), 30, monToFri))).toBe('2027-01-18T08:25:00.000Z');
  });

  it('keeps 09:00 at 09:00 across both DST changes', () => {
    // Friday 2027-03-26 17:00 (UTC+1) + 120 min -> Saturday 10:00 + 60 -> Sat 11:00 (still UTC+1)...
    expect(iso(addBusinessMinutes(new Date('2027-03-26T16:00:00Z'), 60 + 180 + 30, weekdays))).toBe(
      // Fri 17:00-18:00 (60), Sat 10:00-13:00 (180), Monday 29 March 09:30 in summer time (UTC+2).
      '2027-03-29T07:30:00.000Z',
    );
    expect(iso(addBusinessMinutes(new Date('2027-10-29T15:00:00Z'), 60 + 180 + 30, weekdays))).toBe(
      // Friday 29 October 17:00 (UTC+2) ... Monday 1 November 09:30 in winter time (UTC+1).
      '2027-11-01T08:30:00.000Z',
    );
  });

  it('skips closed days', () => {
    // Thursday 2026-12-24 17:30 + 60: 30 that day, Friday 25 closed, Saturday 10:00 + 30.
    expect(iso(addBusinessMinutes(new Date('2026-12-24T16:30:00Z'), 60, weekdays))).toBe('2026-12-26T09:30:00.000Z');
  });

  it('a calendar with no open hour gives no due time', () => {
    expect(addBusinessMinutes(new Date(), 30, { week: [[], [], [], [], [], [], []], closed: [] })).toBeNull();
  });

  it('a due time at the end of a day open until midnight is within business hours', () => {
    // Found by the property below (the `split` calendar): Thursday open 00:00–24:00, the due time lands at its end.
    const due = addBusinessMinutes(new Date('2028-10-29T16:00:00.000Z'), 4940, split)!;
    expect(isBusinessTime(due, split)).toBe(true);
  });

  it('adding business minutes lands within business hours', () => {
    fc.assert(
      fc.property(fc.oneof(instant, dstWeekend), fc.integer({ min: 1, max: 5000 }), calendar, (start, m, hours) => {
        const due = addBusinessMinutes(start, m, hours)!;
        expect(isBusinessTime(due, hours)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
      }),
    );
  });

  it('is monotonic in the minutes and in the start', () => {
    fc.assert(
      fc.property(
        fc.oneof(instant, dstWeekend),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        calendar,
        (start, a, b, shift, hours) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(addBusinessMinutes(start, lo, hours)!.getTime()).toBeLessThanOrEqual(
            addBusinessMinutes(start, hi, hours)!.getTime(),
          );
          const later = new Date(start.getTime() + shift);
          expect(addBusinessMinutes(start, a, hours)!.getTime()).toBeLessThanOrEqual(
            addBusinessMinutes(later, a, hours)!.getTime(),
          );
        },
      ),
    );
  });

  it('counts back what it added, across DST weekends and closed days', () => {
    fc.assert(
      fc.property(fc.oneof(instant, dstWeekend), fc.integer({ min: 1, max: 4000 }), calendar, (start, m, hours) => {
        const due = addBusinessMinutes(start, m, hours)!;
        expect(businessMinutesBetween(start, due, hours)).toBe(m);
      }),
    );
  });
});
