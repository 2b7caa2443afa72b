/**
 * Tiny French / English detector for short social posts: stopwords, elisions,
 * contractions, accents and a few word endings. Pure, dependency-free, fast.
 * Returns null when the signal is too weak or too balanced to call.
 */

export type DetectedLanguage = 'fr' | 'en';

// Words that are common in one language and (nearly) never words in the other.
// Deliberately left out because they are words in both: a, on, me, son, as, plus, sale,
// super, cool, top, ok, lol, omg, promo, shop, boutique, grave, nice, fun, date, pain, chat, an, comment.
const FR_WORDS = new Set(
  `le la les des du de un une et est sont pour avec dans pas très trop mais où qui que quoi
  ce cet cette ces mon ma mes ton ta tes sa ses notre nos votre vos leur leurs
  je tu il elle nous vous ils elles au aux sur sous chez par moins bien aussi encore
  déjà toujours jamais rien tout tous toute toutes fait faire être avoir ai avez avons ont
  suis es était étaient sera peut peux veux vais va vont faut ça cela ceci comme quand alors donc
  parce puis avant après depuis pendant entre sans vers voici voilà
  merci bonjour bonsoir salut coucou oui non ouais bah ben beaucoup vraiment hyper
  génial géniale magnifique joli jolie beau belle nouveau nouvelle nouveaux nouvelles
  mdr ptdr jsp stp svp bcp tkt wesh frère meuf mec kiffe kiffer kif ouf chanmé
  dispo commande commandé commander livraison livré produit produits prix taille achat acheter
  acheté achète neuf vente soldes gratuit envoi colis reçu paiement magasin
  quel quelle quels quelles combien pourquoi avis retour qualité enfin demain hier ici là`.split(/\s+/),
);

const EN_WORDS = new Set(
  `the and is are was were be been being have has had with this that these those for from
  you your yours my our their they we he she it its of to in at by not but or if
  just very really what when where why how who which will would can could should
  get got love like thanks thank please new now today buy bought order ordered shipping shipped
  store price size free great awesome amazing best some any all one about out up
  do does did gonna wanna gotta yeah yes no guys dude stuff there here i
  still back much more than too off only need want check also then them
  tbh ngl imo idk btw anyone everyone something nothing quality delivery arrived
  so good ever never happy because`.split(/\s+/),
);

/** French elided prefixes: l'été, d'accord, j'adore, qu'il, c'est, n'est, s'il, m'a, t'as. */
const FR_ELISION = /^(?:l|d|j|qu|c|n|s|m|t|jusqu|lorsqu|puisqu)'\p{L}/u;
/** English contractions: don't, it's, I'm, you're, we've, I'll, I'd, y'all. */
const EN_CONTRACTION = /^(?:\p{L}+(?:n't|'s|'re|'ve|'ll|'m|'d)|y'all)$/u;
// A pattern with letters beyond ASCII is written as a string: the built server stays ASCII (scripts/build.mjs).
const FR_ACCENT = new RegExp('[éèêëàâçùûüôîïœ]', 'u');
const APOSTROPHE_LIKE = new RegExp('[’ʼ‘`]', 'g');
/** Weak hints, only for words in neither list and at least 5 letters long. */
const EN_ENDING = /(?:ing|ght|ly|ness|ful)$|^wh/u;
const FR_ENDING = /(?:eux|euse|aux|ette|aient|oire)$/u;

const STRIP_RE = new RegExp(
  [
    String.raw`[Hh][Tt][Tt][Pp][Ss]?:\/\/\S+`, // URLs
    String.raw`\bwww\.\S+`,
    String.raw`\S+@\S+\.\S+`, // e-mails and remote mentions
    `@[A-Za-z0-9_]+`, // mentions
    String.raw`#[\p{L}\p{M}\p{N}_]+`, // hashtags
  ].join('|'),
  'gu',
);
const WORD_RE = /\p{L}+(?:'\p{L}+)*/gu;

/** Minimum words carrying a signal before a language is returned. */
const MIN_SCORED_WORDS = 2;
/** The winner must hold at least this share of the total score. */
const MIN_SHARE = 0.65;

function scoreWord(word: string): { fr: number; en: number } {
  if (FR_WORDS.has(word)) return { fr: 1, en: 0 };
  if (EN_WORDS.has(word)) return { fr: 0, en: 1 };
  if (word.includes("'")) {
    if (FR_ELISION.test(word) || word === "aujourd'hui") return { fr: 1, en: 0 };
    if (EN_CONTRACTION.test(word)) return { fr: 0, en: 1 };
    return { fr: 0, en: 0 };
  }
  if (FR_ACCENT.test(word)) return { fr: 1, en: 0 };
  if (word.length >= 5) {
    if (FR_ENDING.test(word)) return { fr: 0.5, en: 0 };
    if (EN_ENDING.test(word)) return { fr: 0, en: 0.5 };
  }
  return { fr: 0, en: 0 };
}

export function detectLanguage(text: string): DetectedLanguage | null {
  const cleaned = text.normalize('NFC').replace(APOSTROPHE_LIKE, "'").replace(STRIP_RE, ' ').toLowerCase();
  let fr = 0;
  let en = 0;
  let scored = 0;
  for (const match of cleaned.matchAll(WORD_RE)) {
    const s = scoreWord(match[0]);
    if (s.fr === 0 && s.en === 0) continue;
    fr += s.fr;
    en += s.en;
    scored++;
  }
  if (scored < MIN_SCORED_WORDS || fr === en) return null;
  const winner = fr > en ? 'fr' : 'en';
  if (Math.max(fr, en) / (fr + en) < MIN_SHARE) return null;
  return winner;
}
