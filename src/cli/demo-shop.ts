/**
 * The shop in the demo world: each brand's catalog (published products with variants), a few
 * shoppable brand posts, shoppers with a saved test card and an address who buy, orders the
 * brands ship and deliver, and reviews of what was delivered: most approved by the brand's team
 * (so product pages show averages and distributions), a few left pending in the brands' queues,
 * one customer-service "review" that triage turns into a question, and one brand reply.
 * Chloé (the shopper login) keeps one delivered order unreviewed, for a visitor to review.
 *
 * Called once by buildDemoWorld after the posts exist, at the real time; everything goes through
 * the real services (catalog, checkout, orders, reviews, moderation). Deterministic: the plan is
 * fixed and the shoppers are taken in the world's (seeded) order of people.
 */
import type { AppContext } from '../context';
import { actingAccountId, type Account, type BrandRole } from '../modules/accounts';
import {
  createProduct,
  deliverOrder,
  placeOrder,
  saveAddress,
  savePaymentMethod,
  shipOrder,
  type ProductView,
} from '../modules/commerce';
import { decide } from '../modules/moderation';
import { createReview, replyToReview } from '../modules/reputation';
import { createStatus } from '../modules/social';

type DemoVariant = { sku: string; options: Record<string, string>; price: number; stock: number };
type DemoProduct = { title: string; description: string; variants: DemoVariant[] };
type DemoCatalog = { products: DemoProduct[]; posts: { text: string; products: number[] }[] };

/** By brand username (DEMO_BRANDS), in the same order. */
export const DEMO_CATALOGS: Record<string, DemoCatalog> = {
  fromagerie_canuts: {
    products: [
      {
        title: 'Saint-marcellin affiné',
        description:
          'Le petit fromage crémeux des Terres froides, affiné chez nous à la Croix-Rousse jusqu’à ce qu’il coule juste ce qu’il faut. À servir à température ambiante.',
        variants: [
          { sku: 'FC-STM-1', options: { Format: 'À l’unité' }, price: 390, stock: 40 },
          { sku: 'FC-STM-3', options: { Format: 'Lot de 3' }, price: 1050, stock: 20 },
        ],
      },
      {
        title: 'Comté 24 mois',
        description:
          'Un comté de garde, fruité et légèrement cristallin, sélectionné meule par meule dans le Jura. Parfait en fin de repas ou en copeaux sur une salade.',
        variants: [
          { sku: 'FC-CMT-250', options: { Poids: '250 g' }, price: 850, stock: 30 },
          { sku: 'FC-CMT-500', options: { Poids: '500 g' }, price: 1650, stock: 15 },
        ],
      },
      {
        title: 'Cervelle de canut maison',
        description:
          'Fromage blanc battu, ciboulette, échalote, un filet de vinaigre et d’huile : la recette lyonnaise, préparée chaque matin.',
        variants: [{ sku: 'FC-CDC-200', options: { Pot: '200 g' }, price: 550, stock: 25 }],
      },
      {
        title: 'Plateau découverte des Alpes',
        description:
          'Cinq fromages de montagne choisis selon la saison (tomme, beaufort, reblochon, bleu, chèvre), avec une fiche de dégustation.',
        variants: [
          { sku: 'FC-PLT-4', options: { Taille: '4 personnes' }, price: 3200, stock: 10 },
          { sku: 'FC-PLT-8', options: { Taille: '8 personnes' }, price: 5900, stock: 6 },
        ],
      },
    ],
    posts: [
      {
        text: 'Le saint-marcellin de la semaine est à point : crémeux, presque coulant. Disponible à l’unité ou par trois 🧀',
        products: [0],
      },
      {
        text: 'Pour vos apéros entre amis : notre plateau découverte des Alpes, et la cervelle de canut du matin.',
        products: [3, 2],
      },
      {
        text: 'Nouvelle meule de comté 24 mois ouverte ce matin. Notes de noisette et de beurre noisette.',
        products: [1],
      },
    ],
  },
  atelier_velo_nantes: {
    products: [
      {
        title: 'Révision complète à l’atelier',
        description:
          'Réglage des freins et des vitesses, dévoilage des roues, graissage de la transmission et contrôle de sécurité. Votre vélo prêt en 48 h.',
        variants: [
          { sku: 'AVN-REV-STD', options: { Formule: 'Vélo classique' }, price: 6900, stock: 20 },
          { sku: 'AVN-REV-VAE', options: { Formule: 'Vélo électrique' }, price: 8900, stock: 12 },
        ],
      },
      {
        title: 'Chambre à air renforcée',
        description:
          'Chambre à air épaisse, valve Presta ou Schrader, pour rouler sur les pavés nantais sans crever toutes les semaines.',
        variants: [
          { sku: 'AVN-CHB-700', options: { Taille: '700x28-32' }, price: 890, stock: 50 },
          { sku: 'AVN-CHB-26', options: { Taille: '26 pouces' }, price: 790, stock: 35 },
        ],
      },
      {
        title: 'Antivol en U certifié',
        description:
          'Antivol en U acier trempé, homologué, livré avec son support de cadre. Le meilleur rapport sécurité/poids de l’atelier.',
        variants: [{ sku: 'AVN-ANT-U', options: { Modèle: 'Standard' }, price: 4900, stock: 18 }],
      },
      {
        title: 'Kit éclairage rechargeable',
        description:
          'Phare avant 400 lumens et feu arrière, rechargeables en USB-C, fixations sans outil. Indispensable pour le vélotaf d’hiver.',
        variants: [{ sku: 'AVN-ECL-KIT', options: { Modèle: 'Avant + arrière' }, price: 3900, stock: 25 }],
      },
    ],
    posts: [
      {
        text: 'L’hiver arrive : vérifiez vos lumières ! Notre kit rechargeable tient toute la semaine de vélotaf.',
        products: [3],
      },
      {
        text: 'Les créneaux de révision de décembre sont ouverts. Classique ou électrique, on s’occupe de tout.',
        products: [0],
      },
      {
        text: 'Trois vols de vélos cette semaine dans le quartier. Un bon antivol en U, c’est la base 🔒',
        products: [2, 1],
      },
    ],
  },
  maison_lin: {
    products: [
      {
        title: 'Chemise en lin lavé',
        description:
          'Lin français lavé, coupe droite, boutons en corozo. Elle se froisse avec élégance et s’adoucit à chaque lavage.',
        variants: [
          { sku: 'ML-CHM-S', options: { Taille: 'S' }, price: 8900, stock: 12 },
          { sku: 'ML-CHM-M', options: { Taille: 'M' }, price: 8900, stock: 15 },
          { sku: 'ML-CHM-L', options: { Taille: 'L' }, price: 8900, stock: 10 },
        ],
      },
      {
        title: 'Pantalon large en lin',
        description:
          'Taille élastiquée, poches profondes, lin épais tissé en Normandie. Confectionné dans notre atelier du 11e.',
        variants: [
          { sku: 'ML-PNT-36', options: { Taille: '36' }, price: 11500, stock: 8 },
          { sku: 'ML-PNT-40', options: { Taille: '40' }, price: 11500, stock: 8 },
        ],
      },
      {
        title: 'Tote bag en chutes de lin',
        description:
          'Cousu à partir des chutes de l’atelier : chaque sac est unique. Anses renforcées, poche intérieure.',
        variants: [{ sku: 'ML-TOT-U', options: { Taille: 'Unique' }, price: 2900, stock: 30 }],
      },
    ],
    posts: [
      {
        text: 'La chemise en lin lavé revient en S, M et L. Toujours cousue à l’atelier, toujours en lin français.',
        products: [0],
      },
      { text: 'Rien ne se perd : nos chutes de lin deviennent des tote bags, tous différents.', products: [2, 1] },
    ],
  },
  torrefaction_garonne: {
    products: [
      {
        title: 'Éthiopie Yirgacheffe',
        description:
          'Café lavé aux notes de jasmin, de bergamote et d’agrumes. Torréfaction claire, idéal en filtre ou en V60.',
        variants: [
          { sku: 'TG-ETH-250', options: { Poids: '250 g', Mouture: 'Grains' }, price: 1250, stock: 40 },
          { sku: 'TG-ETH-1K', options: { Poids: '1 kg', Mouture: 'Grains' }, price: 4200, stock: 12 },
        ],
      },
      {
        title: 'Brésil Cerrado',
        description:
          'Chocolat, noisette, peu d’acidité : le café rond du quotidien, torréfié aux Chartrons chaque mardi.',
        variants: [
          { sku: 'TG-BRA-250', options: { Poids: '250 g', Mouture: 'Grains' }, price: 950, stock: 50 },
          { sku: 'TG-BRA-250M', options: { Poids: '250 g', Mouture: 'Moulu espresso' }, price: 950, stock: 30 },
        ],
      },
      {
        title: 'Décaféiné Colombie',
        description: 'Décaféiné à l’eau, sans solvant. Caramel et fruits rouges : le plaisir du café, même le soir.',
        variants: [{ sku: 'TG-DEC-250', options: { Poids: '250 g', Mouture: 'Grains' }, price: 1100, stock: 25 }],
      },
      {
        title: 'Coffret dégustation trois origines',
        description:
          'Trois sachets de 100 g pour comparer l’Éthiopie, le Brésil et le café du moment, avec nos conseils d’extraction.',
        variants: [{ sku: 'TG-COF-3', options: { Format: '3 × 100 g' }, price: 2400, stock: 15 }],
      },
    ],
    posts: [
      {
        text: 'Torréfaction du mardi : le Brésil Cerrado sort du four. En grains ou moulu pour votre espresso ☕',
        products: [1],
      },
      {
        text: 'Une idée cadeau pour les curieux : le coffret trois origines, à comparer côte à côte.',
        products: [3, 0],
      },
    ],
  },
};

/** What each shopper buys: [brand index, product index, variant index]; `ship: false` stays paid, `deliver: false` stays shipped. */
type Purchase = {
  brand: number;
  product: number;
  variant: number;
  quantity?: number;
  ship?: boolean;
  deliver?: boolean;
};

/** Reviews of delivered purchases, by [shopper index, purchase index]. `keep: 'pending'` leaves it in the queue. */
type DemoReview = { shopper: number; purchase: number; rating: number; title: string; body: string; keep?: 'pending' };

// Shopper 0 is always chloe; the others are the first people of the world without a brand.
const PURCHASES: Purchase[][] = [
  [
    { brand: 0, product: 1, variant: 0 },
    { brand: 3, product: 0, variant: 0 },
    { brand: 0, product: 0, variant: 1 },
  ],
  [
    { brand: 0, product: 0, variant: 0, quantity: 2 },
    { brand: 2, product: 0, variant: 1 },
  ],
  [
    { brand: 1, product: 3, variant: 0 },
    { brand: 3, product: 1, variant: 0 },
  ],
  [
    { brand: 3, product: 0, variant: 1 },
    { brand: 1, product: 1, variant: 0, quantity: 2 },
    { brand: 2, product: 1, variant: 0, deliver: false },
  ],
  [
    { brand: 2, product: 0, variant: 0 },
    { brand: 0, product: 3, variant: 0 },
  ],
  [
    { brand: 1, product: 2, variant: 0 },
    { brand: 3, product: 3, variant: 0 },
    { brand: 0, product: 2, variant: 0, ship: false },
  ],
  [
    { brand: 0, product: 1, variant: 1 },
    { brand: 1, product: 0, variant: 0 },
  ],
];

const REVIEWS: DemoReview[] = [
  // chloe reviews her comté and leaves her coffee (purchase 1) and saint-marcellin (purchase 2) for the visitor.
  {
    shopper: 0,
    purchase: 0,
    rating: 5,
    title: 'Un comté comme au Jura',
    body: 'Fruité, long en bouche, avec ces petits cristaux qu’on adore. Bien emballé, arrivé frais. Je recommande sans hésiter.',
  },
  {
    shopper: 1,
    purchase: 0,
    rating: 5,
    title: 'Crémeux à souhait',
    body: 'Les saint-marcellin étaient parfaitement affinés, coulants à cœur. On a fini les deux le soir même avec du pain de campagne.',
  },
  {
    shopper: 1,
    purchase: 1,
    rating: 4,
    title: 'Belle chemise, taille un peu grand',
    body: 'Le lin est doux et de belle qualité, les finitions sont soignées. Elle taille un peu grand : j’aurais dû prendre la taille en dessous.',
  },
  {
    shopper: 2,
    purchase: 0,
    rating: 5,
    title: 'On me voit enfin la nuit',
    body: 'Le phare éclaire vraiment bien la piste cyclable et la batterie tient la semaine. Fixation simple, sans outil comme promis.',
  },
  {
    shopper: 2,
    purchase: 1,
    rating: 3,
    title: 'Bon café, un peu trop torréfié à mon goût',
    body: 'Le Brésil est rond et agréable en espresso, mais ce paquet avait un goût un peu brûlé comparé au précédent. Correct sans plus cette fois.',
  },
  {
    shopper: 3,
    purchase: 0,
    rating: 5,
    title: 'Le jasmin est bien là',
    body: 'Cette Éthiopie donne un café floral et lumineux en V60, exactement comme décrit. Le kilo est un bon calcul si on en boit tous les jours.',
  },
  {
    shopper: 3,
    purchase: 1,
    rating: 2,
    title: 'Valves qui fuient',
    body: 'Sur les deux chambres à air, une a perdu de la pression en quelques jours. L’atelier a été réactif au téléphone, mais c’est décevant pour du renforcé.',
    keep: 'pending',
  },
  {
    shopper: 4,
    purchase: 0,
    rating: 4,
    title: 'Joli lin, couleur fidèle',
    body: 'La chemise est conforme aux photos, le lin lavé est agréable dès le premier port. Un bouton était un peu lâche, vite recousu.',
  },
  {
    shopper: 4,
    purchase: 1,
    rating: 4,
    title: 'Plateau généreux',
    body: 'Cinq fromages bien choisis et la fiche de dégustation a amusé nos invités. Le bleu était un peu fort pour certains, mais c’est une question de goût.',
    keep: 'pending',
  },
  {
    shopper: 5,
    purchase: 0,
    rating: 5,
    title: 'Solide et pas trop lourd',
    body: 'L’antivol se range bien sur le cadre grâce au support. Il a l’air costaud, je suis plus serein en laissant mon vélo à la gare.',
  },
  {
    shopper: 5,
    purchase: 1,
    rating: 4,
    title: 'Super idée cadeau',
    body: 'Le coffret permet vraiment de comparer les origines. J’aurais aimé des sachets un peu plus grands pour refaire les essais.',
  },
  {
    shopper: 6,
    purchase: 0,
    rating: 3,
    title: 'Bon comté mais cher',
    body: 'Le goût est là, rien à redire sur la qualité. Le prix du demi-kilo reste élevé par rapport au marché, d’où trois étoiles.',
  },
  {
    shopper: 6,
    purchase: 1,
    rating: 5,
    title: 'Vélo comme neuf',
    body: 'Révision faite en deux jours, freins et vitesses parfaitement réglés, et on m’a expliqué ce qui avait été changé. Merci à l’équipe.',
    keep: 'pending',
  },
];

/** The customer-service message written as a review by shopper 3, about a parcel still on its way (purchase 2). */
const QUESTION = {
  shopper: 3,
  purchase: 2,
  rating: 1,
  title: 'Commande pas arrivée',
  body: 'Toujours pas reçu mon colis, où est ma commande ?',
};

/** The brand's public answer to shopper 2's three-star coffee review. */
const REPLY = {
  shopper: 2,
  purchase: 1,
  body: 'Merci pour ce retour honnête ! Ce lot a été torréfié un peu plus longtemps : nous avons ajusté le profil, et le prochain paquet devrait vous plaire davantage.',
};

const STREETS = [
  'rue de la République',
  'rue Paul Bellamy',
  'rue du Faubourg Saint-Antoine',
  'cours de l’Intendance',
  'rue Mercière',
  'quai de la Fosse',
  'rue Notre-Dame',
];
const POSTCODES: Record<string, string> = { Lyon: '69002', Nantes: '44000', Paris: '75011', Bordeaux: '33000' };
const CITY_OF = ['Lyon', 'Nantes', 'Paris', 'Bordeaux'];

export type DemoShop = { products: number; shoppablePosts: number; orders: number; delivered: number; reviews: number };

export async function createDemoShop(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<DemoShop> {
  const out: DemoShop = { products: 0, shoppablePosts: 0, orders: 0, delivered: 0, reviews: 0 };
  const social = { db: ctx.db, config: ctx.config, events: ctx.events };
  const ownerOf = (brand: Account) => teams.get(brand.id)!.find((m) => m.role === 'owner')!.account;

  // Catalogs, then the brands' shoppable posts.
  const catalog: ProductView[][] = [];
  for (const brand of brands) {
    const spec = DEMO_CATALOGS[brand.username];
    const owner = ownerOf(brand);
    const made: ProductView[] = [];
    for (const p of spec?.products ?? []) {
      made.push(
        await createProduct(ctx, owner.id, brand.id, {
          title: p.title,
          description: p.description,
          status: 'published',
          variants: p.variants.map((v) => ({
            sku: v.sku,
            options: v.options,
            priceAmount: v.price,
            currency: 'EUR',
            stock: v.stock,
          })),
        }),
      );
      out.products++;
    }
    catalog.push(made);
    await actingAccountId({ db: ctx.db }, owner.id, brand.id);
    for (const post of spec?.posts ?? []) {
      await createStatus(
        social,
        brand.id,
        { text: post.text, language: 'fr', extensions: { products: post.products.map((i) => made[i]!.id) } },
        owner.id,
      );
      out.shoppablePosts++;
    }
  }

  // Shoppers: chloe first, then people without a brand, in the world's order.
  const members = new Set([...teams.values()].flat().map((m) => m.account.id));
  const chloe = people.find((p) => p.username === 'chloe');
  const others = people.filter((p) => !members.has(p.id) && p.username !== 'chloe');
  const shoppers = [chloe, ...others].filter((p): p is Account => Boolean(p)).slice(0, PURCHASES.length);

  const orderIds: string[][] = [];
  for (const [i, shopper] of shoppers.entries()) {
    const city = CITY_OF[i % CITY_OF.length]!;
    const address = {
      name: shopper.displayName || shopper.username,
      line1: `${3 + i * 7} ${STREETS[i % STREETS.length]}`,
      postal_code: POSTCODES[city],
      city,
      country: 'FR',
    };
    const method = await savePaymentMethod(ctx, shopper.id, { provider: 'test', token: 'tok_visa', makeDefault: true });
    await saveAddress(ctx.db, shopper.id, address, true);
    const ids: string[] = [];
    for (const buy of PURCHASES[i]!) {
      const brand = brands[buy.brand];
      const variant = catalog[buy.brand]?.[buy.product]?.variants[buy.variant];
      if (!brand || !variant) continue;
      const placed = await placeOrder(ctx, shopper.id, {
        lines: [{ variantId: variant.id, quantity: buy.quantity ?? 1 }],
        paymentMethodId: method.id,
        shippingAddress: address,
      });
      out.orders++;
      ids.push(placed.orderId);
      if (placed.status !== 'paid' || buy.ship === false) continue;
      const owner = ownerOf(brand);
      await shipOrder(ctx, owner.id, placed.orderId, {
        carrier: 'Colissimo',
        trackingNumber: `6A${String(10_000_000_000 + out.orders * 7_919).slice(-11)}`,
      });
      if (buy.deliver === false) continue;
      await deliverOrder(ctx, owner.id, placed.orderId);
      out.delivered++;
    }
    orderIds.push(ids);
  }

  // Reviews of delivered purchases; the brand's owner approves those not kept pending.
  const productOf = (shopper: number, purchase: number) => {
    const buy = PURCHASES[shopper]?.[purchase];
    return buy ? catalog[buy.brand]?.[buy.product] : undefined;
  };
  const reviewIds = new Map<string, string>();
  for (const r of REVIEWS) {
    const author = shoppers[r.shopper];
    const orderId = orderIds[r.shopper]?.[r.purchase];
    const product = productOf(r.shopper, r.purchase);
    if (!author || !orderId || !product) continue;
    const created = await createReview(ctx, author.id, product.id, {
      rating: r.rating,
      title: r.title,
      body: r.body,
      order_id: orderId,
    });
    out.reviews++;
    reviewIds.set(`${r.shopper}/${r.purchase}`, created.review.id);
    if (r.keep === 'pending' || !created.itemId || created.review.status !== 'pending') continue;
    const brand = brands.find((b) => b.id === product.brandId)!;
    await decide({ db: ctx.db, events: ctx.events }, ownerOf(brand).id, created.itemId, { action: 'approve' });
  }
  const asker = shoppers[QUESTION.shopper];
  const parcel = productOf(QUESTION.shopper, QUESTION.purchase);
  if (asker && parcel) {
    await createReview(ctx, asker.id, parcel.id, {
      rating: QUESTION.rating,
      title: QUESTION.title,
      body: QUESTION.body,
    });
    out.reviews++;
  }
  const replied = reviewIds.get(`${REPLY.shopper}/${REPLY.purchase}`);
  const repliedProduct = productOf(REPLY.shopper, REPLY.purchase);
  if (replied && repliedProduct) {
    const brand = brands.find((b) => b.id === repliedProduct.brandId)!;
    await replyToReview(ctx, ownerOf(brand).id, replied, REPLY.body);
  }
  return out;
}
