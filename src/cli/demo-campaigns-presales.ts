/**
 * The demo world's pre-sale: Maison Lin offers a washed-linen jacket it has not made yet, 40
 * units to reach within three weeks; twenty demo people (not on its team) have pledged one each,
 * so the page shows it half-way ("20 / 40, 20 days left"). Nothing is charged until 40.
 */
import type { AppContext } from '../context';
import type { Account, BrandRole } from '../modules/accounts';
import { createPresale, pledge } from '../modules/campaigns';
import { createProduct, saveAddress, savePaymentMethod } from '../modules/commerce';
import { addDemoProductImages } from './demo-product-images';

const DAY = 86_400_000;

export async function createDemoPresales(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<number> {
  const brand = brands.find((b) => b.username === 'maison_lin') ?? brands[0];
  const team = brand ? teams.get(brand.id) : undefined;
  const owner = team?.find((m) => m.role === 'owner')?.account;
  if (!brand || !owner) return 0;
  const product = await createProduct(ctx, owner.id, brand.id, {
    title: 'Veste en lin lavé (prévente)',
    description:
      'Notre première veste : lin français lavé, coupe droite, boutons en corozo. Nous la fabriquons si 40 personnes la veulent.',
    status: 'draft',
    variants: ['S', 'M', 'L'].map((size) => ({
      sku: `ML-VESTE-${size}`,
      options: { Taille: size },
      priceAmount: 18_900,
      currency: 'EUR',
      stock: 0,
    })),
  });
  await addDemoProductImages(ctx, owner.id, product);
  const now = ctx.clock.now().getTime();
  const presale = await createPresale(ctx, owner.id, brand.id, {
    productId: product.id,
    thresholdUnits: 40,
    capUnits: 120,
    deadline: new Date(now + 20 * DAY + 3600_000).toISOString(),
    expectedDelivery: new Date(now + 75 * DAY).toISOString().slice(0, 10),
  });
  const teamIds = new Set(team!.map((m) => m.account.id));
  const pledgers = people.filter((p) => !teamIds.has(p.id)).slice(0, 20);
  for (const [i, person] of pledgers.entries()) {
    const method = await savePaymentMethod(ctx, person.id, { provider: 'test', token: 'tok_visa' });
    await saveAddress(ctx.db, person.id, {
      name: person.displayName || person.username,
      line1: `${4 + i} rue des Tisserands`,
      postal_code: '44000',
      city: 'Nantes',
      country: 'FR',
    });
    const variant = product.variants[i % product.variants.length]!;
    await pledge(
      ctx,
      person.id,
      presale.id,
      { variantId: variant.id, quantity: 1, paymentMethodId: method.id },
      `demo-presale-${i}`,
    );
  }
  return pledgers.length;
}
