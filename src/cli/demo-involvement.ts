// The demo world's fans who sell and what involvement returns (issue "Ambassadors and analytics"),
// in the order they depend on each other: ambassadors' orders before their commissions, every
// interaction before the ladder's collector reads them.
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { createDemoAmbassadors } from './demo-ambassadors';
import { createDemoFunnel } from './demo-funnel';
import { createDemoLadder } from './demo-ladder';
import { createDemoLedger } from './demo-ledger';

export async function createDemoInvolvement(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<void> {
  await createDemoAmbassadors(ctx, brands, teams, people); // a programme, links, picks, visits, orders
  await createDemoLedger(ctx, brands, teams, people); // commissions: pending, payable after delivery, a payout
  await createDemoFunnel(ctx); // 90 days of reach, cards opened and Buy clicks; orders from posts and the pop-up
  await createDemoLadder(ctx, brands, teams, people); // 90 days of the cheese shop's engagement ladder
}
