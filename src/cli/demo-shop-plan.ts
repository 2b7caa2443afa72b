/** The demo shop's fixed plan: what each shopper buys, the reviews they write, the question, the reply and the addresses. */

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
export const PURCHASES: Purchase[][] = [
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

export const REVIEWS: DemoReview[] = [
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
export const QUESTION = {
  shopper: 3,
  purchase: 2,
  rating: 1,
  title: 'Commande pas arrivée',
  body: 'Toujours pas reçu mon colis, où est ma commande ?',
};

/** The brand's public answer to shopper 2's three-star coffee review. */
export const REPLY = {
  shopper: 2,
  purchase: 1,
  body: 'Merci pour ce retour honnête ! Ce lot a été torréfié un peu plus longtemps : nous avons ajusté le profil, et le prochain paquet devrait vous plaire davantage.',
};

export const STREETS = [
  'rue de la République',
  'rue Paul Bellamy',
  'rue du Faubourg Saint-Antoine',
  'cours de l’Intendance',
  'rue Mercière',
  'quai de la Fosse',
  'rue Notre-Dame',
];
export const POSTCODES: Record<string, string> = { Lyon: '69002', Nantes: '44000', Paris: '75011', Bordeaux: '33000' };
export const CITY_OF = ['Lyon', 'Nantes', 'Paris', 'Bordeaux'];
