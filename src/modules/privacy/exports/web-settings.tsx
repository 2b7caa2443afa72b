/**
 * /settings/privacy ("Mes données"): ask for an archive of one's data (current password again,
 * once in 7 days), see the archives being built or ready with their download link, and the way
 * to the account's deletion (/settings/delete). A wrong password is shown on its field (422);
 * asking too soon says when the next archive is possible (429).
 */
import type { RouteModule } from '../../../http/app';
import { readParams } from '../../../http/params';
import { DomainError } from '../../../lib/errors';
import { Flash, fullDateText } from '../../../web/components';
import { CsrfField, FormField } from '../../../web/form-components';
import type { Locale, T } from '../../../web/i18n';
import { loginRedirect, localeOf, renderPage, tOf } from '../../../web/page';
import { checkCurrentPassword } from './api-exports';
import { listExports, nextExportAt, requestExport } from './service';

type Ctx = Parameters<typeof renderPage>[0];
type Archive = Awaited<ReturnType<typeof listExports>>[number];

const PrivacyPage = (p: {
  t: T;
  locale: Locale;
  csrf: string;
  archives: Archive[];
  next: Date | null;
  error?: string;
  asked?: boolean;
}) => {
  const { t } = p;
  const date = (d: Date) => fullDateText(p.locale, d);
  return (
    <div class="stack narrow-wide">
      <header class="page-header">
        <h1>{t('privacy.title')}</h1>
        <p class="muted">{t('privacy.lead')}</p>
        <nav class="tabs" aria-label={t('settings.sections')}>
          <a href="/settings">{t('settings.title')}</a>
          <a href="#export">{t('privacy.export.title')}</a>
          <a href="#delete">{t('privacy.delete.title')}</a>
        </nav>
      </header>
      {p.asked ? <Flash kind="success">{t('privacy.export.asked')}</Flash> : null}
      <section class="card" id="export" aria-labelledby="export-title">
        <h2 id="export-title">{t('privacy.export.title')}</h2>
        <p class="muted">{t('privacy.export.lead')}</p>
        {p.archives.length > 0 ? (
          <>
            <h3>{t('privacy.export.history')}</h3>
            <ul class="list" data-archives="">
              {p.archives.map((a) => (
                <li class="list-item" data-status={a.status}>
                  <div class="list-main">
                    {a.status === 'ready' && a.url && a.expiresAt
                      ? t('privacy.export.ready', { date: date(a.requestedAt), expires: date(a.expiresAt) })
                      : t('privacy.export.pending', { date: date(a.requestedAt) })}
                  </div>
                  {a.status === 'ready' && a.url ? (
                    <div class="list-actions">
                      <a class="button primary small" href={new URL(a.url).pathname} download="">
                        {t('privacy.export.download')}
                      </a>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {p.next ? (
          <Flash kind="info">{t('privacy.export.too_soon', { date: date(p.next) })}</Flash>
        ) : (
          <form method="post" action="/settings/privacy/export" class="form">
            <CsrfField token={p.csrf} />
            <FormField
              name="password"
              type="password"
              label={t('privacy.export.password')}
              hint={t('privacy.export.password_hint')}
              error={p.error}
              autocomplete="current-password"
              required
            />
            <div class="form-actions">
              <button type="submit" class="button primary">
                {t('privacy.export.submit')}
              </button>
            </div>
          </form>
        )}
      </section>
      <section class="card" id="delete" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('privacy.delete.title')}</h2>
        <p class="muted">{t('privacy.delete.lead')}</p>
        <p>
          <a class="button danger" href="/settings/delete">
            {t('privacy.delete.link')}
          </a>
        </p>
      </section>
    </div>
  );
};

export const privacySettingsPages: RouteModule = (app, ctx) => {
  const show = async (c: Ctx, accountId: string, extra: { error?: string; status?: 200 | 422 | 429 } = {}) => {
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('privacy.title'), noindex: true },
        status: extra.status ?? 200,
        body: (
          <PrivacyPage
            t={t}
            locale={localeOf(c)}
            csrf={c.get('csrfToken')}
            archives={await listExports(ctx, accountId)}
            next={await nextExportAt(ctx, accountId)}
            error={extra.error}
            asked={c.req.method === 'GET' && c.req.query('saved') === 'export'}
          />
        ),
      },
      ctx,
    );
  };

  app.get('/settings/privacy', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    return show(c, viewer.accountId);
  });

  app.post('/settings/privacy/export', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const params = await readParams(c);
    try {
      await checkCurrentPassword(ctx, viewer.accountId, params.password);
      await requestExport(ctx, viewer.accountId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'invalid_password')
        return show(c, viewer.accountId, { error: tOf(c)('privacy.export.wrong_password'), status: 422 });
      // Asked too soon: the page says when the next archive is possible.
      if (error.code === 'export_too_soon') return show(c, viewer.accountId, { status: 429 });
      throw error;
    }
    return c.redirect('/settings/privacy?saved=export', 303);
  });
};
