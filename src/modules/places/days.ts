/** Europe/Paris calendar days and times of day, computed with Intl (never by adding hours). */

import { parisDay } from './geo';

export { parisDay };

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Minutes since Paris midnight of an instant (0..1439). */
export function parisMinutes(at: Date): number {
  const [h, m] = timeFormat.format(at).split(':').map(Number);
  return h * 60 + m;
}

/** A calendar day moved by whole days (calendar arithmetic on the date, no time zone involved). */
export function shiftDay(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
