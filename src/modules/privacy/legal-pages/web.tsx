/**
 * The platform's legal pages, /legal/notice, /legal/privacy and /legal/terms, in the reader's
 * language (linked from every page's footer), and their editor for the platform's admins
 * (/admin/legal). Anyone else asking for the editor gets the 404 page: it does not exist for them.
 */
import { raw } from 'hono/html';
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams, str } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { Button, CsrfField, Flash, FormField } from '../../../web/components';
import type { MessageKey, T } from '../../../web/i18n';
import { loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { renderLegalText } from '../../commerce';
import { legalPageKinds, type LegalPageKind } from './schema';
import {
  assertPlatformAdmin,
  editableLegalText,
  isLegalPage,
  MAX_LEGAL_CHARS,
  platformLegalText,
  saveLegalText,
  type LegalLocale,
} from './texts';

type Ctx = Context<AppEnv>;
const LOCALES: LegalLocale[] = ['fr', 'en'];
const titleKey = (page: LegalPageKind) => `legal.platform.${page}` as MessageKey;
const languageKey = (locale: LegalLocale) => `legal.platform.lang_${locale}` as MessageKey;

function dateText(locale: string, at: Date) {
  const format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    dateStyle: 'long',
    timeZone: 'Europe/Paris',
  });
  return format.format(new Date(at));
}

const AdminList = ({
  t,
  rows,
  saved,
}: {
  t: T;
  rows: { page: LegalPageKind; locale: LegalLocale; adapted: boolean }[];
  saved: boolean;
}) => (
  <div class="narrow-wide stack legal-admin">
    <header class="page-header">
      <h1>{t('legal.platform.admin_title')}</h1>
      <p class="lead">{t('legal.platform.admin_lead')}</p>
    </header>
    {saved ? <Flash kind="success">{t('legal.platform.saved')}</Flash> : null}
    <ul class="card stack">
      {rows.map((r) => (
        <li data-page={`${r.page}.${r.locale}`}>
          <strong>
            {t('legal.platform.edit_title', { page: t(titleKey(r.page)), language: t(languageKey(r.locale)) })}
          </strong>{' '}
          ·{' '}
          <span class={r.adapted ? 'badge' : 'badge warning'}>
            {t(r.adapted ? 'legal.platform.adapted' : 'legal.platform.not_adapted')}
          </span>{' '}
          · <a href={`/admin/legal/${r.page}/${r.locale}`}>{t('legal.platform.edit')}</a> ·{' '}
          <a href={`/legal/${r.page}?lang=${r.locale}`}>{t('legal.platform.view')}</a>
        </li>
      ))}
    </ul>
  </div>
);

export const legalPagesRoutes: RouteModule = (app, ctx) => {
  app.get('/legal/:page{notice|privacy|terms}', async (c) => {
    const page = c.req.param('page') as LegalPageKind;
    const asked = c.req.query('lang');
    const locale: LegalLocale = asked === 'fr' || asked === 'en' ? asked : c.get('locale');
    const t = tOf(c);
    const text = await platformLegalText(ctx.db, page, locale, ctx.config.publicUrl);
    return renderPage(
      c,
      {
        meta: { title: t(titleKey(page)), url: `${ctx.config.publicUrl}/legal/${page}` },
        body: (
          <div class="narrow stack legal-page" lang={locale}>
            {text.adapted ? null : (
              <Flash kind="warning">
                <p data-template="not-adapted">{t('legal.platform.template')}</p>
              </Flash>
            )}
            <article class="card prose legal-text">{raw(renderLegalText(text.body))}</article>
            {text.updatedAt ? (
              <p class="muted small">
                {t('legal.platform.updated', { date: dateText(c.get('locale'), text.updatedAt) })}
              </p>
            ) : null}
          </div>
        ),
      },
      ctx,
    );
  });

  /** The admin's account id, or the page to answer instead (sign in, or the 404 page). */
  const admin = async (c: Ctx): Promise<{ id: string } | { response: Promise<Response> | Response }> => {
    const viewer = c.get('viewer');
    if (!viewer) return { response: loginRedirect(c) };
    try {
      await assertPlatformAdmin(ctx.db, viewer.accountId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { response: renderError(c, 404, tOf(c)('error.not_found'), ctx) };
    }
    return { id: viewer.accountId };
  };

  app.get('/admin/legal', async (c) => {
    const who = await admin(c);
    if ('response' in who) return who.response;
    const rows = [];
    for (const page of legalPageKinds)
      for (const locale of LOCALES) rows.push({ page, locale, ...(await editableLegalText(ctx.db, page, locale)) });
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('legal.platform.admin_title'), noindex: true },
        body: <AdminList t={t} rows={rows} saved={c.req.query('saved') !== undefined} />,
      },
      ctx,
    );
  });

  const target = (c: Ctx) => {
    const page = c.req.param('page') ?? '';
    const locale = c.req.param('locale') ?? '';
    return isLegalPage(page) && (locale === 'fr' || locale === 'en') ? { page, locale: locale as LegalLocale } : null;
  };

  app.get('/admin/legal/:page/:locale', async (c) => {
    const who = await admin(c);
    if ('response' in who) return who.response;
    const t = tOf(c);
    const at = target(c);
    if (!at) return renderError(c, 404, t('error.not_found'), ctx);
    const text = await editableLegalText(ctx.db, at.page, at.locale);
    const title = t('legal.platform.edit_title', { page: t(titleKey(at.page)), language: t(languageKey(at.locale)) });
    return renderPage(
      c,
      {
        meta: { title, noindex: true },
        body: (
          <div class="narrow-wide stack legal-admin">
            <header class="page-header">
              <p class="eyebrow">
                <a href="/admin/legal">{t('legal.platform.admin_title')}</a>
              </p>
              <h1>{title}</h1>
              <p class="lead">{t('legal.platform.admin_lead')}</p>
            </header>
            {text.adapted ? null : <Flash kind="warning">{t('legal.platform.template')}</Flash>}
            <form method="post" action={`/admin/legal/${at.page}/${at.locale}`} class="stack card">
              <CsrfField token={c.get('csrfToken')} />
              <FormField
                name="body"
                type="textarea"
                rows={24}
                maxlength={MAX_LEGAL_CHARS}
                label={t('legal.platform.body')}
                value={text.body}
              />
              <div class="form-actions">
                <Button>{t('legal.platform.save')}</Button>
              </div>
            </form>
          </div>
        ),
      },
      ctx,
    );
  });

  app.post('/admin/legal/:page/:locale', async (c) => {
    const who = await admin(c);
    if ('response' in who) return who.response;
    const at = target(c);
    if (!at) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const p = await readParams(c);
    await saveLegalText(ctx, who.id, at.page, at.locale, str(p, 'body') ?? '');
    return c.redirect('/admin/legal?saved', 303);
  });
};
