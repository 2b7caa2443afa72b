/** The demo shop's catalogs: each brand's published products with their variants, and its shoppable posts. */

type DemoVariant = { sku: string; options: Record<string, string>; price: number; stock: number };
type DemoProduct = { title: string; description: string; variants: DemoVariant[] };
/** `taxClass`: food brands sell at the reduced VAT rate (5.5 % in France); others at the standard one. */
type DemoCatalog = {
  products: DemoProduct[];
  posts: { text: string; products: number[] }[];
  taxClass?: 'reduced';
};

/** By brand username (DEMO_BRANDS), in the same order. */
export const DEMO_CATALOGS: Record<string, DemoCatalog> = {
  fromagerie_canuts: {
    taxClass: 'reduced',
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
    taxClass: 'reduced',
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
