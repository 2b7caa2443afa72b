/**
 * 64-bit SimHash of a text: each normalized word and each pair of consecutive words (a shingle)
 * is hashed to 64 bits; every bit of the fingerprint is the majority vote of that bit over the
 * shingles. Texts sharing most shingles share most bits, so near-duplicates (same review with a
 * few words changed, different punctuation, case, accents or l33t) are a few bits apart while
 * unrelated texts are ~32 bits apart. Computed with two 32-bit halves (no BigInt on the hot path).
 */
import { normalizeText } from './normalize';

const EMPTY = '0000000000000000';

/**
 * Per-bit vote counting, 32 bits at a time: `planes[j]` holds bit j of each of the 32 counters
 * (a bit-sliced counter), so adding a 32-bit feature hash is a few ANDs and XORs instead of 32
 * additions. A bit of the fingerprint is set when more than half the features have it set.
 */
function addSliced(planes: Int32Array, x: number): void {
  let carry = x;
  for (let j = 0; carry !== 0 && j < planes.length; j++) {
    const next = planes[j] & carry;
    planes[j] ^= carry;
    carry = next;
  }
}

function majority(planes: Int32Array, features: number): number {
  let out = 0;
  for (let b = 0; b < 32; b++) {
    let ones = 0;
    for (let j = 0; j < planes.length; j++) ones += ((planes[j] >>> b) & 1) << j;
    if (ones * 2 > features) out |= 1 << b;
  }
  return out >>> 0;
}

/** murmur3's finalizer: spreads a combination of two word hashes over all bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fingerprint of already normalized words (see `normalizeText`): words and pairs of words vote. */
export function fingerprintWords(words: string[]): string {
  if (words.length === 0) return EMPTY;
  // 2 features per word; 24 planes count up to 16M features (texts are capped far below).
  const hiPlanes = new Int32Array(24);
  const loPlanes = new Int32Array(24);
  let features = 0;
  let prevHi = 0;
  let prevLo = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    // Two 32-bit FNV-1a hashes in one pass over the word, then murmur3's avalanche on each.
    let a = (0x811c9dc5 ^ 0x9e3779b9) >>> 0;
    let b = (0x811c9dc5 ^ 0x7f4a7c15) >>> 0;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193);
    }
    const hi = fmix(a);
    const lo = fmix(b);
    addSliced(hiPlanes, hi);
    addSliced(loPlanes, lo);
    features++;
    // The pair (previous word, this word), hashed from the two word hashes (no string built).
    if (i > 0) {
      addSliced(hiPlanes, fmix((Math.imul(prevHi, 0x01000193) ^ ((hi << 13) | (hi >>> 19))) >>> 0));
      addSliced(loPlanes, fmix((Math.imul(prevLo, 0x01000193) ^ ((lo << 17) | (lo >>> 15))) >>> 0));
      features++;
    }
    prevHi = hi;
    prevLo = lo;
  }
  return (
    majority(hiPlanes, features).toString(16).padStart(8, '0') +
    majority(loPlanes, features).toString(16).padStart(8, '0')
  );
}

/** 64-bit SimHash of a text, 16 hex digits; '0000000000000000' for a text without words. */
export function fingerprint(text: string): string {
  const normalized = normalizeText(text);
  return fingerprintWords(normalized ? normalized.split(' ') : []);
}

const FINGERPRINT_RE = /^[0-9a-f]{16}$/i;

/**
 * Number of differing bits between two fingerprints (0..64). A malformed fingerprint (missing,
 * legacy, truncated) is as far as can be (64): never a duplicate, never an exception in a caller.
 */
export function fingerprintDistance(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string' || !FINGERPRINT_RE.test(a) || !FINGERPRINT_RE.test(b)) return 64;
  let n = 0;
  for (const [from, to] of [
    [0, 8],
    [8, 16],
  ]) {
    let x = (parseInt(a.slice(from, to), 16) ^ parseInt(b.slice(from, to), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      n++;
    }
  }
  return n;
}

/** Near-duplicates for the moderation and reviews helpers: at most this many differing bits. */
export const NEAR_DUPLICATE_DISTANCE = 3;
