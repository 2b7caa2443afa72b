/**
 * A brand's service-level targets and business hours: read (the defaults when it set nothing),
 * checked and saved. Only `inbox.manage` changes them; the rest of the team reads them.
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { forbidden, notFound, unprocessable } from '../../../lib/errors';
import { roleAllows, roleIn, type Permission } from '../../accounts';

type TeamContext = { db: Db };
import type { BusinessHours } from './business-hours';
import { inboxServiceLevels, type StoredInterval } from './schema';

export type ServiceTargets = {
  enabled: boolean;
  firstResponseMinutes: number;
  nextResponseMinutes: number;
  resolutionMinutes: number;
  hours: BusinessHours;
  /** False while the brand runs on the defaults. */
  custom: boolean;
};

const workday: StoredInterval[] = [[9 * 60, 18 * 60]];
/**
 * A brand that set nothing: first response within 4 business hours, next response within 8,
 * resolution within 3 business days (27 h), Monday to Friday 09:00-18:00 Paris time, no closed day.
 */
export const DEFAULT_TARGETS: ServiceTargets = {
  enabled: true,
  firstResponseMinutes: 4 * 60,
  nextResponseMinutes: 8 * 60,
  resolutionMinutes: 27 * 60,
  hours: { week: [workday, workday, workday, workday, workday, [], []], closed: [] },
  custom: false,
};

/** At most a year of business time: a target beyond it is a typo. */
export const MAX_TARGET_MINUTES = 365 * 24 * 60;
const MAX_CLOSED_DAYS = 400;

export async function targetsOf(db: DbOrTx, brandId: string): Promise<ServiceTargets> {
  const [row] = await db.select().from(inboxServiceLevels).where(eq(inboxServiceLevels.brandId, brandId));
  if (!row) return DEFAULT_TARGETS;
  return {
    enabled: row.enabled,
    firstResponseMinutes: row.firstResponseMinutes,
    nextResponseMinutes: row.nextResponseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    hours: { week: row.week, closed: row.closedDays },
    custom: true,
  };
}

/** The team's role allowing `permission`, or: 404 outside the team (nothing to see), 403 inside it. */
export async function requireTeam(ctx: TeamContext, brandId: string, viewerId: string, permission: Permission) {
  const role = await roleIn(ctx, brandId, viewerId);
  if (!role) throw notFound('Brand');
  if (!roleAllows(role, permission))
    throw forbidden('not_allowed', `Your role on this team does not allow this (${permission})`);
  return role;
}

export type TargetsInput = {
  enabled?: unknown;
  first_response_minutes?: unknown;
  next_response_minutes?: unknown;
  resolution_minutes?: unknown;
  /** Monday first: 7 lists of [open, close] minutes after midnight. */
  week?: unknown;
  closed_days?: unknown;
};

const invalid = (field: string, message: string) => unprocessable('invalid_param', message, { field });

function minutes(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_TARGET_MINUTES)
    throw invalid(field, `${field} must be a whole number of minutes between 1 and ${MAX_TARGET_MINUTES}`);
  return n;
}

function week(value: unknown): StoredInterval[][] {
  if (!Array.isArray(value) || value.length !== 7) throw invalid('week', 'week must list 7 days, Monday first');
  return value.map((day, d) => {
    if (!Array.isArray(day) || day.length > 4) throw invalid('week', `week[${d}] must list up to 4 intervals`);
    const intervals = day.map((iv) => {
      const ok =
        Array.isArray(iv) &&
        iv.length === 2 &&
        iv.every((m) => Number.isInteger(m) && m >= 0 && m <= 1440) &&
        iv[0] < iv[1];
      if (!ok) throw invalid('week', `week[${d}] intervals are [open, close] minutes, open before close`);
      return [iv[0], iv[1]] as StoredInterval;
    });
    intervals.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < intervals.length; i++)
      if (intervals[i][0] < intervals[i - 1][1]) throw invalid('week', `week[${d}] intervals overlap`);
    return intervals;
  });
}

function closedDays(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : String(value).split(/[\s,]+/);
  const days = list.map((v) => String(v).trim()).filter(Boolean);
  if (days.length > MAX_CLOSED_DAYS) throw invalid('closed_days', `At most ${MAX_CLOSED_DAYS} closed days`);
  for (const d of days) {
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    if (!ok) throw invalid('closed_days', `closed_days must be dates YYYY-MM-DD (${d.slice(0, 20)})`);
  }
  return [...new Set(days)].sort();
}

const bool = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1';

/** Checks and saves a brand's targets (inbox.manage); answers what is now in force. */
export async function saveTargets(
  ctx: TeamContext & { clock: { now(): Date } },
  brandId: string,
  viewerId: string,
  input: TargetsInput,
): Promise<ServiceTargets> {
  await requireTeam(ctx, brandId, viewerId, 'inbox.manage');
  const row = {
    brandId,
    enabled: input.enabled === undefined ? true : bool(input.enabled),
    firstResponseMinutes: minutes(input.first_response_minutes, 'first_response_minutes'),
    nextResponseMinutes: minutes(input.next_response_minutes, 'next_response_minutes'),
    resolutionMinutes: minutes(input.resolution_minutes, 'resolution_minutes'),
    week: week(input.week),
    closedDays: closedDays(input.closed_days),
    updatedAt: ctx.clock.now(),
  };
  if (row.enabled && !row.week.some((d) => d.length > 0))
    throw invalid('week', 'Open at least one day, or turn service levels off');
  await ctx.db
    .insert(inboxServiceLevels)
    .values(row)
    .onConflictDoUpdate({ target: inboxServiceLevels.brandId, set: row });
  return targetsOf(ctx.db, brandId);
}
