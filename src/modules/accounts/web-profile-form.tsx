/**
 * The profile form (with avatar and header uploads), shared by a person's settings and a brand's
 * charter page; re-exported by web-settings.tsx.
 */
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import type { Params } from '../../http/params';
import { storeImage } from '../media';
import { Avatar, FormField, headerSrc, SelectField } from '../../web/components';
import type { T } from '../../web/i18n';
import { updateProfile, type Account, type ProfileChanges } from './service';
import { checkColor, checkText, checkWebsite } from './validation';
import { check, errorText, file, hasErrors, text, type FieldErrors } from './web-shared';

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
