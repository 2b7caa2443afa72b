/**
 * A form's `datetime-local` value ("2026-12-24T18:00") read as Paris time, whatever the server's
 * own zone: the offset comes from Intl for that very moment (summer and winter time differ).
 * A value that already names its offset (ISO with Z or +01:00) is read as it says. Null: not a time.
 */
const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Paris's offset from UTC at `ms`, in ms. */
function offsetAt(ms: number): number {
  const parts = Object.fromEntries(PARIS.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

export function parisLocalTime(value: string): Date | null {
  const s = value.trim();
  if (!s) return null;
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(s)) return null;
  const naive = Date.parse(`${s}Z`);
  if (Number.isNaN(naive)) return null;
  const first = naive - offsetAt(naive);
  return new Date(naive - offsetAt(first));
}
