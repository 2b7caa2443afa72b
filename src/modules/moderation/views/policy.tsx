// The brand's moderation policy page (web.tsx serves it): the form for those who may edit it, the
// rules for the others.
import type { Child } from 'hono/jsx';
import { Button, CsrfField, Flash } from '../../../web/components';
import type { T } from '../../../web/i18n';
import type { Account } from '../../accounts';
import type { Policy } from '../policy';

type PolicyPageProps = {
  t: T;
  csrf: string;
  brand: Account;
  policy: Policy;
  canEdit: boolean;
  tabs: Child;
  saved?: boolean;
  error?: string;
};

export const PolicyPage = ({ t, csrf, brand, policy, canEdit, tabs, saved, error }: PolicyPageProps) => {
  const reasonsText = policy.reasons.map((r) => `${r.code}${r.editable ? ' *' : ''}`).join('\n');
  return (
    <div class="page narrow mod-page">
      <h1>{t('mod.policy_title', { name: brand.displayName || brand.username })}</h1>
      {tabs}
      {saved ? <Flash kind="success">{t('mod.policy.saved')}</Flash> : null}
      {error ? <Flash kind="error">{error}</Flash> : null}
      <section class="mod-social-policy">
        <h2>{t('mod.policy.social')}</h2>
        <p class="mod-muted">{t('mod.policy.social_hint')}</p>
        <div class="mod-prose">{policy.socialMediaPolicy || t('mod.policy.social_empty')}</div>
      </section>
      {canEdit ? (
        <form method="post" class="mod-policy-form stack">
          <CsrfField token={csrf} />
          <fieldset>
            <legend>{t('mod.policy.mode')}</legend>
            <label>
              <input type="radio" name="mode" value="pre" checked={policy.mode === 'pre'} /> {t('mod.policy.mode_pre')}
            </label>
            <label>
              <input type="radio" name="mode" value="post" checked={policy.mode === 'post'} />{' '}
              {t('mod.policy.mode_post')}
            </label>
          </fieldset>
          <label>
            {t('mod.policy.delay')}
            <input
              type="number"
              name="max_delay_hours"
              min="1"
              max="720"
              value={String(policy.maxDelayHours)}
              required
            />
          </label>
          <label>
            {t('mod.policy.rules')}
            <textarea name="rules_text" rows={5}>
              {policy.rulesText}
            </textarea>
          </label>
          <label>
            {t('mod.policy.reasons')}
            <textarea name="reasons_text" rows={9} aria-describedby="reasons-hint">
              {reasonsText}
            </textarea>
          </label>
          <p id="reasons-hint" class="mod-muted">
            {t('mod.policy.reasons_hint')}
          </p>
          <input type="hidden" name="allow_unverified_reviews" value="false" />
          <label>
            <input
              type="checkbox"
              name="allow_unverified_reviews"
              value="true"
              checked={policy.allowUnverifiedReviews}
            />{' '}
            {t('mod.policy.unverified')}
          </label>
          <input type="hidden" name="auto_approve_confident" value="false" />
          <label>
            <input type="checkbox" name="auto_approve_confident" value="true" checked={policy.autoApproveConfident} />{' '}
            {t('mod.policy.auto_approve')}
          </label>
          <label>
            {t('mod.policy.auto_confidence')}
            <input
              type="number"
              name="auto_approve_min_confidence"
              min="0.5"
              max="1"
              step="0.01"
              value={String(policy.autoApproveMinConfidence)}
            />
          </label>
          <label>
            {t('mod.policy.invite_after')}
            <input
              type="number"
              name="review_invitation_delay_days"
              min="0"
              max="60"
              value={String(policy.reviewInvitationDelayDays)}
              required
            />
          </label>
          <input type="hidden" name="staff_posts_need_approval" value="false" />
          <label>
            <input
              type="checkbox"
              name="staff_posts_need_approval"
              value="true"
              checked={policy.staffPostsNeedApproval}
            />{' '}
            {t('mod.policy.staff')}
          </label>
          <label>
            {t('mod.policy.social')}
            <textarea name="social_media_policy" rows={8}>
              {policy.socialMediaPolicy}
            </textarea>
          </label>
          <Button>{t('mod.policy.save')}</Button>
        </form>
      ) : (
        <section>
          <p class="mod-muted">{t('mod.policy.readonly')}</p>
          <h2>{t('mod.policy.rules')}</h2>
          <div class="mod-prose">{policy.rulesText || '—'}</div>
        </section>
      )}
    </div>
  );
};
