/**
 * A person's settings: profile (with avatar and header uploads), language, password, and the
 * brands they belong to. The profile form is shared with a brand's charter page.
 */
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { readParams, type Params } from '../../http/params';
import { storeImage } from '../media';
import {
  Avatar,
  ButtonLink,
  CsrfField,
  ErrorSummary,
  Flash,
  FormField,
  headerSrc,
  SelectField,
} from '../../web/components';
import type { T } from '../../web/i18n';
import { renderPage, safeNext, tOf } from '../../web/page';
import { brandsOf } from './brands';
import { changePassword, getAccount, updateProfile, type Account, type ProfileChanges } from './service';
import { checkColor, checkPassword, checkText, checkWebsite } from './validation';
import { withoutLangParam } from './web-auth';
import {
  check,
  errorText,
  file,
  hasErrors,
  loginRedirect,
  roleLabel,
  setLangCookie,
  text,
  type Ctx,
  type FieldErrors,
} from './web-shared';

export type ProfileValues = {
  display_name: string;
  note: string;
  location: string;
  website: string;
  locale: string;
  primary_color: string;
  accent_color: string;
};

export const DEFAULT_PRIMARY = '#9a3412';
export const DEFAULT_ACCENT = '#0f766e';

export function profileValues(account: Account): ProfileValues {
  return {
    display_name: account.displayName,
    note: account.note,
    location: account.location,
    website: account.website,
    locale: account.locale ?? '',
    primary_color: account.primaryColor ?? DEFAULT_PRIMARY,
    accent_color: account.accentColor ?? DEFAULT_ACCENT,
  };
}

/**
 * Validates every field, then the images, then saves everything at once: a bad field or a bad
 * image leaves the profile exactly as it was.
 */
export async function saveProfileForm(
  ctx: AppContext,
  t: T,
  account: Account,
  params: Params,
  kind: 'person' | 'brand',
): Promise<
  { ok: true; account: Account } | { ok: false; errors: FieldErrors; values: ProfileValues; status: 413 | 422 }
> {
  const values: ProfileValues = {
    display_name: text(params, 'display_name'),
    note: text(params, 'note'),
    location: text(params, 'location'),
    website: text(params, 'website'),
    locale: text(params, 'locale'),
    primary_color: text(params, 'primary_color') || DEFAULT_PRIMARY,
    accent_color: text(params, 'accent_color') || DEFAULT_ACCENT,
  };
  const errors: FieldErrors = {};
  const changes: ProfileChanges = {};
  if (!values.display_name.trim()) errors.display_name = t('error.required');
  else
    changes.displayName = await check(t, errors, 'display_name', () =>
      checkText('display_name', values.display_name, 60),
    );
  changes.note = await check(t, errors, 'note', () => checkText('note', values.note, 500));
  changes.location = await check(t, errors, 'location', () => checkText('location', values.location, 100));
  changes.website = await check(t, errors, 'website', () => checkWebsite(values.website));
  if (kind === 'person') {
    if (values.locale !== '' && values.locale !== 'fr' && values.locale !== 'en')
      errors.locale = t('error.invalid_locale');
    else changes.locale = values.locale || null;
  } else {
    changes.primaryColor = await check(t, errors, 'primary_color', () =>
      checkColor('primary_color', values.primary_color),
    );
    changes.accentColor = await check(t, errors, 'accent_color', () => checkColor('accent_color', values.accent_color));
  }
  if (hasErrors(errors)) return { ok: false, errors, values, status: 422 };
  let status: 413 | 422 = 422;
  for (const [field, imageKind] of [
    ['avatar', 'avatar'],
    ['header', 'header'],
  ] as const) {
    const upload = file(params, field);
    if (!upload) continue;
    try {
      const stored = await storeImage(ctx.media, new Uint8Array(await upload.arrayBuffer()), imageKind, {
        maxBytes: ctx.config.mediaMaxBytes,
      });
      if (field === 'avatar') changes.avatarPath = stored.path;
      else changes.headerPath = stored.path;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors[field] = errorText(t, error);
      if (error.status === 413) status = 413;
    }
  }
  if (hasErrors(errors)) return { ok: false, errors, values, status };
  const saved = await check(t, errors, null, () => updateProfile(ctx, account.id, changes));
  if (!saved) return { ok: false, errors, values, status: 422 };
  return { ok: true, account: saved };
}

/** The profile fields, for a person's settings and a brand's charter. */
export const ProfileFields = ({
  t,
  account,
  values,
  errors,
  kind,
}: {
  t: T;
  account: Account;
  values: ProfileValues;
  errors: FieldErrors;
  kind: 'person' | 'brand';
}) => (
  <>
    <div
      class="profile-preview"
      style={
        kind === 'brand' ? `--brand-primary:${values.primary_color};--brand-accent:${values.accent_color}` : undefined
      }
    >
      <img class="profile-preview-banner" src={headerSrc(account)} alt="" />
      <Avatar
        account={account}
        size="lg"
        class={kind === 'brand' ? 'profile-preview-avatar is-brand' : 'profile-preview-avatar'}
      />
    </div>
    <div class="grid cols-2">
      <FormField
        name="avatar"
        type="file"
        label={t('field.avatar')}
        hint={t('field.image_hint')}
        accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
        error={errors.avatar}
      />
      <FormField
        name="header"
        type="file"
        label={kind === 'brand' ? t('field.banner') : t('field.header')}
        hint={t('field.image_hint')}
        accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
        error={errors.header}
      />
    </div>
    <FormField
      name="display_name"
      label={kind === 'brand' ? t('field.brand_name') : t('field.display_name')}
      value={values.display_name}
      error={errors.display_name}
      maxlength={60}
      required
      autocomplete={kind === 'person' ? 'name' : 'organization'}
    />
    <FormField
      name="note"
      type="textarea"
      label={t('field.bio')}
      value={values.note}
      error={errors.note}
      maxChars={500}
      rows={4}
    />
    <div class="grid cols-2">
      <FormField
        name="location"
        label={t('field.location')}
        value={values.location}
        error={errors.location}
        maxlength={100}
        autocomplete="address-level2"
      />
      <FormField
        name="website"
        type="url"
        label={t('field.website')}
        hint={t('field.website_hint')}
        value={values.website}
        error={errors.website}
        inputmode="url"
        autocomplete="url"
        placeholder="https://"
      />
    </div>
    {kind === 'person' ? (
      <SelectField
        name="locale"
        label={t('field.language')}
        value={values.locale}
        error={errors.locale}
        options={[
          { value: '', label: t('lang.auto') },
          { value: 'fr', label: 'Français' },
          { value: 'en', label: 'English' },
        ]}
      />
    ) : (
      <fieldset class="fieldset">
        <legend>{t('brand.colours')}</legend>
        <p class="field-hint">{t('brand.colours_hint')}</p>
        <div class="grid cols-2">
          <FormField
            name="primary_color"
            type="color"
            label={t('field.primary_color')}
            value={values.primary_color}
            error={errors.primary_color}
            class="field-color"
          />
          <FormField
            name="accent_color"
            type="color"
            label={t('field.accent_color')}
            value={values.accent_color}
            error={errors.accent_color}
            class="field-color"
          />
        </div>
      </fieldset>
    )}
  </>
);

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
