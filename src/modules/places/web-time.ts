/**
 * Dates typed in forms are Paris wall-clock times (a date, or a date and a time without an
 * offset); the services take instants. These turn one into the other, whatever the season.
 */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Minutes Paris is ahead of UTC at `at`. */
function parisOffsetMinutes(at: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** The instant of a Paris wall-clock time; the input unchanged when it is not one (the service then refuses it). */
export function parisLocalInput(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return value;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  // The offset at the wall time read as UTC is right except within an hour of a change: look twice.
  let at = wall - parisOffsetMinutes(wall) * 60_000;
  at = wall - parisOffsetMinutes(at) * 60_000;
  return Number.isNaN(at) ? value : new Date(at).toISOString();
}

/** Midnight in Paris starting `day` (YYYY-MM-DD), or ending it with `nextDay`. */
export function parisInstant(day: string, options: { nextDay?: boolean } = {}): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (options.nextDay ? 1 : 0)));
  return parisLocalInput(d.toISOString().slice(0, 10));
}
