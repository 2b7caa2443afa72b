/** The back-office's times are Paris wall-clock times (datetime-local fields); offsets come from Intl. */
const TZ = 'Europe/Paris';

function offsetAt(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** "2026-12-12T10:00" in Paris -> the instant; null when it is not such a value. */
export function parisLocalToDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  let at = new Date(wall - offsetAt(new Date(wall)));
  at = new Date(wall - offsetAt(at));
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The instant as a datetime-local value in Paris. */
export function dateToParisLocal(at: Date): string {
  return new Date(at.getTime() + offsetAt(at)).toISOString().slice(0, 16);
}
