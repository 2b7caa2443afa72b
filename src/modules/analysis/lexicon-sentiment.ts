/**
 * Sentiment lexicons (valence -3..+3), negators, intensifiers and diminishers, French and English,
 * written as people write reviews; keys are folded (lower case, no accents) when loaded.
 */

const FR = `
excellent:3 excellente:3 excellents:3 parfait:3 parfaite:3 parfaits:3 parfaitement:2 genial:3 geniale:3 geniaux:3
super:2 top:2 magnifique:3 magnifiques:3 superbe:3 superbes:3 sublime:3 merveilleux:3 merveilleuse:3 formidable:3
extraordinaire:3 exceptionnel:3 exceptionnelle:3 incroyable:2 bien:1.5 bon:1.5 bonne:1.5 bons:1.5 bonnes:1.5
beau:2 belle:2 beaux:2 belles:2 joli:2 jolie:2 jolis:2 jolies:2 content:2 contente:2 contents:2 satisfait:2 satisfaite:2
satisfaits:2 satisfaisant:1.5 ravi:3 ravie:3 ravis:3 heureux:2 heureuse:2 adore:3 adorer:3 adorons:3 aime:2 aimons:2
kiffe:2 recommande:2 recommandons:2 recommander:2 conseille:2 conseiller:2 agreable:2 agreables:2 confortable:2
confortables:2 pratique:1.5 efficace:2 efficaces:2 rapide:1.5 rapides:1.5 rapidement:1.5 solide:1.5 solides:1.5
fiable:2 impeccable:3 impeccables:3 nickel:2.5 cool:1.5 sympa:1.5 chouette:2 fantastique:3 bravo:2 merci:1
conforme:1.5 ideal:2 ideale:2 doux:1 douce:1 elegant:2 elegante:2 resistant:1.5 resistante:1.5 facile:1.5 soigne:1.5
soignee:1.5 reactif:2 reactive:2 aimable:2 serviable:2 plaisir:2 bluffant:2.5 reussi:2 reussie:2 meilleur:2 meilleure:2
ouf:1.5 indispensable:2 utile:1.5 qualitatif:1.5 robuste:1.5 ravissant:2.5 ravissante:2.5 enchante:2.5 enchantee:2.5
fonctionne:1 marche:0.5 excellemment:2 adorable:2.5 craque:1.5 recommandable:2 irreprochable:3 top-qualite:2
mal:-1.5 nul:-3 nulle:-3 nuls:-3 nulles:-3 mauvais:-2 mauvaise:-2 mauvaises:-2 horrible:-3 horribles:-3 affreux:-3
affreuse:-3 decu:-2.5 decue:-2.5 decus:-2.5 decues:-2.5 decevant:-2.5 decevante:-2.5 deception:-2.5 arnaque:-3
escroquerie:-3 escrocs:-2.5 voleurs:-2.5 honteux:-3 honte:-2.5 scandaleux:-3 scandale:-2.5 inadmissible:-3
inacceptable:-3 lamentable:-3 minable:-3 mediocre:-2 mediocres:-2 pire:-3 casse:-2 cassee:-2 casses:-2 abime:-2
abimee:-2 abimes:-2 defectueux:-2.5 defectueuse:-2.5 panne:-2 probleme:-1.5 problemes:-1.5 souci:-1 soucis:-1
retard:-1.5 lent:-1 lente:-1 cher:-1 chere:-1 chers:-1 fragile:-1.5 moche:-2 moches:-2 laid:-2 laide:-2 inutile:-2
inutilisable:-3 degoute:-2.5 degoutee:-2.5 colere:-2 furieux:-3 furieuse:-3 mecontent:-2.5 mecontente:-2.5
insatisfait:-2.5 insatisfaite:-2.5 eviter:-2.5 evitez:-2.5 fuyez:-3 fuir:-2 regrette:-2 regret:-2 regrets:-2
dommage:-1.5 bof:-1.5 moyen:-1 catastrophe:-3 catastrophique:-3 desastre:-3 desastreux:-3 pourri:-3 pourrie:-3
trompeur:-2.5 trompeuse:-2.5 mensonger:-2.5 dechire:-2 dechiree:-2 bruyant:-1.5 bruyante:-1.5 inconfortable:-2
desagreable:-2 galere:-2 penible:-2 ennuyeux:-1.5 ridicule:-2 perte:-1.5 gaspillage:-2 horreur:-3 deplorable:-3
execrable:-3 navrant:-2.5 navrante:-2.5 merde:-2 merdique:-3 foutage:-2 arnaques:-3 rouille:-1.5 fuite:-1.5 fuit:-1.5
tache:-1 taches:-1 decolle:-1.5 bug:-1.5 bugue:-2 vol:-1.5 attente:-0.5 faux:-1
fausse:-1 chic:2 rougeurs:-1.5 irritation:-1.5 irrite:-1.5 correct:0.5 correcte:0.5 ok:0.5 rachete:2 racheterai:2 reprendrai:1.5 recommanderai:2 interet:1 fan:1.5 intact:1 intacte:1 bluffe:2.5 bluffee:2.5 merite:1.5 meritee:1.5 compatible:1 puissant:1.5 puissante:1.5 genialement:2
delicieux:2.5 delicieuse:2.5 savoureux:2 savoureuse:2 leger:0.5 legere:0.5 chaud:0.5 chaude:0.5 costaud:1.5 durable:1.5
epatant:2.5 epatante:2.5 surpris:0.5 agreablement:2 satisfaisante:1.5 recommandee:2 conseillee:2 apprecie:2 appreciee:2
compliments:1.5 fier:1.5 fiere:1.5 heureusement:1 facilement:1 simple:1 intuitif:1.5 intuitive:1.5 precis:1.5 precise:1.5
lumineux:1 spacieux:1 silencieux:1.5 silencieuse:1.5 fade:-1.5 gratte:-1.5 bouloche:-1.5 deteint:-1.5 raye:-1.5 rayee:-1.5
incomprehensible:-2 manquant:-1.5 manquantes:-1.5 manquante:-1.5 manquants:-1.5 decoud:-1.5 decousu:-1.5 impossible:-1.5
deconseille:-2.5 deconseillee:-2.5 bizarre:-1 cheap:-1.5 perdue:-1.5 attends:-0.5 attendre:-0.5 inadmissible:-3
mediocrite:-2 inadapte:-1.5 inefficace:-2 illisible:-1.5 sale:-1.5 sales:-1.5 peur:-1 triste:-1.5 dangereux:-2
`;

const EN = `
excellent:3 perfect:3 perfectly:2 great:2.5 awesome:3 amazing:3 fantastic:3 wonderful:3 superb:3 outstanding:3
brilliant:3 love:3 loved:3 loves:3 lovely:2.5 like:1 liked:1.5 good:2 nice:2 happy:2 pleased:2 satisfied:2
recommend:2 recommended:2 beautiful:2.5 gorgeous:3 best:2.5 better:1 comfortable:2 comfy:2 sturdy:1.5 reliable:2
fast:1.5 quick:1.5 quickly:1.5 easy:1.5 helpful:2 works:1 worth:1.5 fine:1 solid:1.5 cool:1.5 impressed:2.5
impressive:2.5 delighted:3 glad:2 enjoy:2 enjoyed:2 favorite:2 favourite:2 flawless:3 super:2 top:1.5 elegant:2
thanks:1 thank:1 excellent:3 incredible:2.5 exceeded:2 adore:3 pleasant:2 smooth:1.5 soft:1 friendly:2 well:1
bad:-2.5 terrible:-3 awful:-3 horrible:-3 poor:-2 poorly:-2 worst:-3 worse:-2 disappointed:-2.5 disappointing:-2.5
disappointment:-2.5 useless:-3 broken:-2 broke:-1.5 defective:-2.5 faulty:-2.5 cheap:-1 flimsy:-2 scam:-3 fraud:-3
hate:-3 hated:-3 waste:-2.5 junk:-3 garbage:-3 trash:-3 rubbish:-3 crap:-2.5 crappy:-3 ugly:-2 uncomfortable:-2
slow:-1.5 late:-1.5 problem:-1.5 problems:-1.5 issue:-1 issues:-1 annoying:-2 angry:-2.5 unhappy:-2.5
unacceptable:-3 ridiculous:-2 avoid:-2.5 regret:-2 sadly:-1 unfortunately:-1.5 fail:-2 failed:-2 fails:-2
stopped:-1 mediocre:-2 meh:-1.5 overpriced:-2 disgusting:-3 pathetic:-3 misleading:-2.5 cracked:-2 ripped:-2
damaged:-2 missing:-1.5 lost:-1.5 noisy:-1.5 fake:-2.5 shame:-2 shameful:-3 nightmare:-3 leaks:-1.5 leaking:-1.5
wrong:-1.5 dirty:-1.5 sucks:-2.5 horrendous:-3 dreadful:-3 shoddy:-2.5 frustrating:-2 frustrated:-2 bland:-1
okay:0.5 ok:0.5 decent:1 snapped:-2 chic:2 rash:-1.5 acceptable:0.5 stylish:2 classy:2 intact:1 grippy:1.5 fan:1.5 compliments:1.5 warm:0.5 cozy:1.5 durable:1.5 delicious:2.5 tasty:2 handy:1.5 powerful:1.5 quiet:1 sharp:1
obsessed:2 gift:0.5 exceeded:2 expectations:0 worked:1 broken:-2 burnt:-2 sweat:-1 missing:-1.5 waiting:-1 wait:-0.5
unusable:-3 refund:-0.5 returned:-1 returning:-1 cheaply:-2 poorly:-2 leaked:-1.5 itchy:-1.5 smell:-0.5 stinks:-2.5
weird:-1 fell:-1 faded:-1.5 scratched:-1.5 wobbly:-1.5 dead:-1.5 died:-1.5 horrible:-3
`;

function load(list: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of list.split(/\s+/)) {
    if (!item) continue;
    const [word, value] = item.split(':');
    map.set(word, Number(value));
  }
  return map;
}

export const VALENCE = { fr: load(FR), en: load(EN) };

/**
 * Words describing what should happen (received, works, answers): no valence alone, clearly
 * negative when negated ("pas reçu", "ne marche pas", "never arrived", "doesn't work").
 */
export const EXPECTED_WHEN_NEGATED = -1.5;
export const EXPECTED = {
  fr: new Set(
    `recu recue recus recues arrive arrivee arrives livre livree livres marche marchent fonctionne fonctionnent
    allume demarre charge repond repondent rembourse remboursee tient tiennent correspond conforme ferme vaut servi sert`.split(
      /\s+/,
    ),
  ),
  en: new Set(
    `received arrived arrive delivered work works worked working turn turns start starts charge charges answer answers
    answered reply replies respond responds refunded fit fits last lasted hold holds match matches worth`.split(/\s+/),
  ),
};

/** Idioms of two or three words, matched before single words and negators ("rien à redire"). */
export const PHRASE_VALENCE = new Map<string, number>([
  ['au rendez vous', 1.5],
  ['bon marche', -1],
  ['aux anges', 2.5],
  ['coup de coeur', 2.5],
  ['comme neuf', 1.5],
  ['rien a redire', 2],
  ['rien a dire', 1.5],
  ['fait le job', 1],
  ['fait le travail', 1],
  ['fait l affaire', 1],
  ['a la hauteur', 1.5],
  ['vaut le coup', 2],
  ['vaut la peine', 1.5],
  ['value for money', 1.5],
  ['well made', 2],
  ['does the job', 1],
  ['nothing special', -0.5],
  ['tient ses promesses', 2],
  ['tient toutes ses promesses', 2.5],
  ['de la bombe', 2.5],
  ['une tuerie', 2.5],
  ['sans reponse', -1.5],
  ['sans interet', -2],
  ['aucun interet', -2],
  ['c est zero', -2],
  ['attendais a pire', 1.5],
  ['attendais a mieux', -2],
  ['plus jamais', -2],
  ['never again', -2],
  ['buy again', 2],
  ['would buy again', 2],
  ['order again', 2],
  ['recommande vivement', 3],
  ['waste of money', -3],
  ['waste of time', -2.5],
  ['five stars', 2],
  ['5 stars', 2],
  ['one star', -2],
  ['1 star', -2],
  ['love it', 3],
  ['hate it', -3],
  ['can t recommend it enough', 3],
  ['cannot recommend it enough', 3],
  ['can t recommend this enough', 3],
  ['je suis fan', 2],
  ['big fan', 2],
  ['fell apart', -2.5],
  ['falls apart', -2.5],
  ['no complaints', 2],
  ['rien de special', -0.5],
  ['prix eleve', -1.5],
  ['prix eleves', -1.5],
  ['reste eleve', -1.5],
  ['reste cher', -1.5],
  ['un peu cher', -1],
  ['bit pricey', -1],
  ['price is high', -1.5],
]);
export const MAX_PHRASE_VALENCE_WORDS = 5;
export const PHRASE_VALENCE_FIRST = new Set([...PHRASE_VALENCE.keys()].map((p) => p.split(' ')[0]));

/** Neutral adjectives that become a complaint after "trop"/"too": "trop petit", "too small". */
export const EXCESS_AFTER = {
  fr: new Set(['trop']),
  en: new Set(['too']),
};
export const EXCESS_VALENCE = -1.5;
export const EXCESSIVE = {
  fr: new Set(
    'petit petite petits petites grand grande grands grandes court courte courts courtes long longue longs longues serre serree large larges lourd lourde fin fine epais epaisse dur dure mou molle chaud chaude froid sucre sale fort forte bruyant cher chere chers eleve elevee eleves'.split(
      ' ',
    ),
  ),
  en: new Set(
    'small big large tight loose short long heavy thin thick hard soft hot cold sweet salty strong loud expensive narrow wide'.split(
      ' ',
    ),
  ),
};

/** Words that negate what follows (French "ne" opens a scope that "pas/plus/jamais/rien" continues). */
export const NEGATORS = {
  fr: new Set(['ne', 'n', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'guere', 'ni', 'nullement', 'moins']),
  en: new Set([
    'not',
    'no',
    'never',
    'without',
    'nothing',
    'none',
    'nor',
    'cannot',
    'dont',
    'doesnt',
    'didnt',
    'isnt',
    'wasnt',
    'cant',
    'wont',
    'couldnt',
    'shouldnt',
    'wouldnt',
    'arent',
    'werent',
    'hasnt',
    'havent',
    'hadnt',
    'aint',
    'hardly',
    'barely',
    'neither',
    'less',
  ]),
};

/** Multipliers for the next sentiment word (within two words). Below 1: diminishers. */
export const INTENSIFIERS = {
  fr: new Map<string, number>([
    ['tres', 1.5],
    ['trop', 1.3],
    ['vraiment', 1.4],
    ['super', 1.5],
    ['hyper', 1.5],
    ['tellement', 1.5],
    ['extremement', 1.8],
    ['vachement', 1.5],
    ['absolument', 1.5],
    ['totalement', 1.5],
    ['completement', 1.5],
    ['franchement', 1.2],
    ['particulierement', 1.3],
    ['si', 1.3],
    ['grave', 1.3],
    ['archi', 1.6],
    ['ultra', 1.6],
    ['vraiement', 1.4],
    ['carrement', 1.4],
    ['tout', 1.1],
    ['plutot', 0.8],
    ['assez', 0.8],
    ['legerement', 0.5],
    ['moyennement', 0.4],
    ['relativement', 0.7],
    ['presque', 0.6],
  ]),
  en: new Map<string, number>([
    ['very', 1.5],
    ['really', 1.4],
    ['so', 1.4],
    ['extremely', 1.8],
    ['super', 1.5],
    ['incredibly', 1.7],
    ['absolutely', 1.5],
    ['totally', 1.5],
    ['completely', 1.5],
    ['truly', 1.4],
    ['highly', 1.5],
    ['too', 1.3],
    ['such', 1.3],
    ['utterly', 1.7],
    ['most', 1.3],
    ['pretty', 0.9],
    ['fairly', 0.8],
    ['rather', 0.8],
    ['slightly', 0.5],
    ['somewhat', 0.6],
    ['kinda', 0.6],
    ['kind', 0.7],
    ['quite', 0.9],
    ['bit', 0.5],
    ['little', 0.6],
  ]),
};

/** "mais", "but"...: what follows outweighs what came before. */
export const CONTRASTS = new Set([
  'mais',
  'cependant',
  'pourtant',
  'neanmoins',
  'toutefois',
  'but',
  'however',
  'though',
  'although',
  'yet',
]);

/** Emojis and emoticons. */
export const EMOJI_VALENCE = new Map<string, number>([
  ['😍', 2.5],
  ['👍', 2],
  ['😀', 2],
  ['😃', 2],
  ['😄', 2],
  ['😁', 2],
  ['😊', 2],
  ['🙂', 1],
  ['❤', 2.5],
  ['♥', 2],
  ['💯', 2],
  ['👌', 2],
  ['🥰', 2.5],
  ['😘', 2],
  ['🤩', 2.5],
  ['✨', 1],
  ['🎉', 1.5],
  ['👏', 2],
  ['💖', 2.5],
  ['💕', 2],
  ['😎', 1.5],
  ['🔥', 1.5],
  ['⭐', 1],
  ['🌟', 1.5],
  ['😡', -2.5],
  ['👎', -2],
  ['😠', -2.5],
  ['🤬', -3],
  ['😞', -2],
  ['😢', -2],
  ['😭', -2],
  ['💩', -2.5],
  ['🙁', -1.5],
  ['☹', -1.5],
  ['😤', -2],
  ['😒', -1.5],
  ['🤮', -3],
  ['🤢', -2.5],
  ['😩', -2],
  ['😫', -2],
  ['😖', -2],
  ['😔', -1.5],
  ['🖕', -3],
]);
