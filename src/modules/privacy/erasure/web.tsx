/**
 * `/settings/delete`: what deleting the account erases and what the law keeps, the password asked
 * again in a CSRF-protected form; then the person is signed out and sees `/account/deleted`.
 */
import { deleteCookie } from 'hono/cookie';
import type { RouteModule } from '../../../http/app';
import { clientIp, SESSION_COOKIE } from '../../../http/middleware';
import { readParams } from '../../../http/params';
import { hitRateLimit } from '../../../http/rate-limit';
import { DomainError } from '../../../lib/errors';
import { CsrfField, Flash, FormField } from '../../../web/components';
import type { T } from '../../../web/i18n';
import { loginRedirect, renderPage, tOf } from '../../../web/page';
import { CLOSE_TRIES } from './api';
import { closeAccount, lastOwnedBrands } from './close';

const DeletePage = (p: { t: T; csrf: string; owned: string[]; error?: string }) => {
  const { t } = p;
  return (
    <div class="stack narrow">
      <header class="page-header">
        <h1>{t('erase.title')}</h1>
      </header>
      <Flash kind="warning">{t('erase.lead')}</Flash>
      <section class="card" aria-labelledby="erase-goes">
        <h2 id="erase-goes">{t('erase.what_goes')}</h2>
        <ul>
          <li>{t('erase.goes.profile')}</li>
          <li>{t('erase.goes.posts')}</li>
          <li>{t('erase.goes.reviews')}</li>
          <li>{t('erase.goes.private')}</li>
          <li>{t('erase.goes.sessions')}</li>
        </ul>
        <h2>{t('erase.what_stays')}</h2>
        <p>{t('erase.stays.orders')}</p>
        <p>{t('erase.stays.brands')}</p>
      </section>
      {p.owned.length ? (
        <Flash kind="error">{t('erase.owner_blocked', { brands: p.owned.map((u) => `@${u}`).join(', ') })}</Flash>
      ) : (
        <section class="card" aria-labelledby="erase-confirm">
          <h2 id="erase-confirm">{t('erase.submit')}</h2>
          <form method="post" action="/settings/delete" class="form">
            <CsrfField token={p.csrf} />
            <FormField
              name="password"
              type="password"
              label={t('erase.password')}
              error={p.error}
              autocomplete="current-password"
              required
            />
            <div class="form-actions">
              <button type="submit" class="button danger">
                {t('erase.submit')}
              </button>
              <a href="/settings" class="button ghost">
                {t('erase.cancel')}
              </a>
            </div>
          </form>
        </section>
      )}
    </div>
  );
};

export const closeAccountPages: RouteModule = (app, ctx) => {
  const show = async (c: Parameters<typeof loginRedirect>[0], accountId: string, error?: string, status = 200) => {
    const t = tOf(c);
    const owned = await lastOwnedBrands(ctx.db, accountId);
    return renderPage(
      c,
      {
        meta: { title: t('erase.title'), noindex: true },
        status: status as 200,
        body: <DeletePage t={t} csrf={c.get('csrfToken')} owned={owned} error={error} />,
      },
      ctx,
    );
  };

  app.get('/settings/delete', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    return show(c, viewer.accountId);
  });

  app.post('/settings/delete', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const params = await readParams(c);
    try {
      await hitRateLimit(ctx.db, `account-delete:${viewer.accountId}`, CLOSE_TRIES);
      await closeAccount(ctx, viewer.accountId, params.password, { clientIp: clientIp(c) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'invalid_password') return show(c, viewer.accountId, t('erase.invalid_password'), 403);
      if (error.kind === 'rate_limited') return show(c, viewer.accountId, t('erase.too_many'), 429);
      if (error.code === 'last_brand_owner') return show(c, viewer.accountId, undefined, 409);
      throw error;
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: ctx.config.secureCookies });
    return c.redirect('/account/deleted', 303);
  });

  app.get('/account/deleted', async (c) => {
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('erase.done_title'), noindex: true },
        body: (
          <div class="stack narrow">
            <h1>{t('erase.done_title')}</h1>
            <p>{t('erase.done_lead')}</p>
            <p>
              <a href="/" class="button secondary">
                {t('erase.done_home')}
              </a>
            </p>
          </div>
        ),
      },
      ctx,
    );
  });
};
