// The demo world's community and customer service (issue "Community and inbox"), in the order
// they depend on each other: the inbox's targets before its conversations (so they get due times).
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { createDemoCustomers } from './demo-customers';
import { createDemoInbox } from './demo-inbox';
import { createDemoQa } from './demo-qa';
import { createDemoServiceLevels } from './demo-sla';
import { createDemoSpaces } from './demo-spaces';

export async function createDemoCommunity(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<void> {
  await createDemoQa(ctx, brands, teams, people); // product Q&A: answered questions, a FAQ on a few products
  await createDemoServiceLevels(ctx, brands, teams); // inbox service levels: targets, business hours, holidays
  await createDemoInbox(ctx, brands, teams, people); // inbox: conversations in every state, saved replies, round robin
  await createDemoSpaces(ctx, brands, teams, people); // spaces: a public and a members-only space, an accepted answer
  await createDemoCustomers(ctx, brands, teams, people); // customers' files: labels and a note on Chloé
}
