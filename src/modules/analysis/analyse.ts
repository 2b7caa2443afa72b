/**
 * Auto-triage of one text (review, reply, comment, post): normalize once, tokenize once, run
 * every detector on the same tokens and word line, and propose flags with a confidence, a short
 * reason and masked evidence. Pure, synchronous, no I/O. `duplicate` is never raised here: it
 * needs other texts; callers compare `fingerprint`s (see fingerprint.ts).
 */
import { fingerprintWords } from './fingerprint';
import { findInsults, type InsultHit } from './insults';
import { detectLanguageOf } from './language';
import { fold, normalizedWords, tokenize, type Token } from './normalize';
import { findPersonalData, maskPersonal } from './personal-data';
import {
  ADVERTISING_RULES,
  CUSTOMER_SERVICE_RULES,
  SHORTENERS,
  URL_HINT,
  URL_RE,
  matchRules,
  noisyOr,
  spanOf,
  wordLine,
  type WordLine,
} from './phrases';
import { INSULT_VALENCE_SCALE, scoreTokens } from './sentiment';
import { flagCodes, type AnalysisInput, type Flag, type FlagCode, type Sentiment, type TextAnalysis } from './types';

/** Flags below this confidence are not raised (the signal is too weak to cost a moderator a look). */
export const MIN_CONFIDENCE = 0.5;
/** Texts longer than this are analysed on their first MAX_CHARS characters (reviews are far shorter). */
export const MAX_CHARS = 20_000;
const MAX_EVIDENCE = 3;
const EVIDENCE_CHARS = 80;

const round = (x: number) => Math.round(Math.min(0.99, Math.max(0, x)) * 100) / 100;

function evidenceOf(original: string, spans: [number, number][], mask: boolean): string[] {
  const out: string[] = [];
  for (const [s, e] of spans) {
    let piece = original
      .slice(s, Math.min(e, s + EVIDENCE_CHARS))
      .replace(/\s+/g, ' ')
      .trim();
    if (mask) piece = maskPersonal(piece);
    if (piece && !out.includes(piece)) out.push(piece);
    if (out.length >= MAX_EVIDENCE) break;
  }
  return out;
}

type Prepared = { original: string; folded: string; tokens: Token[]; language: 'fr' | 'en' };

function prepare(text: string, language?: 'fr' | 'en'): Prepared {
  const original = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  const folded = fold(original);
  const tokens = tokenize(folded);
  // Anything but 'fr' or 'en' (a post's 'de', a null from the database) is detected instead.
  return {
    original,
    folded,
    tokens,
    language: language === 'fr' || language === 'en' ? language : detectLanguageOf(tokens),
  };
}

function insultFlag(p: Prepared, hits: InsultHit[]): Flag | undefined {
  if (hits.length === 0) return undefined;
  const weights = hits.map((h) => h.entry.weight + (h.directed ? 0.15 : 0) + (h.obfuscated ? 0.05 : 0));
  const confidence = noisyOr(weights.map((w) => Math.min(0.97, w)));
  const obfuscated = hits.some((h) => h.obfuscated);
  const strong = hits.some((h) => h.entry.strong || h.directed);
  return {
    code: 'insult',
    confidence: round(confidence),
    reason: `${strong ? 'Insult' : 'Profanity or rude word'}${hits.some((h) => h.directed) ? ' aimed at someone' : ''}${obfuscated ? ' (obfuscated)' : ''}`,
    evidence: evidenceOf(
      p.original,
      hits.map((h) => [h.start, h.end]),
      true,
    ),
  };
}

const KIND_LABEL = {
  email: 'e-mail address',
  phone: 'phone number',
  address: 'postal address',
  card: 'card number',
  iban: 'bank account (IBAN)',
};

function personalDataFlag(p: Prepared): Flag | undefined {
  // Weak hits (a bare long number, an unchecked card shape) do not add up: two order numbers are
  // not personal data. The surest hit decides, a little more for each other sure one.
  const hits = findPersonalData(p.folded, p.original).filter((h) => h.confidence >= MIN_CONFIDENCE);
  if (hits.length === 0) return undefined;
  hits.sort((a, b) => b.confidence - a.confidence);
  const kinds = [...new Set(hits.map((h) => KIND_LABEL[h.kind]))];
  return {
    code: 'personal_data',
    confidence: round(hits[0].confidence + 0.02 * (hits.length - 1)),
    reason: `Personal data: ${kinds.join(', ')}`,
    evidence: hits.slice(0, MAX_EVIDENCE).map((h) => h.masked),
  };
}

function advertisingFlag(p: Prepared, wl: WordLine, brandName?: string): Flag | undefined {
  const weights: number[] = [];
  const spans: [number, number][] = [];
  const reasons = new Set<string>();
  if (URL_HINT.test(p.folded)) {
    const brand = brandName ? fold(brandName).replace(/[^\p{L}\p{N}]/gu, '') : '';
    for (const m of p.folded.matchAll(URL_RE)) {
      const url = m[0].replace(/[.,;:!?)\]'"]+$/, '');
      // The brand's own site is less suspicious than a stranger's.
      const own = brand.length >= 3 && url.replace(/[^\p{L}\p{N}]/gu, '').includes(brand);
      weights.push(SHORTENERS.test(url) ? 0.95 : own ? 0.4 : 0.85);
      spans.push([m.index, m.index + url.length]);
      reasons.add('link');
    }
  }
  for (const h of matchRules(wl.line, ADVERTISING_RULES)) {
    weights.push(h.weight);
    spans.push(spanOf(wl, h.from, h.to));
    reasons.add('solicitation');
  }
  if (weights.length === 0) return undefined;
  return {
    code: 'advertising',
    confidence: round(noisyOr(weights)),
    reason: `Advertising: ${[...reasons].join(' and ')}`,
    evidence: evidenceOf(p.original, spans, true),
  };
}

function customerServiceFlag(p: Prepared, wl: WordLine, sentiment: Sentiment): Flag | undefined {
  const hits = matchRules(wl.line, CUSTOMER_SERVICE_RULES);
  if (hits.length === 0) return undefined;
  let confidence = noisyOr(hits.map((h) => h.weight));
  // A question is addressed to someone: the brand. Praise that mentions the service is not a request.
  const question = p.original.includes('?');
  if (question) confidence += 0.1;
  else if (sentiment.label === 'positive') confidence *= 0.6;
  return {
    code: 'customer_service',
    confidence: round(confidence),
    reason: 'Customer-service request (order, delivery, refund, breakdown), not an opinion on the product',
    evidence: evidenceOf(
      p.original,
      hits.sort((a, b) => b.weight - a.weight).map((h) => spanOf(wl, h.from, h.to)),
      true,
    ),
  };
}

/** rating 4-5 with clearly negative words, or 1-2 with clearly positive words. */
function ratingMismatchFlag(rating: number | undefined, sentiment: Sentiment): Flag | undefined {
  if (typeof rating !== 'number' || !Number.isFinite(rating)) return undefined;
  const s = sentiment.score;
  if (rating >= 4 && s <= -0.4) {
    return {
      code: 'rating_mismatch',
      confidence: round(0.35 + Math.abs(s) * 0.5 + (rating === 5 ? 0.1 : 0)),
      reason: `Rating ${rating}/5 but the text is negative (${s})`,
    };
  }
  if (rating <= 2 && s >= 0.4) {
    return {
      code: 'rating_mismatch',
      confidence: round(0.35 + s * 0.5 + (rating === 1 ? 0.1 : 0)),
      reason: `Rating ${rating}/5 but the text is positive (${s})`,
    };
  }
  return undefined;
}

const STOPWORDS = new Set(
  `les des une est sont pour avec dans pas tres trop mais qui que quoi cette ces mon mes ton tes ses notre nos votre vos leur
  leurs nous vous ils elles aux sur sous chez par moins bien aussi encore deja toujours jamais rien tout tous toute toutes fait
  etre avoir avez avons ont suis etait ete ca cela comme quand alors donc parce puis avant apres depuis sans vers the and are
  was were been have has had with this that these those for from you your yours our their they she its not but just very
  really what when where why how who which will would can could should get got all one about out some any more than too
  also then them there here only still even much ici the voila cest jai quil`.split(/\s+/),
);
/** Words that show a text talks about a purchase, whatever the product. */
const PRODUCT_WORDS = new Set(
  `produit produits article articles qualite taille tailles prix achat achete achetee acheter commande commandee commander
  livraison livre colis recu recue couleur couleurs matiere marque emballage utilise utilisation utiliser porte porter marche
  fonctionne rapport conforme description photo photos modele vendeur boutique recommande recommander taille
  product products item items quality size price bought buy purchase purchased ordered order delivery delivered color colour
  material brand packaging fits fit works worked use using used wear wearing recommend value money seller shop model`.split(
    /\s+/,
  ),
);

const stem = (w: string) => (w.length > 5 ? w.slice(0, 5) : w.replace(/[sx]$/, ''));

/** Given what the text should be about: no shared word and no purchase vocabulary at all. */
function offTopicFlag(p: Prepared, context: AnalysisInput['context']): Flag | undefined {
  const about = `${context?.productTitle ?? ''} ${context?.brandName ?? ''}`.trim();
  if (!about) return undefined;
  const topic = new Set(
    tokenize(fold(about))
      .map((t) => t.word)
      .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
      .map(stem),
  );
  let content = 0;
  for (const t of p.tokens) {
    const w = t.word;
    if (w.length < 3 || STOPWORDS.has(w)) continue;
    if (PRODUCT_WORDS.has(w) || topic.has(stem(w))) return undefined;
    content++;
  }
  if (content < 8) return undefined; // too short to tell
  // Modest on purpose: a review may describe its use without naming anything we know.
  return {
    code: 'off_topic',
    confidence: round(0.5 + Math.min(0.15, (content - 8) / 100)),
    reason: 'Does not seem to be about the product: no shared word with its title or brand, no purchase vocabulary',
  };
}

const CODE_ORDER = new Map<FlagCode, number>(flagCodes.map((c, i) => [c, i]));

export function analyseText(input: AnalysisInput): TextAnalysis {
  const text = typeof input.text === 'string' ? input.text : '';
  const title = typeof input.title === 'string' ? input.title : '';
  const full = title ? `${title}\n${text}` : text;
  const p = prepare(full, input.language);
  const wl = wordLine(p.tokens);
  const insults = findInsults(p.tokens, p.language);
  // Plain insult words are in the sentiment lookups already; obfuscated ones and phrases are not.
  let extra = 0;
  for (const h of insults) if (h.obfuscated || h.words > 1) extra += h.entry.weight * INSULT_VALENCE_SCALE;
  const sentiment = scoreTokens(p.tokens, p.original, p.language, extra);

  const flags: Flag[] = [];
  for (const flag of [
    insultFlag(p, insults),
    personalDataFlag(p),
    advertisingFlag(p, wl, input.context?.brandName),
    ratingMismatchFlag(input.rating, sentiment),
    customerServiceFlag(p, wl, sentiment),
    offTopicFlag(p, input.context),
  ]) {
    if (flag && flag.confidence >= MIN_CONFIDENCE) flags.push(flag);
  }
  flags.sort((a, b) => b.confidence - a.confidence || CODE_ORDER.get(a.code)! - CODE_ORDER.get(b.code)!);

  // The body alone is fingerprinted: the same text pasted under different titles is still a duplicate.
  const bodyTokens = title && text.trim() ? p.tokens.filter((t) => t.start > title.length) : p.tokens;
  return { language: p.language, flags, sentiment, fingerprint: fingerprintWords(normalizedWords(bodyTokens)) };
}

/** Sentiment of a text alone (listening uses it for every match). */
export function sentimentOf(text: string, language?: 'fr' | 'en'): Sentiment {
  const p = prepare(typeof text === 'string' ? text : '', language);
  return scoreTokens(p.tokens, p.original, p.language);
}

export { fingerprint, fingerprintDistance, NEAR_DUPLICATE_DISTANCE } from './fingerprint';
