/**
 * Early access for followers (issue 13, part 6): a product, a pop-up or a pre-sale opens to the
 * brand's followers `earlyHours` before everyone else. Only accounts that followed before the
 * early access was announced qualify (`announcedAt`, recorded when the brand saves the setting),
 * so following at the last minute does not. Pure rules plus one query for the follows; the
 * checkout gate (gate.ts) applies them to a whole batch with one query.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { conflict, forbidden, type DomainError } from '../../../lib/errors';

export const MAX_EARLY_ACCESS_HOURS = 720;

export type EarlyAccessSetting = {
  /** When everyone may buy. */
  opensToAllAt: Date;
  /** How many hours before that the brand's earlier followers may (0: no early access). */
  earlyHours: number;
  /** When the early access was announced: following after it does not qualify. */
  announcedAt: Date | null;
};

/** `before`: nobody yet; `early`: followers who qualify; `open`: everyone. */
export type EarlyPhase = 'before' | 'early' | 'open';

export const earlyFrom = (s: EarlyAccessSetting): Date =>
  new Date(s.opensToAllAt.getTime() - Math.max(0, s.earlyHours) * 3_600_000);

export function earlyPhase(s: EarlyAccessSetting, now: Date): EarlyPhase {
  if (now >= s.opensToAllAt) return 'open';
  return s.earlyHours > 0 && now >= earlyFrom(s) ? 'early' : 'before';
}

/** Whether a follow (its creation time, null: not a follower) qualifies for this early access. */
export const followQualifies = (followedAt: Date | null, s: EarlyAccessSetting): boolean =>
  followedAt !== null && s.announcedAt !== null && followedAt <= s.announcedAt;

/** The refusal for a phase and a follow, or null when this account may buy now. */
export function earlyAccessRefusal(
  s: EarlyAccessSetting,
  now: Date,
  followedAt: Date | null,
  notYet: () => DomainError = () => conflict('not_launched', 'This is not on sale yet'),
): DomainError | null {
  const phase = earlyPhase(s, now);
  if (phase === 'open') return null;
  if (phase === 'before') return notYet();
  if (followQualifies(followedAt, s)) return null;
  return forbidden(
    'early_access_only',
    `Early access for the brand’s followers; open to everyone at ${s.opensToAllAt.toISOString()}`,
  );
}

/** When accounts followed brands (null: not following), for a batch of (follower, brand) pairs. */
export async function followTimes(
  db: DbOrTx,
  pairs: { accountId: string; brandId: string }[],
): Promise<(accountId: string, brandId: string) => Date | null> {
  const unique = [...new Map(pairs.map((p) => [`${p.accountId}:${p.brandId}`, p])).values()];
  const rows = unique.length
    ? await queryRows<{ follower_id: string; followee_id: string; created_at: string | Date }>(
        db,
        sql`select f.follower_id, f.followee_id, f.created_at from follows f
            join json_to_recordset(${JSON.stringify(unique)}::json) as p("accountId" uuid, "brandId" uuid)
              on f.follower_id = p."accountId" and f.followee_id = p."brandId"`,
      )
    : [];
  const found = new Map(rows.map((r) => [`${r.follower_id}:${r.followee_id}`, new Date(r.created_at)]));
  return (accountId, brandId) => found.get(`${accountId}:${brandId}`) ?? null;
}

export type EarlyAccessVerdict = {
  allowed: boolean;
  phase: EarlyPhase;
  /** The account followed the brand before the announcement. */
  qualifies: boolean;
  earlyFrom: Date;
  opensToAllAt: Date;
  /** When this account may buy: the early start for a qualifying follower, else the opening to all. */
  opensForYouAt: Date;
};

/**
 * May this account buy now? The one question a pop-up, a product or a pre-sale asks of its early
 * access (exported from campaigns/index.ts for the pre-sale). `accountId` null: not signed in.
 */
export async function earlyAccessGate(
  db: DbOrTx,
  input: EarlyAccessSetting & { brandId: string; accountId: string | null; now: Date },
): Promise<EarlyAccessVerdict> {
  const followedAt = input.accountId
    ? (await followTimes(db, [{ accountId: input.accountId, brandId: input.brandId }]))(input.accountId, input.brandId)
    : null;
  const qualifies = input.earlyHours > 0 && followQualifies(followedAt, input);
  const phase = earlyPhase(input, input.now);
  const from = earlyFrom(input);
  return {
    allowed: phase === 'open' || (phase === 'early' && qualifies),
    phase,
    qualifies,
    earlyFrom: from,
    opensToAllAt: input.opensToAllAt,
    opensForYouAt: qualifies ? from : input.opensToAllAt,
  };
}
