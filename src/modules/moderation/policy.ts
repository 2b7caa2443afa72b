import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { notFound, unprocessable } from '../../lib/errors';
import { assertCan, can, getBrand } from '../accounts';
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
    reviewInvitationDelayDays: 0,
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

export type PolicyInput = Partial<{
  mode: unknown;
  maxDelayHours: unknown;
  rulesText: unknown;
  reasons: unknown;
  allowUnverifiedReviews: unknown;
  autoApproveConfident: unknown;
  autoApproveMinConfidence: unknown;
  staffPostsNeedApproval: unknown;
  socialMediaPolicy: unknown;
  reviewInvitationDelayDays: unknown;
}>;

const CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** Checks a policy change; every field optional (what is absent stays). */
export function checkPolicyInput(input: PolicyInput, current: Policy): Omit<Policy, 'brandId' | 'updatedAt'> {
  const bool = (v: unknown, key: string, fallback: boolean) => {
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'on' || v === '1') return true;
    if (v === 'false' || v === 'off' || v === '0' || v === '') return false;
    throw unprocessable('invalid_policy', `${key} must be true or false`);
  };
  const text = (v: unknown, key: string, fallback: string, max: number) => {
    if (v === undefined) return fallback;
    if (typeof v !== 'string') throw unprocessable('invalid_policy', `${key} must be text`);
    if ([...v].length > max) throw unprocessable('invalid_policy', `${key} has at most ${max} characters`);
    return v.trim();
  };
  const mode = input.mode === undefined ? current.mode : input.mode;
  if (mode !== 'pre' && mode !== 'post') throw unprocessable('invalid_policy', 'mode must be pre or post');
  const delay = input.maxDelayHours === undefined ? current.maxDelayHours : Number(input.maxDelayHours);
  if (!Number.isInteger(delay) || delay < 1 || delay > 720)
    throw unprocessable('invalid_policy', 'max_delay_hours must be a whole number from 1 to 720');
  const inviteAfter =
    input.reviewInvitationDelayDays === undefined || input.reviewInvitationDelayDays === ''
      ? current.reviewInvitationDelayDays
      : Number(input.reviewInvitationDelayDays);
  if (!Number.isInteger(inviteAfter) || inviteAfter < 0 || inviteAfter > 60)
    throw unprocessable('invalid_policy', 'review_invitation_delay_days must be a whole number from 0 to 60');
  const confidence =
    input.autoApproveMinConfidence === undefined
      ? current.autoApproveMinConfidence
      : Number(input.autoApproveMinConfidence);
  if (!Number.isFinite(confidence) || confidence < 0.5 || confidence > 1)
    throw unprocessable('invalid_policy', 'auto_approve_min_confidence must be between 0.5 and 1');
  let reasons = current.reasons;
  if (input.reasons !== undefined) {
    if (!Array.isArray(input.reasons) || input.reasons.length === 0 || input.reasons.length > 30)
      throw unprocessable('invalid_policy', 'reasons is a list of 1 to 30 {code, editable}');
    const seen = new Set<string>();
    reasons = input.reasons.map((r) => {
      const code = (r as { code?: unknown })?.code;
      if (typeof code !== 'string' || !CODE.test(code) || seen.has(code))
        throw unprocessable('invalid_policy', 'Each reason has a unique code of lowercase letters, digits and _');
      seen.add(code);
      const label = (r as { label?: unknown }).label;
      if (label !== undefined && (typeof label !== 'string' || [...label].length > 80))
        throw unprocessable('invalid_policy', 'A reason label has at most 80 characters');
      return {
        code,
        editable: bool((r as { editable?: unknown }).editable, 'editable', false),
        ...(label ? { label } : {}),
      };
    });
  }
  return {
    mode,
    maxDelayHours: delay,
    rulesText: text(input.rulesText, 'rules_text', current.rulesText, 10_000),
    reasons,
    allowUnverifiedReviews: bool(
      input.allowUnverifiedReviews,
      'allow_unverified_reviews',
      current.allowUnverifiedReviews,
    ),
    autoApproveConfident: bool(input.autoApproveConfident, 'auto_approve_confident', current.autoApproveConfident),
    autoApproveMinConfidence: confidence,
    staffPostsNeedApproval: bool(
      input.staffPostsNeedApproval,
      'staff_posts_need_approval',
      current.staffPostsNeedApproval,
    ),
    socialMediaPolicy: text(input.socialMediaPolicy, 'social_media_policy', current.socialMediaPolicy, 20_000),
    reviewInvitationDelayDays: inviteAfter,
  };
}

/** Owner/admin only (permission `editProfile`): writes the whole policy row. */
export async function updatePolicy(db: Db, actorId: string, brandId: string, input: PolicyInput): Promise<Policy> {
  await getBrand({ db }, brandId);
  await assertCan({ db }, actorId, brandId, 'editProfile');
  const values = checkPolicyInput(input, await policyFor(db, brandId));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(moderationPolicies)
      .values({ brandId, ...values, updatedAt: new Date() })
      .onConflictDoUpdate({ target: moderationPolicies.brandId, set: { ...values, updatedAt: new Date() } })
      .returning();
    // In the audit log too: who changed the rules, when (the note says what it now is).
    const summary = `mode=${values.mode}, delay=${values.maxDelayHours}h, reasons=${values.reasons.map((r) => r.code).join('/')}, staff_approval=${values.staffPostsNeedApproval}, auto_approve=${values.autoApproveConfident}, invite_after=${values.reviewInvitationDelayDays}d`;
    await queryRows(
      tx,
      sql`insert into moderation_actions (id, item_id, brand_id, actor_id, action, note) values (${uuidv7()}, null, ${brandId}, ${actorId}, 'policy_updated', ${summary})`,
    );
    return row;
  });
}

/** Any team member reads the policy (the social-media policy is for them); 404 to others. */
export async function readPolicy(db: Db, actorId: string, brandId: string): Promise<Policy> {
  await getBrand({ db }, brandId);
  if (!(await can({ db }, actorId, brandId, 'read'))) throw notFound('Brand');
  return policyFor(db, brandId);
}
