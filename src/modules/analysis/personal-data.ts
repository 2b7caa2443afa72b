/**
 * Personal data in a text: e-mail addresses (also "jean [at] gmail [dot] com"), phone numbers
 * (French national and international forms, any spacing), postal addresses (number + street
 * type, postcode + town, English "12 Baker Street"), card-like numbers (Luhn-checked) and IBANs
 * (mod-97-checked). Runs on the folded text, so offsets are the original's; evidence is masked.
 */

export type PersonalHit = {
  kind: 'email' | 'phone' | 'address' | 'card' | 'iban';
  confidence: number;
  start: number;
  end: number;
  masked: string;
};

// Bounded quantifiers and a start-of-address lookbehind: linear on hostile input (no backtracking blow-up).
// Not after '@': "@alice@example.org" is a fediverse mention, not an e-mail address.
const EMAIL_RE =
  /(?<![\p{L}\p{N}._%+@-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.[a-z]{2,12}\b/gu;
const SPELLED_AT_RE = /\b(?:at|arobase)\b|[[({](?:at|arobase)[\])}]/;
const EMAIL_SPELLED_RE =
  /(?<![a-z0-9._-])[a-z0-9._-]{2,64} ?(?:\[at\]|\(at\)|\{at\}|\[arobase\]|\(arobase\)|\barobase\b|\bat\b) ?[a-z0-9-]{2,63} ?(?:\[dot\]|\(dot\)|\{dot\}|\bdot\b|\bpoint\b|\.) ?(?:com|fr|net|org|eu|be|ch|io|co|uk|de)\b/g;
// 13-19 digits in groups separated by single spaces or dashes.
const CARD_RE = /(?<![\d.,])\d(?:[ -]?\d){12,18}(?![\d])/g;
const IBAN_RE = /\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?\b/g;
// French numbers: 0X XX XX XX XX, +33 X.., 0033 X.., +33 (0)X..; international: +CC then 6-12 digits.
const PHONE_RE =
  /(?<![\d+])(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?[1-9]|0[1-9])(?:[ .-]?\d{2}){4}(?!\d)|(?<![\d+])(?:\+|00)(?!33)[1-9]\d{0,2}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}(?!\d)/g;
// Other national formats starting with 0 (UK "07700 900123", "020 7946 0958"): 10-11 digits in 3 groups.
const NATIONAL_PHONE_RE = /(?<![\d+])0\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4}(?!\d)/g;
const STREET_TYPES =
  'rue|avenue|av|bd|boulevard|chemin|allee|impasse|place|route|quai|cours|square|passage|residence|lotissement|lieu-dit|faubourg|voie|sentier|hameau|cite|rond-point';
const STREET_RE = new RegExp(
  String.raw`\b\d{1,4}(?: ?(?:bis|ter|b))?,? (?:${STREET_TYPES})\.?(?: (?:de la|de l'|du|des|de|d'|la|le|les))? ?[\p{L}'-]{2,}(?: [\p{L}'-]{2,}){0,3}`,
  'gu',
);
const POSTCODE_TOWN_RE = /\b(?:0[1-9]|[1-8]\d|9[0-5]|2a|2b|97)\d{3} [\p{L}][\p{L}'-]{2,}(?:[ -][\p{L}'-]{2,}){0,2}/gu;
const EN_STREET_RE =
  /\b\d{1,5} (?:[a-z]{3,30} ){1,3}(?:street|st|avenue|ave|road|rd|lane|ln|boulevard|blvd|drive|dr|court|ct|way|place|terrace|close)\b/g;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function ibanValid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 97 ? String(code - 87) : ch;
    for (const digit of value) rest = (rest * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

/** Keeps the first and last `keep` digits, masks the others, keeps separators. */
export function maskDigits(s: string, keep = 2): string {
  const total = s.replace(/\D/g, '').length;
  let seen = 0;
  return s.replace(/\d/g, (d) => (seen++ < keep || seen > total - keep ? d : '*'));
}

function maskEmail(s: string): string {
  const at = s.indexOf('@');
  if (at < 0) return `${s.slice(0, 1)}***`;
  const dot = s.lastIndexOf('.');
  return `${s.slice(0, 1)}***@${s.slice(at + 1, at + 2)}***${s.slice(dot)}`;
}

/** Masks every personal datum inside a piece of evidence (used on all evidence, not only this flag's). */
export function maskPersonal(s: string): string {
  return s.replace(EMAIL_RE, (m) => maskEmail(m)).replace(/\d(?:[ .-]?\d){5,}/g, (m) => maskDigits(m));
}

const COMPANY_ID_BEFORE = /\b(?:siret|siren|tva|vat|rcs|ean|isbn|gtin)\b[^\d]{0,8}$/;

/** Enough to flag and cite; bounds the work on hostile input (thousands of numbers). */
const MAX_HITS = 30;

/** No earlier hit overlaps [s, e). */
function free(hits: PersonalHit[], s: number, e: number): boolean {
  for (const h of hits) if (!(e <= h.start || s >= h.end)) return false;
  return true;
}

export function findPersonalData(folded: string, original: string): PersonalHit[] {
  const hits: PersonalHit[] = [];
  // Cheap exits: no digit and no '@' or "at"/"arobase" means no e-mail, phone, card, IBAN or address.
  const hasDigit = /\d/.test(folded);
  const spelledAt = SPELLED_AT_RE.test(folded);
  if (!hasDigit && !folded.includes('@') && !spelledAt) return hits;

  if (folded.includes('@')) {
    for (const m of folded.matchAll(EMAIL_RE))
      hits.push({
        kind: 'email',
        confidence: 0.97,
        start: m.index,
        end: m.index + m[0].length,
        masked: maskEmail(original.slice(m.index, m.index + m[0].length)),
      });
  }
  if (spelledAt)
    for (const m of folded.matchAll(EMAIL_SPELLED_RE)) {
      const end = m.index + m[0].length;
      if (free(hits, m.index, end))
        hits.push({
          kind: 'email',
          confidence: 0.8,
          start: m.index,
          end,
          masked: `${original.slice(m.index, m.index + 1)}*** [at] ***`,
        });
    }
  if (!hasDigit) return hits;
  for (const m of folded.matchAll(IBAN_RE)) {
    if (hits.length >= MAX_HITS) break;
    const compact = m[0].replace(/ /g, '');
    if (compact.length < 15 || compact.length > 34 || !/\d{6}/.test(compact.slice(4).replace(/[a-z]/g, ''))) continue;
    const end = m.index + m[0].length;
    const valid = ibanValid(compact);
    hits.push({
      kind: 'iban',
      confidence: valid ? 0.97 : 0.6,
      start: m.index,
      end,
      masked: `${original.slice(m.index, m.index + 4)} **** ${original.slice(end - 3, end)}`,
    });
  }
  for (const re of [PHONE_RE, NATIONAL_PHONE_RE])
    for (const m of folded.matchAll(re)) {
      if (hits.length >= MAX_HITS) break;
      const end = m.index + m[0].length;
      if (!free(hits, m.index, end)) continue;
      const digits = m[0].replace(/\D/g, '').length;
      const national = re === NATIONAL_PHONE_RE;
      if (digits < (national ? 10 : 9) || digits > (national ? 11 : 15)) continue;
      const confidence = national ? 0.8 : m[0].startsWith('0') && !m[0].startsWith('00') ? 0.9 : 0.92;
      hits.push({ kind: 'phone', confidence, start: m.index, end, masked: maskDigits(original.slice(m.index, end)) });
    }
  for (const m of folded.matchAll(CARD_RE)) {
    if (hits.length >= MAX_HITS) break;
    const end = m.index + m[0].length;
    if (!free(hits, m.index, end)) continue;
    const digits = m[0].replace(/\D/g, '');
    // A company's SIRET/SIREN is Luhn-valid by design but public, not personal.
    if (COMPANY_ID_BEFORE.test(folded.slice(Math.max(0, m.index - 16), m.index))) continue;
    // A 13-19 digit run failing Luhn is more often an order or tracking number: low confidence.
    // Grouped by four like a card: suspicious even when the checksum fails (a typo, a made-up number).
    const grouped = /^\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}$/.test(m[0]);
    hits.push({
      kind: 'card',
      confidence: luhn(digits) ? 0.95 : grouped ? 0.6 : 0.45,
      start: m.index,
      end,
      masked: `**** ${digits.slice(-4)}`,
    });
  }
  let street = false;
  for (const re of [STREET_RE, EN_STREET_RE]) {
    for (const m of folded.matchAll(re)) {
      if (hits.length >= MAX_HITS) break;
      const end = m.index + m[0].length;
      if (!free(hits, m.index, end)) continue;
      street = true;
      const number = m[0].match(/^\d+/)?.[0] ?? '';
      hits.push({
        kind: 'address',
        confidence: 0.85,
        start: m.index,
        end,
        masked: `${number} ${m[0].slice(number.length).trim().split(' ')[0]} ***`,
      });
    }
  }
  for (const m of folded.matchAll(POSTCODE_TOWN_RE)) {
    if (hits.length >= MAX_HITS) break;
    const end = m.index + m[0].length;
    if (!free(hits, m.index, end)) continue;
    // A town is written with a capital ("75002 Paris"); "58213 n'est" is an order number and a verb.
    const town = original.charAt(m.index + 6);
    if (town === town.toLowerCase()) continue;
    // A postcode and a town alone may be just where one lives; next to a street it is an address.
    hits.push({
      kind: 'address',
      confidence: street ? 0.9 : 0.5,
      start: m.index,
      end,
      masked: `${original.slice(m.index, m.index + 2)}*** ***`,
    });
  }
  return hits;
}
