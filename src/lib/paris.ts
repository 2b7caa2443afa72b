/**
 * Europe/Paris wall-clock time, whatever the season: the offset is Intl's for that very moment,
 * never a number of hours added by hand. Wall times are written as if they were UTC milliseconds.
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

/** Paris's offset from UTC at instant `ms`, in ms. */
export function parisOffsetAt(ms: number): number {
  const p = Object.fromEntries(PARIS.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant whose Paris wall clock reads `wall`. */
export function parisInstantOf(wall: number): number {
  // The offset at the wall time read as UTC is right except within an hour of a change: look twice.
  return wall - parisOffsetAt(wall - parisOffsetAt(wall));
}

/** The Paris wall clock at instant `ms`. */
export const parisWallOf = (ms: number) => ms + parisOffsetAt(ms);

const parisDayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Europe/Paris (YYYY-MM-DD) of an instant: a check-in's `local_day`, an analytics day. */
export function parisDay(at: Date): string {
  return parisDayFormat.format(at);
}
