/**
 * Insults, slurs and profanity, French and English, written folded (lower case, no accents).
 * Weight = how sure one occurrence makes us that the text is abusive:
 *  - 0.9 slurs and unambiguous insults;
 *  - 0.75 profanity that is abusive in a review even when not aimed at someone ("de la merde");
 *  - 0.45 words that are insults in some uses only ("con", "idiot", "debile"): below the raising
 *    threshold alone, raised when aimed at someone ("t'es un con", "ce con de livreur", "you idiot").
 * Criticism words (nul, arnaque, escroc, honteux, scam, useless) are NOT here: criticism is not abuse.
 */

const STRONG = `
connard connards connasse connasses conasse enculé enculés enculée encule encules enculer enculé
salope salopes salaud salauds pute putes putain putains pétasse petasse pouffiasse pouffiasses
enfoiré enfoirés enfoirée batard batards bâtard bâtards batarde fdp ntm tg nique niquer niquez niques nik niker
tocard tocards bouffon bouffons abruti abrutis abrutie branleur branleurs trouduc pédé pédés pd
gouine gouines négro nègre nègres bougnoule bougnoules youpin youpins bicot
raclure raclures sousmerde salopard salopards enflure enflures ducon boloss bolosse gogol gogols trouducul
pouffe pétasses grosporc connards salopiaud salopiauds enculeur enculeurs
couillon couillons grognasse cassos attardé attardés
fuck fucking fucked fucker fuckers fuckin motherfucker motherfuckers fck fuk fuckoff
asshole assholes bitch bitches bastard bastards cunt cunts dickhead dickheads
retarded scumbag scumbags wanker wankers twat twats prick pricks douchebag douchebags
jackass jackasses arsehole arseholes tosser tossers skank skanks dumbfuck fuckface cocksucker cocksuckers motherfucking
slut sluts whore whores faggot faggots fag nigger niggers nigga bullshit shithead shitheads dipshit
`;

const PROFANITY = `
merde merdes merdique merdiques chier chiant chiante chiants emmerde emmerder emmerdeur foutre foutu foutue
connerie conneries shit shitty damnit goddamn piss pissed bollocks
`;

const WEAK = `con cons conne connes idiot idiote idiots imbécile imbéciles crétin crétins crétine débile
moron morons jerk jerks dumbass loser losers
dick dicks débiles mongol mongols ordure ordures pourriture fumier fumiers tapette chienne crap crappy`;

/** Multi-word insults matched on consecutive normalized words. */
const PHRASES = `
ta gueule|ferme ta gueule|fils de pute|fils de chien|nique ta mere|va te faire foutre|allez vous faire foutre
trou du cul|trou de balle|sac a merde|tete de con|espece de con|bande de cons|va chier|allez chier
piece of shit|son of a bitch|go fuck yourself|fuck you|fuck off|shut the fuck up|screw you|eat shit
`;

export type InsultEntry = { word: string; weight: number; strong: boolean };

const foldWord = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function entries(list: string, weight: number): [string, InsultEntry][] {
  return list
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => foldWord(w))
    .map((w) => [w, { word: w, weight, strong: weight >= 0.9 }]);
}

/** word -> entry; exact folded forms. */
export const INSULTS = new Map<string, InsultEntry>([
  ...entries(WEAK, 0.45),
  ...entries(PROFANITY, 0.75),
  ...entries(STRONG, 0.9),
]);

/** Lexicon words with every letter run cut to one ("connard" -> "conard"), for "connnaaard". */
export const INSULTS_COLLAPSED = new Map<string, InsultEntry>();
for (const [w, e] of INSULTS) {
  const c = w.replace(/(\p{L})\1+/gu, '$1');
  // Only unambiguous collapsed forms of words long enough not to collide with innocent words.
  if (c.length >= 4 && !INSULTS_COLLAPSED.has(c)) INSULTS_COLLAPSED.set(c, e);
}

/** By length, for masked letters ("f*ck", "sal*pe"). */
export const INSULTS_BY_LENGTH = new Map<number, string[]>();
for (const w of INSULTS.keys()) {
  if (w.length < 4) continue;
  const list = INSULTS_BY_LENGTH.get(w.length) ?? [];
  list.push(w);
  INSULTS_BY_LENGTH.set(w.length, list);
}

export const INSULT_PHRASES = new Map<string, InsultEntry>(
  PHRASES.split(/[|\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => [p, { word: p, weight: 0.9, strong: true }]),
);
export const MAX_PHRASE_WORDS = Math.max(...[...INSULT_PHRASES.keys()].map((p) => p.split(' ').length));

/** Words that aim what follows at a person: "t'es un ...", "espece de ...", "you ...". */
export const ADDRESSING = new Set(
  foldWord(
    `tu es t es t vous etes êtes espece espèce bande sale gros grosse pauvre you youre ur are u what bunch`,
  ).split(/\s+/),
);

/** Words that aim the very next word at a person: "quel con", "ce crétin de livreur", "this idiot". */
export const ADDRESSING_NEAR = new Set([
  'quel',
  'quelle',
  'quels',
  'ce',
  'cet',
  'cette',
  'ces',
  'sombre',
  'vrai',
  'this',
  'that',
  'such',
  'total',
  'complete',
  'gros',
  'grosse',
  'pauvre',
  'sale',
  'bande',
]);

/** "con" etc. are English words too ("pros and cons"): these are ignored in English texts. */
export const FRENCH_ONLY = new Set(['con', 'cons', 'conne', 'connes', 'tg', 'pd', 'nik', 'nique']);

/** First words of the phrases: a phrase is only assembled from a token that can start one. */
export const PHRASE_FIRST_WORDS = new Set([...INSULT_PHRASES.keys()].map((p) => p.split(' ')[0]));

/** Every prefix of every listed word (plain and collapsed): a split word is only rejoined when its first half could start an insult. */
export const INSULT_PREFIXES = new Set<string>();
for (const w of [...INSULTS.keys(), ...INSULTS_COLLAPSED.keys()])
  for (let k = 1; k <= w.length; k++) INSULT_PREFIXES.add(w.slice(0, k));
export const MAX_INSULT_LENGTH = Math.max(...[...INSULTS.keys()].map((w) => w.length));
