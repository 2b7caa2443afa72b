import { parisFormTime } from '../../web/paris-time';

/** Midnight in Paris starting `day` (YYYY-MM-DD), or ending it with `nextDay` (a pop-up's last day). */
export function parisInstant(day: string, options: { nextDay?: boolean } = {}): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (options.nextDay ? 1 : 0)));
  return parisFormTime(d.toISOString().slice(0, 10));
}
