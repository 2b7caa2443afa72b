/**
 * The draw, as a pure function of published data: the seed and the entries. Anyone can run the
 * same steps (docs/campaigns-contests.md, and the script on each contest's page) and must find the
 * same winners. Changing anything here breaks every past draw's verification: add a new version
 * instead (ALGORITHM names the one a draw used).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const ALGORITHM =
  'comptoir-draw-v1: entries = account ids sorted ascending (lowercase, byte order); ' +
  'entries_hash = hex(sha256(entries joined by "\\n")); ' +
  'uniform(m): x = first 4 bytes (big-endian) of ' +
  'HMAC-SHA256(key = seed bytes, message = entries_hash + ":" + counter), ' +
  'counter = 0, 1, 2... over the whole draw, x rejected while x >= floor(2^32 / m) * m, result x mod m; ' +
  'for i = 0 .. min(winners, n) - 1: j = i + uniform(n - i), swap entries i and j; winners = the first min(winners, n)';

/** A fresh secret seed (32 random bytes, hex) and its public commitment. */
export function newSeed(): { seed: string; commitment: string } {
  const seed = randomBytes(32).toString('hex');
  return { seed, commitment: commitmentOf(seed) };
}

/** hex(SHA-256(the seed's 32 bytes)). */
export const commitmentOf = (seedHex: string) => createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');

/** The canonical order of the entries: account ids ascending, compared as plain strings. */
export const canonicalOrder = (accountIds: string[]) =>
  [...new Set(accountIds.map((id) => id.toLowerCase()))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export const entriesHashOf = (ordered: string[]) => createHash('sha256').update(ordered.join('\n')).digest('hex');

/** The winners (in drawn order) from the seed and the entries in canonical order. */
export function drawWinners(seedHex: string, ordered: string[], winners: number): string[] {
  const key = Buffer.from(seedHex, 'hex');
  const hash = entriesHashOf(ordered);
  let counter = 0;
  const uniform = (m: number) => {
    const limit = Math.floor(2 ** 32 / m) * m;
    for (;;) {
      const x = createHmac('sha256', key).update(`${hash}:${counter++}`).digest().readUInt32BE(0);
      if (x < limit) return x % m;
    }
  };
  const a = [...ordered];
  const take = Math.min(winners, a.length);
  for (let i = 0; i < take; i++) {
    const j = i + uniform(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, take);
}
