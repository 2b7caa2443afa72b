/**
 * The demo world's campaigns (issue 13), after its shop and places: Maison Lin's winter sale and
 * pre-sale, the workshop's numbered edition, the cheese shop's open contest and running pop-up
 * store (at its place, so after the places) with a product in early access.
 */
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { createDemoContests } from './demo-campaigns-contests';
import { createDemoEditions } from './demo-campaigns-editions';
import { createDemoCampaignsPopup } from './demo-campaigns-popup';
import { createDemoPresales } from './demo-campaigns-presales';
import { createDemoCampaignSales } from './demo-campaigns-sales';

export async function createDemoCampaigns(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<void> {
  await createDemoCampaignSales(ctx, brands, teams);
  await createDemoPresales(ctx, brands, teams, people);
  await createDemoEditions(ctx, brands, teams);
  await createDemoContests(ctx, brands, teams, people);
  await createDemoCampaignsPopup(ctx, brands, teams);
}
