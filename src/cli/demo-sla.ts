/**
 * The demo brand's service levels (Fromagerie des Canuts): answers within an hour on weekdays
 * 09:00-18:00 and Saturday mornings, resolution within two working days, French public holidays
 * closed. Runs before the demo inbox so its conversations get due times from these targets.
 */
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { saveTargets } from '../modules/inbox';

const day: [number, number][] = [[9 * 60, 18 * 60]];
const HOLIDAYS = [
  '2026-12-25',
  '2027-01-01',
  '2027-03-29',
  '2027-05-01',
  '2027-05-06',
  '2027-05-08',
  '2027-05-17',
  '2027-07-14',
  '2027-08-15',
  '2027-11-01',
  '2027-11-11',
  '2027-12-25',
];

export async function createDemoServiceLevels(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
): Promise<void> {
  const brand = brands.find((b) => b.username === 'fromagerie_canuts') ?? brands[0];
  const owner = brand ? teams.get(brand.id)?.find((m) => m.role === 'owner')?.account : undefined;
  if (!brand || !owner) return;
  await saveTargets(ctx, brand.id, owner.id, {
    enabled: true,
    first_response_minutes: 60,
    next_response_minutes: 120,
    resolution_minutes: 2 * 9 * 60,
    week: [day, day, day, day, day, [[10 * 60, 13 * 60]], []],
    closed_days: HOLIDAYS,
  });
}
