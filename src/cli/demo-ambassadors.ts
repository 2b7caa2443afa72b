/**
 * Ambassadors in the demo world: the Fromagerie des Canuts opens a programme (10 %, 30 days), two
 * people are its accepted ambassadors with product links, picks and visits, a third has applied
 * and waits; a few shoppers buy through the ambassadors' links (commerce's real checkout, with the
 * link's code as the API's `ref` does), some of those orders shipped and delivered, so the
 * ledger's demo and the analytics have orders to build on.
 *
 * Called once by buildDemoWorld after the shop exists, at the real time. Deterministic: people are
 * taken in the world's (seeded) order, skipping the brands' teams and Chloé (the shopper login).
 * Shoppers pay with a card no ambassador saved, so their orders earn (not 'same_payment').
 */
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { addAmbassador, addPick, applyToProgram, makeLink, recordVisit, saveProgram } from '../modules/ambassadors';
import { deliverOrder, placeOrder, saveAddress, savePaymentMethod, shipOrder } from '../modules/commerce';
import { queryRows } from '../db/client';
import { sql } from 'drizzle-orm';
import { newToken } from '../lib/crypto';

export type DemoAmbassadors = { ambassadors: number; links: number; visits: number; orders: number };

const TERMS =
  'Recommandez nos fromages à vos proches avec vos liens personnels. 10 % du montant TTC de chaque ' +
  'commande payée dans les 30 jours suivant un clic, versés après le délai de rétractation. ' +
  'Pas de commission sur vos propres achats.';

export async function createDemoAmbassadors(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<DemoAmbassadors> {
  const out: DemoAmbassadors = { ambassadors: 0, links: 0, visits: 0, orders: 0 };
  const brand = brands.find((b) => b.username === 'fromagerie_canuts') ?? brands[0];
  const owner = teams.get(brand?.id ?? '')?.find((m) => m.role === 'owner')?.account;
  if (!brand || !owner) return out;
  const products = await queryRows<{ id: string; variant_id: string }>(
    ctx.db,
    sql`select p.id, (select v.id from variants v where v.product_id = p.id order by v.position limit 1) as variant_id
        from products p where p.brand_id = ${brand.id} and p.status = 'published' order by p.created_at, p.id limit 6`,
  );
  if (products.length === 0) return out;
  await saveProgram(ctx, owner.id, brand.id, {
    commission_percent: 10,
    window_days: 30,
    return_window_days: 14,
    min_payout: { amount: 2000, currency: 'EUR' },
    terms: TERMS,
  });

  const members = new Set([...teams.values()].flat().map((m) => m.account.id));
  const free = people.filter((p) => !members.has(p.id) && p.username !== 'chloe' && p.kind === 'person');
  // From the end of the list: the shop's demo takes its shoppers from the start.
  const [first, second, waiting, ...rest] = free.slice(-9).reverse();
  const shoppers = rest.slice(0, 5);
  if (!first || !second) return out;

  const now = () => ctx.clock.now();
  const links: { code: string; linkId: string; ambassadorId: string; variantId: string }[] = [];
  for (const [i, person] of [first, second].entries()) {
    const { ambassador } = await addAmbassador(ctx, owner.id, brand.id, person.id, { accept: true });
    out.ambassadors++;
    for (const product of products.slice(i, i + 3)) {
      const { link } = await makeLink(ctx, person.id, ambassador.id, { product_id: product.id });
      links.push({ code: link.code, linkId: link.id, ambassadorId: ambassador.id, variantId: product.variant_id });
      out.links++;
    }
    for (const product of products.slice(i, i + 2)) await addPick(ctx, person.id, ambassador.id, product.id);
    // A few anonymous clicks on each link.
    for (const link of links.filter((l) => l.ambassadorId === ambassador.id))
      for (let k = 0; k < 3 + i; k++) {
        await recordVisit(
          ctx.db,
          { id: link.linkId, ambassadorId: ambassador.id, brandId: brand.id },
          { visitor: newToken(18), accountId: null, fromStatusId: null, at: now() },
        );
        out.visits++;
      }
  }
  if (waiting)
    await applyToProgram(
      ctx,
      waiting.id,
      brand.id,
      'Je vends déjà vos fromages à mes voisins du marché, avec plaisir !',
    );

  // Shoppers buy through the links (the API's `ref`), paying with a card no ambassador saved.
  for (const [i, shopper] of shoppers.entries()) {
    const link = links[i % links.length]!;
    if (!link.variantId) continue;
    const method = await savePaymentMethod(ctx, shopper.id, { provider: 'test', token: 'tok_mastercard' });
    const address = {
      name: shopper.displayName || shopper.username,
      line1: `${8 + i * 5} rue de la Charité`,
      postal_code: '69002',
      city: 'Lyon',
      country: 'FR',
    };
    await saveAddress(ctx.db, shopper.id, address);
    const placed = await placeOrder(ctx, shopper.id, {
      lines: [{ variantId: link.variantId, quantity: 1 + (i % 2) }],
      paymentMethodId: method.id,
      shippingAddress: address,
      referral: { code: link.code },
    });
    out.orders++;
    out.visits++;
    if (placed.status !== 'paid' || i % 3 === 2) continue;
    await shipOrder(ctx, owner.id, placed.orderId, {
      carrier: 'Colissimo',
      trackingNumber: `6A${String(20_000_000_000 + i * 7_919).slice(-11)}`,
    });
    if (i % 3 === 0) await deliverOrder(ctx, owner.id, placed.orderId);
  }
  return out;
}
