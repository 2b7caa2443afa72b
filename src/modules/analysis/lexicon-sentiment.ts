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
fausse:-1 mediocrite:-2 inadapte:-1.5 inefficace:-2 illisible:-1.5 sale:-1.5 sales:-1.5 peur:-1 triste:-1.5 dangereux:-2
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

/** Words that negate what follows (French "ne" opens a scope that "pas/plus/jamais/rien" continues). */
export const NEGATORS = {
  fr: new Set(['ne', 'n', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'guere', 'ni', 'nullement']),
  en: new Set(['not', 'no', 'never', 'without', 'nothing', 'none', 'nor', 'cannot', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'cant', 'wont', 'couldnt', 'shouldnt', 'wouldnt', 'arent', 'werent', 'hasnt', 'havent', 'hadnt', 'aint', 'hardly', 'barely', 'neither']),
};

/** Multipliers for the next sentiment word (within two words). Below 1: diminishers. */
export const INTENSIFIERS = {
  fr: new Map<string, number>([
    ['tres', 1.5], ['trop', 1.3], ['vraiment', 1.4], ['super', 1.5], ['hyper', 1.5], ['tellement', 1.5], ['extremement', 1.8],
    ['vachement', 1.5], ['absolument', 1.5], ['totalement', 1.5], ['completement', 1.5], ['franchement', 1.2], ['particulierement', 1.3],
    ['si', 1.3], ['grave', 1.3], ['archi', 1.6], ['ultra', 1.6], ['vraiement', 1.4], ['carrement', 1.4], ['tout', 1.1],
    ['plutot', 0.8], ['assez', 0.8], ['legerement', 0.5], ['moyennement', 0.4], ['relativement', 0.7], ['presque', 0.6],
  ]),
  en: new Map<string, number>([
    ['very', 1.5], ['really', 1.4], ['so', 1.4], ['extremely', 1.8], ['super', 1.5], ['incredibly', 1.7], ['absolutely', 1.5],
    ['totally', 1.5], ['completely', 1.5], ['truly', 1.4], ['highly', 1.5], ['too', 1.3], ['such', 1.3], ['utterly', 1.7], ['most', 1.3],
    ['pretty', 0.9], ['fairly', 0.8], ['rather', 0.8], ['slightly', 0.5], ['somewhat', 0.6], ['kinda', 0.6], ['kind', 0.7], ['quite', 0.9], ['bit', 0.5], ['little', 0.6],
  ]),
};

/** "mais", "but"...: what follows outweighs what came before. */
export const CONTRASTS = new Set(['mais', 'cependant', 'pourtant', 'neanmoins', 'toutefois', 'but', 'however', 'though', 'although', 'yet']);

/** Emojis and emoticons. */
export const EMOJI_VALENCE = new Map<string, number>([
  ['😍', 2.5], ['👍', 2], ['😀', 2], ['😃', 2], ['😄', 2], ['😁', 2], ['😊', 2], ['🙂', 1], ['❤', 2.5], ['♥', 2], ['💯', 2], ['👌', 2],
  ['🥰', 2.5], ['😘', 2], ['🤩', 2.5], ['✨', 1], ['🎉', 1.5], ['👏', 2], ['💖', 2.5], ['💕', 2], ['😎', 1.5], ['🔥', 1.5], ['⭐', 1], ['🌟', 1.5],
  ['😡', -2.5], ['👎', -2], ['😠', -2.5], ['🤬', -3], ['😞', -2], ['😢', -2], ['😭', -2], ['💩', -2.5], ['🙁', -1.5], ['☹', -1.5], ['😤', -2],
  ['😒', -1.5], ['🤮', -3], ['🤢', -2.5], ['😩', -2], ['😫', -2], ['😖', -2], ['😔', -1.5], ['🖕', -3],
]);
