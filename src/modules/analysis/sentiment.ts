/**
 * Lexicon sentiment, one pass over the tokens: valence of each known word, multiplied by the
 * intensifier or diminisher just before it, flipped when a negation is in scope (French
 * "ne ... pas/plus/jamais/rien", "pas" alone, English "not", "n't", "never", "no"), the clause
 * after "mais"/"but" weighing more than the one before, plus emojis, emoticons and exclamation
 * marks. Idioms first: "pas mal" (positive), "pas terrible" (negative), "du tout" (intensifies
 * whatever it follows: "pas mal du tout" is positive, "pas bon du tout" negative).
 */
import { INSULTS } from './lexicon-insults';
import {
  CONTRASTS,
  EMOJI_VALENCE,
  EXCESS_AFTER,
  EXCESS_VALENCE,
  EXCESSIVE,
  EXPECTED,
  EXPECTED_WHEN_NEGATED,
  INTENSIFIERS,
  MAX_PHRASE_VALENCE_WORDS,
  NEGATORS,
  PHRASE_VALENCE,
  PHRASE_VALENCE_FIRST,
  VALENCE,
} from './lexicon-sentiment';
import { collapse, hasRun3, squeeze, type Token } from './normalize';
import type { Sentiment } from './types';

/** Words whose meaning changes between French and English: never looked up in the other language. */
const FALSE_FRIENDS = new Set([
  'terrible',
  'sale',
  'pain',
  'con',
  'rate',
  'bride',
  'coin',
  'mince',
  'fine',
  'top',
  'super',
  'cool',
  'bien',
  'pire',
  'cher',
  'chat',
]);
/** Valence of a word found only in the other language's lexicon (mixed-language texts). */
const OTHER_LANGUAGE_WEIGHT = 0.7;
/** How many words a negation reaches ("ne" reaches one word further, past the verb). */
const NEGATION_SCOPE = 3;
/** A negated positive word turns negative, a negated negative only mildly positive ("pas déçu"). */
const NEGATED_POSITIVE = -0.75;
const NEGATED_NEGATIVE = -0.5;
/** Scales the raw sum into -1..1 (VADER's normalization): higher = more words needed to saturate. */
const ALPHA = 10;
export const POSITIVE_THRESHOLD = 0.15;
export const NEGATIVE_THRESHOLD = -0.15;

const CLAUSE_BREAK = /[.!?;,:\n()]/;
const EMOJI_RE = /\p{Extended_Pictographic}/gu;
const EMOTICON_POSITIVE = /(?:^|\s)(?:[:;=]-?[)D\]]|<3|\^\^)(?=\s|$)/g;
const EMOTICON_NEGATIVE = /(?:^|\s)(?:[:;=]'?-?[([/])(?=\s|$)/g;

/** Insults and profanity are negative: strong ones about -2.7, mild ones about -1.4. */
export const INSULT_VALENCE_SCALE = -3;

function valenceOf(word: string, language: 'fr' | 'en'): number | undefined {
  const insult = INSULTS.get(word);
  if (insult) return insult.weight * INSULT_VALENCE_SCALE;
  const own = VALENCE[language];
  const other = VALENCE[language === 'fr' ? 'en' : 'fr'];
  let v = own.get(word);
  if (v !== undefined) return v;
  if (!FALSE_FRIENDS.has(word)) {
    v = other.get(word);
    if (v !== undefined) return v * OTHER_LANGUAGE_WEIGHT;
  }
  return undefined;
}

/** The valence of a token, reading stretched letters ("suuuper", "nuuul") back. */
function tokenValence(word: string, language: 'fr' | 'en'): number | undefined {
  const v = valenceOf(word, language);
  if (v !== undefined || word.length < 4 || !hasRun3(word)) return v;
  return valenceOf(squeeze(word), language) ?? valenceOf(collapse(word), language);
}

/** Every word that plays any part below, per language: any other word is skipped after one lookup. */
const KNOWN = { fr: knownWords('fr'), en: knownWords('en') };

function knownWords(language: 'fr' | 'en'): Set<string> {
  const other = language === 'fr' ? 'en' : 'fr';
  return new Set([
    ...VALENCE.fr.keys(),
    ...VALENCE.en.keys(),
    ...INSULTS.keys(),
    ...NEGATORS[language],
    ...NEGATORS[other],
    ...INTENSIFIERS[language].keys(),
    ...CONTRASTS,
    ...PHRASE_VALENCE_FIRST,
    ...EXPECTED[language],
    ...EXCESSIVE[language],
    'pas',
    'du',
    'at',
    'peu',
    'little',
    't',
  ]);
}

/**
 * Clear praise and clear blame in one text ("le goût est là … le prix reste élevé, d'où trois
 * étoiles") make a mixed opinion: neutral, whichever side has a few more words. The lesser
 * side must weigh at least MIXED_RATIO of the greater, so one reservation in a rave stays positive.
 */
const MIXED_MIN = 1;
const MIXED_RATIO = 0.35;
const isMixed = (praise: number, blame: number) =>
  Math.min(praise, blame) >= MIXED_MIN && Math.min(praise, blame) / Math.max(praise, blame) >= MIXED_RATIO;

export function labelOf(score: number): Sentiment['label'] {
  return score > POSITIVE_THRESHOLD ? 'positive' : score < NEGATIVE_THRESHOLD ? 'negative' : 'neutral';
}

/**
 * `extra`: valence found by other detectors that the word lookups cannot see (an insult spelled
 * "c o n n a r d" or a phrase like "ta gueule" is negative).
 */
export function scoreTokens(tokens: Token[], original: string, language: 'fr' | 'en', extra = 0): Sentiment {
  const negators = NEGATORS[language];
  const otherNegators = NEGATORS[language === 'fr' ? 'en' : 'fr'];
  const intensifiers = INTENSIFIERS[language];
  const known = KNOWN[language];
  let sum = extra;
  let clauseWeight = 1;
  let negLeft = 0;
  let multiplier = 1;
  let multLeft = 0;
  let lastScored = -2;
  let lastValue = 0;
  // Praise and blame apart, to tell a mixed text ("bon mais cher") from a lukewarm one.
  let praise = 0;
  let blame = 0;
  const weigh = (v: number) => {
    sum += v;
    if (v > 0) praise += v;
    else blame -= v;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > 0 && t.gap !== ' ' && CLAUSE_BREAK.test(t.gap)) {
      negLeft = 0;
      multLeft = 0;
    }
    const w = t.word;
    if (!known.has(w) && !hasRun3(w)) {
      if (negLeft > 0) negLeft--;
      if (multLeft > 0) multLeft--;
      continue;
    }
    const next = tokens[i + 1]?.word;
    const nextGlued =
      tokens[i + 1] !== undefined && (tokens[i + 1].gap === ' ' || !CLAUSE_BREAK.test(tokens[i + 1].gap));

    // Idioms.
    if (w === 'pas' && nextGlued && (next === 'mal' || next === 'terrible')) {
      const v = (next === 'mal' ? 2 : -1.5) * (multLeft > 0 ? multiplier : 1) * clauseWeight;
      weigh(v);
      lastScored = i + 1;
      lastValue = v;
      negLeft = 0;
      i++;
      continue;
    }
    if ((w === 'du' && next === 'tout') || (w === 'at' && next === 'all')) {
      if (lastScored >= i - 1) {
        sum += lastValue * 0.5; // "pas mal du tout", "pas bon du tout": strengthen what came just before
      } else {
        multiplier = 1.5;
        multLeft = 2;
        if (negLeft > 0) negLeft = Math.max(negLeft, 2);
      }
      i++;
      continue;
    }
    // Idioms of two or three words ("rien à redire", "au rendez-vous", "waste of money").
    let phrase = w;
    let phraseValue: number | undefined;
    let phraseEnd = i;
    const canStartPhrase = PHRASE_VALENCE_FIRST.has(w);
    for (let n = 2; canStartPhrase && n <= MAX_PHRASE_VALENCE_WORDS && i + n - 1 < tokens.length; n++) {
      phrase += ` ${tokens[i + n - 1].word}`;
      const pv = PHRASE_VALENCE.get(phrase);
      if (pv !== undefined) (phraseValue = pv), (phraseEnd = i + n - 1);
    }
    if (phraseValue !== undefined) {
      let v = phraseValue * (multLeft > 0 ? multiplier : 1);
      if (negLeft > 0) v = v > 0 ? v * NEGATED_POSITIVE : v * NEGATED_NEGATIVE;
      v *= clauseWeight;
      weigh(v);
      lastScored = phraseEnd;
      lastValue = v;
      multLeft = 0;
      if (negLeft > 0) negLeft--;
      i = phraseEnd;
      continue;
    }
    // "un peu cher" softens; "peu fiable" negates.
    if (w === 'peu' || w === 'little') {
      const prev = tokens[i - 1]?.word;
      if (prev === 'un' || prev === 'a') {
        multiplier = 0.5;
        multLeft = 2;
      } else if (w === 'peu') {
        negLeft = 2;
      }
      continue;
    }
    // English "n't" arrives as a separate "t" after "don", "isn", "can"...
    const isNegator =
      negators.has(w) ||
      (w === 't' && t.gap === "'" && tokens[i - 1]?.word.endsWith('n')) ||
      (language === 'fr' && otherNegators.has(w) && w === 'not');
    if (isNegator) {
      // "ne" reaches past the verb; "moins"/"less" only the next word ("moins cher").
      negLeft = w === 'ne' || w === 'n' ? NEGATION_SCOPE + 1 : w === 'moins' || w === 'less' ? 1 : NEGATION_SCOPE;
      continue;
    }
    if (CONTRASTS.has(w)) {
      sum *= 0.5;
      praise *= 0.5;
      blame *= 0.5;
      clauseWeight = 1.5;
      negLeft = 0;
      continue;
    }
    const intensity = intensifiers.get(w);
    if (intensity !== undefined) {
      const nextValence = next !== undefined ? tokenValence(next, language) : undefined;
      const afterNext = tokens[i + 2]?.word;
      const ahead =
        nextValence !== undefined ||
        (afterNext !== undefined && tokenValence(afterNext, language) !== undefined) ||
        next === 'pas';
      if (ahead || tokenValence(w, language) === undefined) {
        multiplier = intensity;
        multLeft = 2;
        continue;
      }
    }
    let v = tokenValence(w, language) ?? 0;
    if (v === 0 && i > 0 && EXCESSIVE[language].has(w) && EXCESS_AFTER[language].has(tokens[i - 1].word))
      v = EXCESS_VALENCE;
    const negatedExpectation = negLeft > 0 && EXPECTED[language].has(w);
    if (negatedExpectation || v !== 0) {
      if (negatedExpectation) v = EXPECTED_WHEN_NEGATED;
      else if (negLeft > 0) v = v > 0 ? v * NEGATED_POSITIVE : v * NEGATED_NEGATIVE;
      if (multLeft > 0) v *= multiplier;
      v *= clauseWeight;
      weigh(v);
      lastScored = i;
      lastValue = v;
      multLeft = 0;
    }
    if (negLeft > 0) negLeft--;
    if (multLeft > 0) multLeft--;
  }

  // Emojis and emoticons count like words; exclamation marks amplify.
  if (original.length > 0) {
    for (const m of original.matchAll(EMOJI_RE)) {
      const v = EMOJI_VALENCE.get(m[0]);
      if (v !== undefined) sum += v;
    }
    if (original.includes(':') || original.includes(';') || original.includes('<') || original.includes('^')) {
      for (const _ of original.matchAll(EMOTICON_POSITIVE)) sum += 1.5;
      for (const _ of original.matchAll(EMOTICON_NEGATIVE)) sum -= 1.5;
    }
    let bangs = 0;
    for (let k = original.indexOf('!'); k >= 0 && bangs < 3; k = original.indexOf('!', k + 1)) bangs++;
    sum *= 1 + 0.08 * bangs;
  }
  let score = Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;
  if (isMixed(praise, blame))
    score = Math.round(Math.max(NEGATIVE_THRESHOLD + 0.01, Math.min(POSITIVE_THRESHOLD - 0.01, score)) * 1000) / 1000;
  return { label: labelOf(score), score: Object.is(score, -0) ? 0 : score };
}
