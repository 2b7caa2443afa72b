/**
 * A brand's moderation policy page and the audit log (a brand's, the platform's).
 */
import type { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { isUuid } from '../../db/ids';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { readParams } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { localeOf, loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import type { Account } from '../accounts';
import { policyFor, readPolicy, updatePolicy, type Policy } from './policy';
import { auditLog } from './queue';
import { PolicyPage } from './views/policy';
import { AuditPage } from './views/audit';
import { str, type Ctx, type WebKit } from './web-kit';

export function policyAndAuditRoutes(app: Hono<AppEnv>, ctx: AppContext, kit: WebKit) {
  const { failPage, brandOf, tabs } = kit;

  // Policy --------------------------------------------------------------------------------------
  const showPolicy = async (
    c: Ctx,
    brand: Account,
    policy: Policy,
    canEdit: boolean,
    extra: { error?: string; saved?: boolean; status?: 200 | 422 } = {},
  ) => {
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('mod.policy_title', { name: brand.displayName || brand.username }), noindex: true },
        status: extra.status ?? 200,
        body: (
          <PolicyPage
            t={t}
            csrf={c.get('csrfToken')}
            brand={brand}
            policy={policy}
            canEdit={canEdit}
            tabs={tabs(c, brand, 'policy')}
            saved={extra.saved}
            error={extra.error}
          />
        ),
      },
      ctx,
    );
  };

  app.get('/brands/:username/moderation/policy', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await brandOf(c);
    if (!brand) return renderError(c, 404, tOf(c)('error.brand_not_found'), ctx);
    try {
      const policy = await readPolicy(ctx.db, viewer.accountId, brand.id);
      const [role] = await queryRows<{ role: string }>(
        ctx.db,
        sql`select role from brand_members where brand_id = ${brand.id} and account_id = ${viewer.accountId}`,
      );
      return showPolicy(c, brand, policy, role?.role === 'owner' || role?.role === 'admin', {
        saved: c.req.query('saved') === '1',
      });
    } catch (error) {
      return failPage(c, error);
    }
  });

  app.post('/brands/:username/moderation/policy', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await brandOf(c);
    if (!brand) return renderError(c, 404, tOf(c)('error.brand_not_found'), ctx);
    const p = await readParams(c);
    const last = (k: string) => {
      const v = p[k];
      return Array.isArray(v) ? String(v[v.length - 1]) : typeof v === 'string' ? v : undefined;
    };
    const reasons = str(p, 'reasons_text')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => ({ code: line.replace(/\*/g, '').trim(), editable: line.includes('*') }));
    try {
      await updatePolicy(ctx.db, viewer.accountId, brand.id, {
        mode: last('mode'),
        maxDelayHours: last('max_delay_hours'),
        rulesText: last('rules_text'),
        reasons: reasons.length ? reasons : undefined,
        allowUnverifiedReviews: last('allow_unverified_reviews'),
        autoApproveConfident: last('auto_approve_confident'),
        autoApproveMinConfidence: last('auto_approve_min_confidence'),
        staffPostsNeedApproval: last('staff_posts_need_approval'),
        socialMediaPolicy: last('social_media_policy'),
        reviewInvitationDelayDays: last('review_invitation_delay_days'),
      });
      return c.redirect(`/brands/${brand.username}/moderation/policy?saved=1`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 422)
        return showPolicy(c, brand, await policyFor(ctx.db, brand.id), true, { error: error.message, status: 422 });
      return failPage(c, error);
    }
  });

  // Audit log -----------------------------------------------------------------------------------
  async function auditPage(c: Ctx, brand: Account | null) {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    try {
      const before = c.req.query('before');
      const entries = await auditLog(ctx.db, viewer.accountId, brand?.id ?? null, {
        before: before && isUuid(before) ? before : undefined,
        limit: 100,
      });
      const name = brand ? brand.displayName || brand.username : t('mod.platform');
      const base = brand ? `/brands/${brand.username}/moderation/audit` : '/moderation/platform/audit';
      return renderPage(
        c,
        {
          meta: { title: t('mod.audit_title', { name }), noindex: true },
          body: (
            <AuditPage
              t={t}
              locale={localeOf(c)}
              name={name}
              base={base}
              entries={entries}
              tabs={tabs(c, brand, 'audit')}
            />
          ),
        },
        ctx,
      );
    } catch (error) {
      return failPage(c, error);
    }
  }
  app.get('/brands/:username/moderation/audit', async (c) => {
    const brand = await brandOf(c);
    if (!brand) return renderError(c, 404, tOf(c)('error.brand_not_found'), ctx);
    return auditPage(c, brand);
  });
  app.get('/moderation/platform/audit', (c) => auditPage(c, null));
}
