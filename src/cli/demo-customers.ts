/**
 * The customer's file in the demo world: Fromagerie des Canuts' team has labelled Chloé (a
 * regular of its Lyon shop) and its community manager left a private note about her, so her
 * file (/brands/fromagerie_canuts/customers/<id>) shows labels and notes next to what she did.
 */
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { addCustomerNote, setCustomerLabels } from '../modules/inbox';

export async function createDemoCustomers(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<void> {
  const brand = brands.find((b) => b.username === 'fromagerie_canuts');
  const chloe = people.find((p) => p.username === 'chloe');
  const writer = brand && teams.get(brand.id)?.find((m) => m.role === 'community_manager');
  if (!brand || !chloe || !writer) return;
  const key = { brandId: brand.id, accountId: chloe.id, viewerId: writer.account.id };
  await setCustomerLabels(ctx, key, ['Habituée Lyon', 'Comté affiné', 'Ambassadrice potentielle']);
  await addCustomerNote(ctx, key, {
    text: 'Préfère le comté 24 mois ; ravie de goûter les nouveautés. Lui proposer la dégustation de décembre.',
  });
}
