/**
 * 64-bit SimHash of a text: each normalized word and each pair of consecutive words (a shingle)
 * is hashed to 64 bits; every bit of the fingerprint is the majority vote of that bit over the
 * shingles. Texts sharing most shingles share most bits, so near-duplicates (same review with a
 * few words changed, different punctuation, case, accents or l33t) are a few bits apart while
 * unrelated texts are ~32 bits apart. Computed with two 32-bit halves (no BigInt on the hot path).
 */
import { normalizeText } from './normalize';

const EMPTY = '0000000000000000';

/** 32-bit FNV-1a of a string, finished with murmur3's avalanche so that close strings differ widely. */
function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Adds ±weight per bit of the 64-bit feature hash (hi, lo) to the counters. */
function vote(counts: Int32Array, hi: number, lo: number): void {
  for (let b = 0; b < 32; b++) {
    counts[b] += (((hi >>> b) & 1) << 1) - 1;
    counts[b + 32] += (((lo >>> b) & 1) << 1) - 1;
  }
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
  const counts = new Int32Array(64);
  let prevHi = 0;
  let prevLo = 0;
  for (let i = 0; i < words.length; i++) {
    const hi = hash32(words[i], 0x9e3779b9);
    const lo = hash32(words[i], 0x7f4a7c15);
    vote(counts, hi, lo);
    // The pair (previous word, this word), hashed from the two word hashes (no string built).
    if (i > 0) vote(counts, fmix((Math.imul(prevHi, 0x01000193) ^ ((hi << 13) | (hi >>> 19))) >>> 0), fmix((Math.imul(prevLo, 0x01000193) ^ ((lo << 17) | (lo >>> 15))) >>> 0));
    prevHi = hi;
    prevLo = lo;
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (counts[b] > 0) hi |= 1 << b;
    if (counts[b + 32] > 0) lo |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
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
  for (const [from, to] of [[0, 8], [8, 16]]) {
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
