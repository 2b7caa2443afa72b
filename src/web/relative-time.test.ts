import { describe, expect, it } from 'vitest';
import { dateText } from '../modules/reputation/views/stars';
import { fullDateText, relativeTimeText, todayInPageZone } from './relative-time';

// 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Paris.
const eve = new Date('2026-12-31T23:30:00Z');

describe('dates on pages: one time zone (Paris), the page’s language', () => {
  it('formats moments in Paris time, in French or English', () => {
    expect(fullDateText('fr', eve)).toBe('1 janv. 2027, 00:30');
    expect(fullDateText('en', eve)).toBe('1 Jan 2027, 00:30');
    expect(dateText('fr', eve)).toBe('1 janvier 2027');
    expect(todayInPageZone(eve)).toBe('2027-01-01');
  });

  it('keeps a date-only value as written, and counts years in Paris time', () => {
    expect(dateText('fr', '2026-11-10')).toBe('10 novembre 2026');
    expect(dateText('en', '2026-11-10')).toBe('10 November 2026');
    // Ten days before 00:30 on 1 January (Paris) is the same year there: no year shown.
    const later = new Date('2027-01-10T12:00:00Z');
    expect(relativeTimeText('fr', eve, later)).toBe('1 janv.');
  });
});
