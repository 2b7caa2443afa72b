/**
 * A person's settings: profile (with avatar and header uploads), language, password, and the
 * brands they belong to. The profile form is shared with a brand's charter page.
 */
import type { RouteModule } from '../../http/app';
import { readParams } from '../../http/params';
import { Avatar, ButtonLink, CsrfField, ErrorSummary, Flash, FormField } from '../../web/components';
import type { T } from '../../web/i18n';
import { renderPage, safeNext, tOf } from '../../web/page';
import { brandsOf } from './brands';
import { changePassword, getAccount, updateProfile, type Account } from './service';
import { checkPassword } from './validation';
import { withoutLangParam } from './web-auth';
import { ProfileFields, profileValues, saveProfileForm, type ProfileValues } from './web-profile-form';
import {
  check,
  hasErrors,
  loginRedirect,
  roleLabel,
  setLangCookie,
  text,
  type Ctx,
  type FieldErrors,
} from './web-shared';

export {
  DEFAULT_ACCENT,
  DEFAULT_PRIMARY,
  ProfileFields,
  type ProfileValues,
  profileValues,
  saveProfileForm,
} from './web-profile-form';

type PasswordErrors = { current_password?: string; new_password?: string; confirm_password?: string; _form?: string };
type Memberships = Awaited<ReturnType<typeof brandsOf>>;

const SettingsPage = (p: {
  t: T;
  csrf: string;
  account: Account;
  values: ProfileValues;
  errors: FieldErrors;
  passwordErrors: PasswordErrors;
  brands: Memberships;
  saved?: string;
}) => {
  const { t } = p;
  return (
    <div class="stack narrow-wide">
      <header class="page-header">
        <h1>{t('settings.title')}</h1>
        <nav class="tabs" aria-label={t('settings.sections')}>
          <a href="#profile">{t('settings.profile')}</a>
          <a href="#password">{t('settings.password')}</a>
          <a href="#brands">{t('settings.brands')}</a>
          <a href="/settings/migration">{t('settings.migration')}</a>
          <a href="/settings/privacy">{t('settings.privacy')}</a>
        </nav>
      </header>
      {p.saved === 'profile' ? <Flash kind="success">{t('settings.saved_profile')}</Flash> : null}
      {p.saved === 'password' ? <Flash kind="success">{t('settings.saved_password')}</Flash> : null}
      {p.saved === 'left' ? <Flash kind="success">{t('settings.left_brand')}</Flash> : null}
      <section class="card" id="profile" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('settings.profile')}</h2>
        <ErrorSummary title={t('form.errors_title')} errors={p.errors} />
        <form method="post" action="/settings" enctype="multipart/form-data" class="form">
          <CsrfField token={p.csrf} />
          <ProfileFields t={t} account={p.account} values={p.values} errors={p.errors} kind="person" />
          <div class="form-actions">
            <button type="submit" class="button primary">
              {t('form.save')}
            </button>
            <a href={`/@${p.account.username}`} class="button ghost">
              {t('settings.view_profile')}
            </a>
          </div>
        </form>
      </section>
      <section class="card" id="password" aria-labelledby="password-title">
        <h2 id="password-title">{t('settings.password')}</h2>
        <p class="muted">{t('settings.password_lead')}</p>
        <ErrorSummary title={t('form.errors_title')} errors={p.passwordErrors} />
        <form method="post" action="/settings/password" class="form">
          <CsrfField token={p.csrf} />
          <input type="text" name="username" value={p.account.username} autocomplete="username" hidden />
          <FormField
            name="current_password"
            type="password"
            label={t('field.current_password')}
            error={p.passwordErrors.current_password}
            autocomplete="current-password"
            required
          />
          <FormField
            name="new_password"
            type="password"
            label={t('field.new_password')}
            hint={t('field.password_hint')}
            error={p.passwordErrors.new_password}
            autocomplete="new-password"
            minlength={8}
            required
          />
          <FormField
            name="confirm_password"
            type="password"
            label={t('field.confirm_password')}
            error={p.passwordErrors.confirm_password}
            autocomplete="new-password"
            minlength={8}
            required
          />
          <div class="form-actions">
            <button type="submit" class="button primary">
              {t('settings.change_password')}
            </button>
          </div>
        </form>
      </section>
      <section class="card" id="brands" aria-labelledby="brands-title">
        <h2 id="brands-title">{t('settings.brands')}</h2>
        {p.brands.length === 0 ? <p class="muted">{t('settings.no_brands')}</p> : null}
        {p.brands.length > 0 ? (
          <ul class="list">
            {p.brands.map(({ brand, role }) => (
              <li class="list-item">
                <Avatar account={brand} size="sm" />
                <div class="list-main">
                  <a href={`/@${brand.username}`} class="display-name">
                    {brand.displayName || brand.username}
                  </a>
                  <span class="handle">@{brand.username}</span>
                </div>
                <span class="badge">{roleLabel(t, role)}</span>
                <div class="list-actions">
                  {role === 'owner' || role === 'admin' ? (
                    <a class="button ghost small" href={`/brands/${brand.username}/settings`}>
                      {t('brand.charter')}
                    </a>
                  ) : null}
                  <a class="button ghost small" href={`/brands/${brand.username}/team`}>
                    {t('brand.team')}
                  </a>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <ButtonLink href="/brands/new" variant="secondary">
            {t('brand.new_title')}
          </ButtonLink>
        </p>
      </section>
      <p class="muted">
        <a href="/settings/delete">{t('settings.delete_account')}</a>
      </p>
    </div>
  );
};

export const settingsPages: RouteModule = (app, ctx) => {
  const show = async (
    c: Ctx,
    account: Account,
    extra: { values?: ProfileValues; errors?: FieldErrors; passwordErrors?: PasswordErrors; status?: 413 | 422 | 200 },
  ) => {
    const t = tOf(c);
    const brands = await brandsOf(ctx, account.id);
    return renderPage(
      c,
      {
        meta: { title: t('settings.title'), noindex: true },
        status: extra.status ?? 200,
        body: (
          <SettingsPage
            t={t}
            csrf={c.get('csrfToken')}
            account={account}
            values={extra.values ?? profileValues(account)}
            errors={extra.errors ?? {}}
            passwordErrors={extra.passwordErrors ?? {}}
            brands={brands}
            saved={c.req.method === 'GET' ? c.req.query('saved') : undefined}
          />
        ),
      },
      ctx,
    );
  };

  app.get('/settings', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    return show(c, await getAccount(ctx, viewer.accountId), {});
  });

  app.post('/settings', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const account = await getAccount(ctx, viewer.accountId);
    const result = await saveProfileForm(ctx, tOf(c), account, await readParams(c), 'person');
    if (!result.ok) return show(c, account, { values: result.values, errors: result.errors, status: result.status });
    return c.redirect('/settings?saved=profile', 303);
  });

  app.post('/settings/password', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const params = await readParams(c);
    const current = text(params, 'current_password');
    const next = text(params, 'new_password');
    const errors: PasswordErrors = {};
    if (!current) errors.current_password = t('error.required');
    await check(t, errors, 'new_password', () => checkPassword(next));
    if (!errors.new_password && next !== text(params, 'confirm_password'))
      errors.confirm_password = t('error.password_mismatch');
    if (!hasErrors(errors))
      await check(t, errors, null, () => changePassword(ctx, viewer.accountId, current, next, viewer.sessionHash));
    if (hasErrors(errors)) {
      const mapped: PasswordErrors = { ...errors };
      // The service names the new password `password`; the form calls it `new_password`.
      const loose = errors as FieldErrors;
      if (loose.password) mapped.new_password = loose.password;
      delete (mapped as FieldErrors).password;
      return show(c, await getAccount(ctx, viewer.accountId), { passwordErrors: mapped, status: 422 });
    }
    return c.redirect('/settings?saved=password#password', 303);
  });

  // Accounts save their language with a POST (a GET must not change stored data); the cookie
  // keeps it for the log-in page after they sign out.
  app.post('/settings/language', async (c) => {
    const params = await readParams(c);
    const locale = text(params, 'locale');
    const next = withoutLangParam(safeNext(text(params, 'next'), '/'));
    if (locale !== 'fr' && locale !== 'en') return c.redirect(next, 303);
    setLangCookie(c, ctx, locale);
    const viewer = c.get('viewer');
    if (viewer) await updateProfile(ctx, viewer.accountId, { locale });
    return c.redirect(next, 303);
  });
};
