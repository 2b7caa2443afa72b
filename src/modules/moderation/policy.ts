import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { defaultReasons, moderationPolicies, type RejectionReason } from './schema';

export type Policy = typeof moderationPolicies.$inferSelect;

/** What a brand without a policy row gets: pre-moderation, 48 h, the standard reasons. */
export function defaultPolicy(brandId: string): Policy {
  return {
    brandId,
    mode: 'pre',
    maxDelayHours: 48,
    rulesText: '',
    reasons: defaultReasons,
    allowUnverifiedReviews: true,
    autoApproveConfident: false,
    autoApproveMinConfidence: 0.9,
    staffPostsNeedApproval: false,
    socialMediaPolicy: '',
    updatedAt: new Date(0),
  };
}

/** The brand's moderation policy, or the defaults (no row needed). */
export async function policyFor(db: DbOrTx, brandId: string): Promise<Policy> {
  const [row] = await db.select().from(moderationPolicies).where(eq(moderationPolicies.brandId, brandId));
  return row ?? defaultPolicy(brandId);
}

/** The reason with this code in a policy, if any. */
export function findReason(policy: Pick<Policy, 'reasons'>, code: string): RejectionReason | undefined {
  return policy.reasons.find((r) => r.code === code);
}
