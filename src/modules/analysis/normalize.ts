/**
 * Normalization shared by every detector, done once per text:
 *  - `fold`: lower case, accents removed, typographic apostrophes made ASCII, one UTF-16 unit in,
 *    one out, so offsets in the folded text are offsets in the original (evidence is cut from it);
 *  - `tokenize`: words of the folded text with their offsets and the gap before each, so the
 *    detectors can see punctuation and spacing between words (obfuscations, clause boundaries);
 *  - `deobfuscate`: l33t digits and symbols back to letters.
 */

/** Folded code unit for each UTF-16 code unit, filled lazily (0 = not computed yet). */
const FOLD = new Uint16Array(65536);

/**
 * Latin look-alikes used to dodge filters ("cоnnard" with a Cyrillic о): read as the Latin letter.
 * Genuine Cyrillic or Greek text is rare on a French shop and only its matching is affected.
 */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ѕ: 's',
  ј: 'j',
  ԁ: 'd',
  ҡ: 'k',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  в: 'b',
  м: 'm',
  н: 'h',
  т: 't',
  к: 'k',
  α: 'a',
  ε: 'e',
  ο: 'o',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  β: 'b',
  γ: 'y',
};
/** Invisible characters slipped inside words ("con\u200bnard"): read as a hyphen, which rejoins the halves. */
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x180e]);

function foldUnit(code: number): number {
  let out = code;
  if (code >= 0xd800 && code <= 0xdfff)
    out = code; // surrogate halves: emojis and rare scripts stay as they are
  else if (code === 0x2019 || code === 0x2018 || code === 0x02bc || code === 0x60 || code === 0xb4)
    out = 0x27; // ’ ‘ ʼ ` ´ -> '
  else if (code === 0xa0 || code === 0x202f || code === 0x2009 || code === 0x2007)
    out = 0x20; // non-breaking and thin spaces
  else if (INVISIBLE.has(code)) out = 0x2d;
  else {
    const ch = String.fromCharCode(code);
    const lower = ch.toLowerCase();
    const glyph = HOMOGLYPHS[lower.length === 1 ? lower : ch];
    if (glyph) out = glyph.charCodeAt(0);
    else {
      // Compatibility decomposition (fullwidth "ｃ", math "𝐜" halves aside) minus accents; kept as is when
      // it would take more than one character ("ﬁ").
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      out =
        base.length === 1 ? (HOMOGLYPHS[base] ?? base).charCodeAt(0) : lower.length === 1 ? lower.charCodeAt(0) : code;
    }
  }
  // Fold the result too ("｀" -> "`" -> "'"), so that folding twice changes nothing.
  if (out !== code && out !== 0) out = FOLD[out] !== 0 ? FOLD[out] : foldUnit(out);
  FOLD[code] = out === 0 ? 0x20 : out; // NUL folds to a space (0 marks "not computed")
  return FOLD[code];
}

const UTF16 = new TextDecoder('utf-16le');

/** Lower case, accents removed, same length as the input (offsets stay valid). */
export function fold(text: string): string {
  const n = text.length;
  if (n === 0) return '';
  const units = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    const cached = FOLD[code];
    units[i] = cached !== 0 ? cached : foldUnit(code);
  }
  return UTF16.decode(units);
}

export type Token = {
  /** The folded characters of the token as written (may contain l33t digits and symbols). */
  raw: string;
  /** Letters only: l33t decoded, '*' kept as an unknown letter. */
  word: string;
  start: number;
  end: number;
  /** Folded text between the previous token and this one ('' for the first). */
  gap: string;
  /** The raw form needed decoding (digits or symbols among letters). */
  leet: boolean;
  /** The raw form holds digits or l33t symbols (computed once: the hot paths test it). */
  symbols: boolean;
};

// Letters, digits and the symbols l33t uses; `!` and `|` only between word characters ("b!tch").
const TOKEN_RE = /[\p{L}\p{N}@$*]+(?:[!|][\p{L}\p{N}@$*]+)*/gu;
const HAS_LETTER = /\p{L}/u;
const LEET_CHARS = /[0-9@$*!|]/;
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

/** l33t back to letters ("c0nn4rd" -> "connard"); '1' reads as 'i' (see `leetVariants` for 'l'). */
export function deobfuscate(raw: string): string {
  let out = '';
  for (const ch of raw) out += LEET[ch] ?? ch;
  return out;
}

/** A token's plausible readings: '1' may stand for 'i' or for 'l' ("sa1ope"). */
export function leetVariants(raw: string): string[] {
  const first = deobfuscate(raw);
  return raw.includes('1') || raw.includes('|') ? [first, deobfuscate(raw.replace(/1/g, 'l'))] : [first];
}

/** Tokens of a folded text with their offsets and gaps. */
export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(folded); m !== null; m = TOKEN_RE.exec(folded)) {
    let raw = m[0];
    let start = m.index;
    if (LEET_CHARS.test(raw)) {
      // '*' around a word is emphasis (*super*), inside it is a masked letter (f*ck); '!' and '|'
      // only count between word characters (trimming a '*' may expose one).
      while (raw !== '' && '*!|'.includes(raw[0])) (raw = raw.slice(1)), start++;
      while (raw !== '' && '*!|'.includes(raw[raw.length - 1])) raw = raw.slice(0, -1);
      if (raw === '') continue;
      // A token without letters is a number ("50", "06"), never l33t.
      const symbols = LEET_CHARS.test(raw);
      const leet = symbols && HAS_LETTER.test(raw);
      tokens.push({
        raw,
        word: leet ? deobfuscate(raw) : raw,
        start,
        end: start + raw.length,
        gap: folded.slice(last, start),
        leet,
        symbols,
      });
    } else {
      tokens.push({
        raw,
        word: raw,
        start,
        end: start + raw.length,
        gap: start === last ? '' : folded.slice(last, start),
        leet: false,
        symbols: false,
      });
    }
    last = start + raw.length;
  }
  return tokens;
}

/** Has a run of 3+ identical characters (cheap check before the regex). */
export function hasRun3(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) return true;
  }
  return false;
}

/** Runs of 3+ identical letters cut to 2 ("connnaaard" -> "connaard"). */
export function squeeze(word: string): string {
  if (!hasRun3(word)) return word;
  return word.replace(/(\p{L})\1{2,}/gu, '$1$1');
}

/** Every run of identical letters cut to 1 ("connaard" -> "conard"): compared with lexicon words cut the same way. */
export function collapse(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

/**
 * The canonical form of a text for comparison: folded, l33t decoded, letter runs squeezed,
 * spaced-out letters rejoined ("c o n n a r d" -> "connard"), words separated by one space.
 * Idempotent: normalizeText(normalizeText(x)) === normalizeText(x).
 */
export function normalizeText(text: string): string {
  return normalizedWords(tokenize(fold(text))).join(' ');
}

const NOT_WORD_CHAR = /[^\p{L}\p{N}]/gu;
const CONTRACTED: Record<string, string> = { can: 'can', won: 'will', shan: 'shall', ain: 'is' };

/** The words of `normalizeText`, from tokens already computed. */
export function normalizedWords(tokens: Token[]): string[] {
  const words: string[] = [];
  let run = '';
  for (const t of tokens) {
    // English "n't" written out: "doesn't" and "does not" are the same words for comparison.
    if (t.raw === 't' && t.gap === "'" && !run && words.length > 0 && words[words.length - 1].endsWith('n')) {
      const verb = words[words.length - 1];
      words[words.length - 1] = CONTRACTED[verb] ?? (verb.length > 1 ? verb.slice(0, -1) : verb);
      words.push('not');
      continue;
    }
    const w = cleanWord(t.raw, t.symbols);
    if (!w) continue;
    // Letters standing alone are spelled-out words ("c o n n a r d"): rejoined.
    if (w.length === 1) {
      run += w;
      continue;
    }
    if (run) pushClean(words, run), (run = '');
    words.push(w);
  }
  if (run) pushClean(words, run);
  return words;
}

/** Letters and digits only, l33t decoded, then letter runs squeezed: each output word reads back as itself. */
function cleanWord(raw: string, symbols = LEET_CHARS.test(raw)): string {
  return symbols ? squeeze((HAS_LETTER.test(raw) ? deobfuscate(raw) : raw).replace(NOT_WORD_CHAR, '')) : squeeze(raw);
}

function pushClean(words: string[], raw: string): void {
  const w = cleanWord(raw);
  if (w) words.push(w);
}
