import { parisInstantOf, parisWallOf } from '../lib/paris';

/**
 * Times typed in forms are Paris wall-clock times (`datetime-local` fields, or a bare date for
 * midnight); services take instants. One conversion for every back-office form (places, pop-ups,
 * sales, pre-sales, contests), whatever the season: the offset is Intl's for that very moment.
 */
/**
 * "2026-12-24T18:00" (or "2026-12-24", midnight) in Paris as an ISO instant; any other text is
 * returned as it is, so the service refuses it with its own message (or reads an ISO time as it says).
 */
export function parisFormTime(value: string): string;
export function parisFormTime(value: string | undefined): string | undefined;
export function parisFormTime(value: string | undefined): string | undefined {
  const m = value && /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!m) return value;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  // The offset at the wall time read as UTC is right except within an hour of a change: look twice.
  const at = parisInstantOf(wall);
  return Number.isNaN(at) ? value : new Date(at).toISOString();
}

/** The instant as a `datetime-local` value in Paris (a form's initial value). */
export function parisFormValue(at: Date): string {
  return new Date(parisWallOf(at.getTime())).toISOString().slice(0, 16);
}
