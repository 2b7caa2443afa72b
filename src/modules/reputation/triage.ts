/**
 * Triage of a review on arrival: the text analysis (insults, personal data, advertising, rating
 * that contradicts the text, customer-service content, off-topic) plus what needs the database:
 * near-duplicates. Triage only proposes (flags with a confidence); a person decides, unless the
 * brand lets confident approvals through.
 *
 * Near-duplicates: the analysis gives a 64-bit SimHash of the normalized text. Two texts within 3
 * differing bits share at least one of the hash's four 16-bit bands (3 flipped bits touch at most
 * 3 bands), so candidates come from one GIN lookup on `fingerprint_bands`, then the exact distance
 * is checked here. Only recent reviews count, and only from ANOTHER account or about ANOTHER
 * product (an author editing their own review is not a duplicate of itself).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client';
import { analyseText, fingerprintDistance, NEAR_DUPLICATE_DISTANCE, type Flag, type TextAnalysis } from '../analysis';

/** At most this many differing bits of 64 make a near-duplicate (the analysis module’s calibration). The four 16-bit bands below find every pair within 3 bits; a larger distance would need more, narrower bands. */
export const DUPLICATE_DISTANCE = NEAR_DUPLICATE_DISTANCE;
/** How far back duplicates are looked for. */
export const DUPLICATE_WINDOW_DAYS = 90;
/** Texts shorter than this many words are too common ("Parfait !") to call duplicates. */
const MIN_WORDS = 5;

export const fingerprintBands = (fingerprint: string) =>
  [0, 1, 2, 3].map((i) => `${i}:${fingerprint.slice(i * 4, i * 4 + 4)}`);

export type Triage = { analysis: TextAnalysis; flags: Flag[] };

export async function triageReview(
  db: DbOrTx,
  input: {
    text: string;
    title: string | null;
    rating: number;
    productTitle: string;
    brandName?: string;
    authorId: string;
    productId: string;
    excludeId?: string;
  },
): Promise<Triage> {
  const analysis = analyseText({
    text: input.text,
    title: input.title ?? undefined,
    rating: input.rating,
    context: { productTitle: input.productTitle, brandName: input.brandName },
  });
  const flags = [...analysis.flags];
  const duplicate = await findDuplicate(db, { ...input, fingerprint: analysis.fingerprint });
  if (duplicate) flags.push(duplicate);
  flags.sort((a, b) => b.confidence - a.confidence);
  return { analysis, flags };
}

async function findDuplicate(
  db: DbOrTx,
  input: { text: string; fingerprint: string; authorId: string; productId: string; excludeId?: string },
): Promise<Flag | null> {
  if (!/^[0-9a-f]{16}$/i.test(input.fingerprint) || input.text.split(/\s+/).filter(Boolean).length < MIN_WORDS)
    return null;
  const candidates = await queryRows<{ id: string; fingerprint: string; author_id: string; product_id: string }>(
    db,
    sql`select id, fingerprint, author_id, product_id from reviews
        where fingerprint_bands && ${`{${fingerprintBands(input.fingerprint).join(',')}}`}::text[]
          and created_at > now() - make_interval(days => ${DUPLICATE_WINDOW_DAYS})
          and status <> 'withdrawn'
          and (author_id <> ${input.authorId} or product_id <> ${input.productId})
          ${input.excludeId ? sql`and id <> ${input.excludeId}` : sql``}
        order by id desc limit 50`,
  );
  let best: { id: string; distance: number; otherAuthor: boolean } | null = null;
  for (const c of candidates) {
    if (!c.fingerprint) continue;
    const distance = fingerprintDistance(c.fingerprint, input.fingerprint);
    if (distance <= DUPLICATE_DISTANCE && (!best || distance < best.distance))
      best = { id: c.id, distance, otherAuthor: c.author_id !== input.authorId };
  }
  if (!best) return null;
  return {
    code: 'duplicate',
    // Identical text: sure; each differing bit makes it a little less so.
    confidence: Math.round((1 - best.distance * 0.1) * 100) / 100,
    reason: best.otherAuthor
      ? 'Same or nearly the same text as a review by another account'
      : 'Same or nearly the same text as a review of another product',
    evidence: [best.id],
  };
}

/** What the public API shows of flags: code and confidence only (reasons and evidence are for moderators). */
export const publicFlags = (flags: Flag[]) => flags.map((f) => ({ code: f.code, confidence: f.confidence }));
