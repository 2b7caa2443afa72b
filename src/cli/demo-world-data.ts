// The French demo world's cast and words (demo-world.ts builds the world from them): the brands with
// their teams and posts, people's bios and posts, replies, questions and quotes.
import type { BrandRole } from '../modules/accounts';

// ---------------------------------------------------------------------------------------------
// Who is who

export type BrandSpec = {
  username: string;
  displayName: string;
  note: string;
  location: string;
  website: string;
  primaryColor: string;
  accentColor: string;
  city: string;
  /** The motif drawn on its avatar and banner. */
  motif: 'wedge' | 'wheel' | 'leaf' | 'bean';
  team: { username: string; role: BrandRole }[];
  posts: string[];
  /** More posts once `posts` are used up; slots as in PEOPLE_POSTS. */
  templates: string[];
  /** Tags people use when they talk about it. */
  tags: string[];
};

export const DEMO_BRANDS: BrandSpec[] = [
  {
    username: 'fromagerie_canuts',
    displayName: 'Fromagerie des Canuts',
    note: 'Fromages fermiers affinés dans nos caves de la Croix-Rousse depuis 1987. Saint-marcellin, comté 24 mois, picodon… Dégustations le samedi matin.',
    location: 'Lyon, Croix-Rousse',
    website: 'https://fromagerie-canuts.example',
    primaryColor: '#7a4a1e',
    accentColor: '#f2c14e',
    city: 'Lyon',
    motif: 'wedge',
    team: [
      { username: 'marie', role: 'owner' },
      { username: 'sophie', role: 'community_manager' },
      { username: 'thomas', role: 'staff' },
    ],
    tags: ['fromage', 'lyon'],
    templates: [
      'Arrivage du jour : {cheese}, affiné dans nos caves. #fromage #lyon',
      'Le fromage de la semaine : {cheese}. À déguster avec un pain au levain. #fromage',
      'Coup de cœur de l’équipe : le {cheese} de nos producteurs. #fromage #producteurlocal',
      'Plus que quelques parts de {cheese} ce soir, dépêchez-vous ! #fromage #lyon',
    ],
    posts: [
      'Arrivage du jour : saint-marcellin de la Drôme, bien coulant comme on l’aime. #fromage #lyon',
      'Notre comté 24 mois est de retour en cave. Fruité, noisette, cristaux… À couper sur place. #fromage #comté',
      'Dégustation samedi 10 h – 13 h à la Croix-Rousse : 6 fromages, 3 vins nature. Inscriptions : https://fromagerie-canuts.example/degustations #lyon #dégustation',
      'Le conseil de l’affineur : sortez vos fromages du frigo une heure avant de servir. #fromage #astuce',
      'Le picodon, petit chèvre de l’Ardèche et de la Drôme, est AOP depuis 1983. https://fr.wikipedia.org/wiki/Picodon #fromage',
      'Plateaux de fêtes : nous prenons vos commandes jusqu’au 20 décembre. #fromage #noël',
      'Merci pour vos retours sur la cervelle de canut maison ! La recette de grand-mère, avec ciboulette et échalote. #lyon #recette',
      'Nouveau en cave : le bleu de Sassenage, un persillé doux du Vercors. #fromage #vercors',
      'Portrait de producteur : la ferme de Jean-Paul, 40 chèvres dans les monts du Lyonnais. #producteurlocal #fromage',
      'Fermeture exceptionnelle lundi pour l’inventaire des caves. À mardi ! #lyon',
    ],
  },
  {
    username: 'atelier_velo_nantes',
    displayName: 'L’Atelier Vélo Nantais',
    note: 'Réparation, vélos reconditionnés et ateliers d’autoréparation sur l’Île de Nantes. On vous apprend à réparer plutôt qu’à jeter.',
    location: 'Nantes, Île de Nantes',
    website: 'https://atelier-velo-nantais.example',
    primaryColor: '#0b6e4f',
    accentColor: '#f26419',
    city: 'Nantes',
    motif: 'wheel',
    team: [
      { username: 'karim', role: 'owner' },
      { username: 'julien', role: 'admin' },
      { username: 'lea', role: 'moderator' },
    ],
    tags: ['vélo', 'nantes'],
    templates: [
      'Atelier d’autoréparation jeudi : apprenez à {fixinf} vous-même. #vélo #autoréparation',
      'Question de la semaine : comment {fixinf} sans outil spécial ? Réponse en vidéo à l’atelier. #vélo #astuce',
      'Cette semaine à l’atelier, on a vu passer 40 vélos. Merci de nous faire confiance ! #vélo #nantes',
      'Vélo reconditionné du jour : un randonneur des années 80, révisé de A à Z. #vélo #réemploi',
    ],
    posts: [
      'Atelier d’autoréparation ce jeudi à 18 h : venez apprendre à régler vos freins. #vélo #nantes #autoréparation',
      'Arrivage de 12 vélos reconditionnés, révisés et garantis un an. #vélo #réemploi',
      'Le printemps arrive : pensez à vérifier la pression de vos pneus ! #vélo #astuce',
      'Notre itinéraire du dimanche : la Loire à vélo jusqu’à Saint-Nazaire. https://www.loireavelo.fr #vélo #loireàvélo',
      'Vélo cargo en location à la journée pour vos petits déménagements. #vélo #nantes #mobilité',
      'Chaîne qui saute ? Neuf fois sur dix, c’est le dérailleur à régler, pas la chaîne à changer. #vélo #astuce',
      'Merci pour les nouvelles pistes cyclables sur l’Île de Nantes ! #nantes #vélotaf',
      'Formation mécanique vélo : plus que 3 places pour la session de mars. #vélo #formation',
      'Rappel : l’atelier est fermé le dimanche, mais la pompe en libre-service reste dehors. #nantes',
    ],
  },
  {
    username: 'maison_lin',
    displayName: 'Maison Lin',
    note: 'Mode éthique fabriquée en France : lin normand, coton bio, ateliers à Paris et dans les Vosges. Moins mais mieux.',
    location: 'Paris 11e',
    website: 'https://maison-lin.example',
    primaryColor: '#2d3142',
    accentColor: '#e0a899',
    city: 'Paris',
    motif: 'leaf',
    team: [
      { username: 'camille', role: 'owner' },
      { username: 'ines', role: 'community_manager' },
      { username: 'hugo', role: 'staff' },
    ],
    tags: ['modeéthique', 'paris'],
    templates: [
      'Nouveau en boutique : la {garment}, fabriquée en France. #modeéthique #fabriquéenfrance',
      'La {garment} revient en stock, dans toutes les tailles. #modeéthique',
      'Comment entretenir votre {garment} pour la garder dix ans : lavage à 30 °C, séchage à plat. #modedurable',
      'Dans les coulisses de l’atelier : la {garment} prend forme. #paris #fabriquéenfrance',
    ],
    posts: [
      'Notre nouvelle chemise en lin normand, tissée en France et cousue dans notre atelier du 11e. #modeéthique #fabriquéenfrance',
      'Un jean classique demande des milliers de litres d’eau. Le nôtre, en coton bio recyclé, dix fois moins. #modeéthique #modedurable',
      'Atelier retouche gratuit samedi : rapportez une pièce Maison Lin, on la répare. #réparation #modeéthique',
      'Collection printemps : 8 pièces, pas une de plus. Moins mais mieux. #slowfashion #paris',
      'Nos étiquettes indiquent désormais le coût de fabrication de chaque pièce. #transparence #modeéthique',
      'Rencontre avec nos tisserands des Vosges : https://maison-lin.example/journal/vosges #fabriquéenfrance',
      'Vide-dressing solidaire au showroom dimanche, au profit d’une association du quartier. #paris #secondemain',
      'Le lin pousse sans irrigation en Normandie : c’est pour ça qu’on l’aime. #modeéthique #lin',
    ],
  },
  {
    username: 'torrefaction_garonne',
    displayName: 'Torréfaction Garonne',
    note: 'Cafés de spécialité torréfiés chaque semaine aux Chartrons. Commerce direct avec les producteurs, livraison à vélo-cargo dans Bordeaux.',
    location: 'Bordeaux, Chartrons',
    website: 'https://torrefaction-garonne.example',
    primaryColor: '#3e2723',
    accentColor: '#c8a165',
    city: 'Bordeaux',
    motif: 'bean',
    team: [
      { username: 'lucas', role: 'owner' },
      { username: 'emma', role: 'admin' },
      { username: 'nathan', role: 'community_manager' },
    ],
    tags: ['café', 'bordeaux'],
    templates: [
      'Nouvelle origine : {origin}, torréfiée cette semaine. #café #cafédespécialité',
      'Le café du mois : {origin} en filtre. Venez le goûter au comptoir ! #café #bordeaux',
      'Torréfaction du jour : 60 kg de {origin}, ça sent bon aux Chartrons. #café #bordeaux',
      'Votre {origin} en grains ou moulu ? Nous moulons à la demande, pour votre méthode. #café',
    ],
    posts: [
      'Nouvelle origine : Éthiopie Yirgacheffe, notes de jasmin et de bergamote. Torréfié mardi. #café #cafédespécialité',
      'Notre atelier latte art affiche complet, prochaine session le 12. #café #bordeaux',
      'Astuce du torréfacteur : moudre juste avant l’extraction, toujours. #café #astuce',
      'Le Brésil Cerrado revient, en filtre comme en espresso. Chocolat, noisette. #café',
      'Livraisons à vélo-cargo dans tout Bordeaux, merci à nos coursiers ! #bordeaux #vélo',
      'Pourquoi nos cafés coûtent plus cher ? Parce que le producteur touche trois fois le cours mondial. Explications : https://torrefaction-garonne.example/transparence #commerceéquitable #café',
      'Portes ouvertes de la torréfaction samedi aux Chartrons. #bordeaux #café',
      'Colombie Huila en décaféiné à l’eau, sans solvant. Oui, un déca qui a du goût. #café',
    ],
  },
];

export type PersonSpec = { username: string; displayName: string; city: string; note: string };

/** The fixed demo logins: the brands' teams and one shopper with no brand. */
export const FIXED_PEOPLE: PersonSpec[] = [
  {
    username: 'marie',
    displayName: 'Marie Dubois',
    city: 'Lyon',
    note: 'Fromagère et affineuse à la Croix-Rousse. Le saint-marcellin est une religion.',
  },
  {
    username: 'sophie',
    displayName: 'Sophie Laurent',
    city: 'Lyon',
    note: 'Je raconte la vie de la fromagerie. Amoureuse des marchés lyonnais.',
  },
  {
    username: 'thomas',
    displayName: 'Thomas Girard',
    city: 'Lyon',
    note: 'Vendeur à la fromagerie, cycliste le dimanche.',
  },
  {
    username: 'karim',
    displayName: 'Karim Benali',
    city: 'Nantes',
    note: 'Mécanicien vélo, fondateur de l’atelier. Réparer plutôt que jeter.',
  },
  {
    username: 'julien',
    displayName: 'Julien Moreau',
    city: 'Nantes',
    note: 'Vélotaf quotidien, roues et dérailleurs.',
  },
  {
    username: 'lea',
    displayName: 'Léa Fontaine',
    city: 'Nantes',
    note: 'Je veille à ce que nos échanges restent bienveillants.',
  },
  {
    username: 'camille',
    displayName: 'Camille Rousseau',
    city: 'Paris',
    note: 'Styliste, fondatrice de Maison Lin. Moins mais mieux.',
  },
  {
    username: 'ines',
    displayName: 'Inès Haddad',
    city: 'Paris',
    note: 'Communauté et mode durable. Seconde main avant tout.',
  },
  { username: 'hugo', displayName: 'Hugo Lefèvre', city: 'Paris', note: 'Couturier à l’atelier du 11e.' },
  {
    username: 'lucas',
    displayName: 'Lucas Mercier',
    city: 'Bordeaux',
    note: 'Torréfacteur aux Chartrons. Un café, un producteur, une histoire.',
  },
  { username: 'emma', displayName: 'Emma Bonnet', city: 'Bordeaux', note: 'Barista, formatrice latte art.' },
  {
    username: 'nathan',
    displayName: 'Nathan Perrin',
    city: 'Bordeaux',
    note: 'Je réponds à vos messages entre deux cafés.',
  },
  {
    username: 'chloe',
    displayName: 'Chloé Martin',
    city: 'Lyon',
    note: 'Curieuse de tout, surtout de ce qui se mange. Lyon ↔ Bordeaux.',
  },
];

export const CITIES = ['Lyon', 'Nantes', 'Paris', 'Bordeaux'];
export const CITY_TAGS: Record<string, string> = {
  Lyon: 'lyon',
  Nantes: 'nantes',
  Paris: 'paris',
  Bordeaux: 'bordeaux',
};

export const BIO_START = [
  'Amoureuse de la bonne cuisine',
  'Cycliste du quotidien',
  'Fan de fromages qui coulent',
  'Infirmière de nuit',
  'Prof de SVT',
  'Développeur web',
  'Graphiste indépendante',
  'Étudiant en architecture',
  'Jardinier du dimanche',
  'Photographe amateur',
  'Boulanger à la retraite',
  'Maman de deux enfants',
  'Traductrice',
  'Randonneur',
  'Passionnée de couture',
  'Ingénieure en énergie',
];
export const BIO_END = [
  'toujours partante pour un café.',
  'je partage mes bonnes adresses.',
  'seconde main et circuits courts.',
  'je râle contre les voitures en ville.',
  'en quête du meilleur comté.',
  'j’apprends à réparer mon vélo.',
  'les marchés le samedi, sinon rien.',
  'ici pour les bons plans locaux.',
];

export const CHEESES = [
  'saint-marcellin',
  'comté 24 mois',
  'reblochon',
  'beaufort',
  'saint-nectaire',
  'mont d’or',
  'picodon',
  'bleu d’Auvergne',
];
export const ORIGINS = ['Éthiopie', 'Colombie', 'Brésil', 'Kenya', 'Guatemala', 'Pérou'];
export const GARMENTS = [
  'chemise en lin',
  'veste en coton bio',
  'robe en lin',
  'pull en laine recyclée',
  'pantalon en chanvre',
];
export const BIKE_FIXES = [
  'changé mes plaquettes',
  'réglé mon dérailleur',
  'remplacé ma chaîne',
  'réparé ma crevaison',
  'redressé ma roue',
];
export const BIKE_LESSONS = [
  'changer vos plaquettes',
  'régler votre dérailleur',
  'remplacer votre chaîne',
  'réparer une crevaison',
  'dévoiler une roue',
];

/** People's posts; {city}, {citytag}, {cheese}, {origin}, {garment}, {fix} and {brand:<username>} are filled in. */
export const PEOPLE_POSTS = [
  'Meilleur {cheese} de ma vie chez @{brand:fromagerie_canuts} 😍 #fromage #lyon',
  'Raclette ce soir, qui ramène le vin ? #fromage',
  'Apéro improvisé : {cheese}, pain de campagne et quelques radis. La vie est belle. #fromage',
  'J’ai appris à faire la cervelle de canut, c’est ridiculement simple. #lyon #recette',
  'Mon vélo est comme neuf grâce à @{brand:atelier_velo_nantes}, merci l’équipe ! #vélo #nantes',
  'J’ai {fix} toute seule à l’atelier d’autoréparation. Fierté du jour. #vélo #autoréparation',
  'Premier vélotaf sous la pluie, même pas mal. #vélotaf #vélo',
  'Qui a un bon itinéraire vélo pour sortir de {city} le dimanche ? #vélo #{citytag}',
  'J’ai craqué pour la {garment} de @{brand:maison_lin}, coupe parfaite. #modeéthique',
  'Un an sans acheter de vêtements neufs : bilan très positif ! #modeéthique #secondemain',
  'Réparer un vêtement plutôt que le remplacer, c’est aussi un geste pour la planète. #modeéthique #réparation',
  'Le {origin} de @{brand:torrefaction_garonne} en V60 le matin, un bonheur. #café #bordeaux',
  'Quelqu’un connaît un bon café pour télétravailler à {city} ? #café #{citytag}',
  'Troisième café de la journée et il n’est que 10 h. #café',
  'Marché ce matin à {city}, le soleil est de retour ! #{citytag}',
  'Balade au bord de l’eau à {city}, il fait un temps magnifique. #{citytag} #weekend',
  'Week-end à {city} : vos bonnes adresses ? #{citytag}',
  'Enfin une boutique qui affiche le coût de fabrication de ses vêtements. Bravo @{brand:maison_lin} #transparence',
  'Petit-déjeuner parfait : café filtre et tartine de {cheese}. Oui, le matin. #café #fromage',
  'La Loire à vélo en trois jours, c’est fait ! #vélo #loireàvélo',
  'Ce podcast sur la mode durable m’a ouvert les yeux : https://www.radiofrance.fr/franceculture #modedurable',
  'Le calendrier des fromages de saison, à garder sous le coude : https://fr.wikipedia.org/wiki/Liste_de_fromages_français #fromage',
  'Les chiffres du vélo en France progressent encore : https://www.velo-territoires.org #vélo #mobilité',
];

export const REPLIES = [
  'Trop bien ! 😍',
  'Je confirme, c’est top.',
  'Merci pour l’info !',
  'Tu me gardes une part ?',
  'On y va ensemble samedi ?',
  'Ah, je ne connaissais pas. Merci !',
  'Pareil pour moi 😅',
  'Entièrement d’accord.',
  'Ça donne envie !',
  'Bonne idée, je note.',
  'Je teste la semaine prochaine et je te dis.',
  'Haha, tellement vrai.',
];
export const QUESTIONS = [
  'Vous livrez à {city} ?',
  'Vous êtes ouverts le dimanche ?',
  'C’est possible de réserver en ligne ?',
  'Il reste de la place pour samedi ?',
  'Vous faites des cartes cadeaux ?',
];
export const BRAND_ANSWERS = [
  'Merci beaucoup pour votre message ! 🙏',
  'Oui, nous livrons partout en France métropolitaine.',
  'Bonne question ! Nous vous répondons en message privé.',
  'Avec plaisir, à très vite en boutique !',
  'Il reste quelques places, dépêchez-vous 😉',
  'Oui, les cartes cadeaux sont disponibles en boutique et en ligne.',
];
export const QUOTES = [
  'À lire 👇',
  'Tellement vrai.',
  'Je partage, c’est important.',
  'Qui vient avec moi ?',
  'Voilà pourquoi j’adore cette boutique.',
  'On en parlait hier !',
];
