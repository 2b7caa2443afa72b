/**
 * Insult and profanity detection on whole normalized words (never substrings: "concours",
 * "salopette", "disputer" are innocent), with the usual obfuscations undone: accents, case,
 * l33t, letters spaced or dotted apart ("c o n n a r d", "c.o.n"), split words ("sal ope"),
 * repeated letters ("connnaaard"), masked letters ("f*ck").
 */
import {
  ADDRESSING,
  ADDRESSING_NEAR,
  FRENCH_ONLY,
  INSULTS,
  INSULTS_BY_LENGTH,
  INSULTS_COLLAPSED,
  INSULT_PHRASES,
  INSULT_PREFIXES,
  MAX_INSULT_LENGTH,
  MAX_PHRASE_WORDS,
  PHRASE_FIRST_WORDS,
  type InsultEntry,
} from './lexicon-insults';
import { collapse, hasRun3, leetVariants, squeeze, type Token } from './normalize';

/** `words`: how many tokens the hit spans (a phrase or a word spelled out over several tokens). */
const MAX_HITS = 50;

export type InsultHit = {
  entry: InsultEntry;
  start: number;
  end: number;
  obfuscated: boolean;
  directed: boolean;
  words: number;
};

/** The lexicon entry a written word stands for, if any. */
// (Hot paths use module-level functions, not closures: tsx/esbuild wraps every named closure at creation.)
function accept(e: InsultEntry | undefined, language: 'fr' | 'en'): InsultEntry | undefined {
  return e && !(language === 'en' && FRENCH_ONLY.has(e.word)) ? e : undefined;
}

function lookupWord(word: string, language: 'fr' | 'en'): { entry: InsultEntry; obfuscated: boolean } | undefined {
  let e = accept(INSULTS.get(word), language);
  if (e) return { entry: e, obfuscated: false };
  // Letters stretched on purpose ("connnaaard", "saaaloooope"): squeezed, then every run cut to one.
  if (hasRun3(word)) {
    e = accept(INSULTS.get(squeeze(word)), language) ?? accept(INSULTS_COLLAPSED.get(collapse(word)), language);
    if (e) return { entry: e, obfuscated: true };
  }
  if (word.includes('*')) {
    const candidates = INSULTS_BY_LENGTH.get(word.length);
    const known = word.replace(/\*/g, '').length;
    if (candidates && known >= 2 && known >= word.length / 2) {
      for (const c of candidates) {
        let ok = true;
        for (let i = 0; i < word.length && ok; i++) if (word[i] !== '*' && word[i] !== c[i]) ok = false;
        if (ok && accept(INSULTS.get(c), language)) return { entry: INSULTS.get(c)!, obfuscated: true };
      }
    }
  }
  return undefined;
}

const LEET_CHARS = /[0-9@$*!|]/;

function lookupRaw(raw: string, language: 'fr' | 'en'): { entry: InsultEntry; obfuscated: boolean } | undefined {
  if (!LEET_CHARS.test(raw)) return lookupWord(raw, language);
  for (const variant of leetVariants(raw)) {
    const found = lookupWord(variant, language);
    if (found) return { entry: found.entry, obfuscated: found.obfuscated || variant !== raw };
  }
  return undefined;
}

// A pattern with letters beyond ASCII is written as a string: the built server stays ASCII (scripts/build.mjs).
/** Spacing or punctuation between the pieces of one spelled-out word: " ", ".", " - ", "_"... */
const SPELLING_GAP = new RegExp('^[ .\\-_·*+~|/\\\\,:]{1,3}$');
/** Punctuation glued inside a word without spaces: "con.nard", "en-cule", "sal_ope". */
const GLUED_GAP = new RegExp('^[.\\-_·*+~]{1,2}$');

function isDirected(tokens: Token[], index: number): boolean {
  for (let j = Math.max(0, index - 3); j < index; j++) if (ADDRESSING.has(tokens[j].word)) return true;
  return index > 0 && ADDRESSING_NEAR.has(tokens[index - 1].word);
}

/** Records a hit over tokens from..to unless one of them is already part of another hit. */
function addHit(
  hits: InsultHit[],
  covered: Uint8Array,
  tokens: Token[],
  from: number,
  to: number,
  entry: InsultEntry,
  obfuscated: boolean,
): void {
  if (hits.length >= MAX_HITS) return; // enough to flag and cite; bounds the work on hostile input
  for (let k = from; k <= to; k++) if (covered[k]) return;
  for (let k = from; k <= to; k++) covered[k] = 1;
  hits.push({
    entry,
    start: tokens[from].start,
    end: tokens[to].end,
    obfuscated,
    directed: isDirected(tokens, from),
    words: to - from + 1,
  });
}

export function findInsults(tokens: Token[], language: 'fr' | 'en'): InsultHit[] {
  const hits: InsultHit[] = [];
  const covered = new Uint8Array(tokens.length);
  // 1. Letters spelled out one by one: "c o n n a r d", "c.o.n", "f-u-c-k".
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].raw.length !== 1) continue;
    let j = i;
    while (j + 1 < tokens.length && tokens[j + 1].raw.length === 1 && SPELLING_GAP.test(tokens[j + 1].gap)) j++;
    if (j - i >= 2) {
      // The run may carry a real one-letter word at either end ("what a c o n n a r d"): try every
      // sub-run of 3+ letters, longest first from each start (runs are short and rare).
      const last = Math.min(j, i + 40);
      for (let s = i; s <= last - 2; s++) {
        for (let e = last; e >= s + 2; e--) {
          let joined = '';
          for (let k = s; k <= e; k++) joined += tokens[k].raw;
          const found = lookupRaw(joined, language);
          if (found) {
            addHit(hits, covered, tokens, s, e, found.entry, true);
            s = e;
            break;
          }
        }
      }
      i = j;
    }
  }

  // 2. Words cut by glued punctuation ("con.nard") or split in two short halves ("sal ope").
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (covered[i]) continue;
    let joined = tokens[i].raw;
    if (!INSULT_PREFIXES.has(tokens[i].word) && !LEET_CHARS.test(joined)) continue;
    for (let j = i + 1; j < tokens.length && j <= i + 3; j++) {
      const gap = tokens[j].gap;
      if (joined.length + tokens[j].raw.length > MAX_INSULT_LENGTH * 2) break;
      const glued = GLUED_GAP.test(gap);
      const splitHalves = gap === ' ' && j === i + 1 && tokens[i].raw.length <= 4 && tokens[j].raw.length <= 4;
      if (!glued && !splitHalves) break;
      joined += tokens[j].raw;
      if (joined.length < (glued ? 4 : 5)) continue;
      // A split on a space only counts for strong words: "sa lope" yes, "con cours" no.
      const found = lookupRaw(joined, language);
      if (found && (glued || found.entry.strong)) {
        addHit(hits, covered, tokens, i, j, found.entry, true);
        break;
      }
      if (!glued) break;
    }
  }

  // 3. Multi-word phrases ("fils de pute", "piece of shit").
  for (let i = 0; i < tokens.length; i++) {
    if (!PHRASE_FIRST_WORDS.has(tokens[i].word)) continue;
    let phrase = tokens[i].word;
    for (let n = 2; n <= MAX_PHRASE_WORDS && i + n - 1 < tokens.length; n++) {
      phrase += ` ${squeeze(tokens[i + n - 1].word)}`;
      const entry = INSULT_PHRASES.get(phrase);
      if (entry) {
        for (let k = i; k < i + n; k++) covered[k] = 0; // a phrase wins over its single words
        hits.splice(
          0,
          hits.length,
          ...hits.filter((h) => h.end <= tokens[i].start || h.start >= tokens[i + n - 1].end),
        );
        addHit(hits, covered, tokens, i, i + n - 1, entry, false);
        break;
      }
    }
  }

  // 4. Single words.
  for (let i = 0; i < tokens.length; i++) {
    if (covered[i]) continue;
    const t = tokens[i];
    if (t.raw.length < 2) continue;
    const found = t.leet ? lookupRaw(t.raw, language) : lookupWord(t.word, language);
    if (found) addHit(hits, covered, tokens, i, i, found.entry, found.obfuscated || t.leet);
  }
  return hits;
}
