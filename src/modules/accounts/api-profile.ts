import type { AppContext } from '../../context';
import { AppError, badRequest } from '../../http/errors';
import { storeImage } from '../media';
import type { ProfileField } from './schema';
import { LOCALES, type ProfileChanges } from './service';
import { checkColor, checkText, checkWebsite } from './validation';

/** The profile fields a person's settings or a brand's charter may change, as the API names them. */
export type ProfileInput = Partial<{
  display_name: string;
  note: string;
  location: string;
  website: string;
  primary_color: string | null;
  accent_color: string | null;
  locale: string | null;
  locked: boolean;
  avatar: unknown;
  header: unknown;
  /** Mastodon's fields_attributes: an array, or an object indexed "0".."3" (JSON or form brackets). */
  fields_attributes: unknown;
  bot: boolean;
  discoverable: boolean;
  indexable: boolean;
}>;

export const MAX_PROFILE_FIELDS = 4;
const FIELD_MAX = 255;

/**
 * Checks every text field first, then stores the images, and only then hands back the changes
 * for the one updateProfile call: a bad field or a bad image changes nothing on the profile.
 * (If updateProfile itself fails afterwards, the stored images stay as orphan files; harmless.)
 */
export async function profileChanges(
  ctx: Pick<AppContext, 'media' | 'config'>,
  input: ProfileInput,
): Promise<ProfileChanges> {
  const changes: ProfileChanges = {};
  if (input.display_name !== undefined) changes.displayName = checkText('display_name', input.display_name, 60);
  if (input.note !== undefined) changes.note = checkText('note', input.note, 500);
  if (input.location !== undefined) changes.location = checkText('location', input.location, 100);
  if (input.website !== undefined) {
    checkWebsite(input.website);
    changes.website = input.website;
  }
  if (input.primary_color !== undefined) changes.primaryColor = checkColor('primary_color', input.primary_color);
  if (input.accent_color !== undefined) changes.accentColor = checkColor('accent_color', input.accent_color);
  if (input.locale !== undefined) changes.locale = input.locale === '' ? null : input.locale;
  if (changes.locale && !(LOCALES as readonly string[]).includes(changes.locale)) {
    throw new AppError(422, 'invalid_locale', 'The language must be fr or en', { field: 'locale' });
  }
  if (input.locked !== undefined) changes.locked = input.locked;
  if (input.fields_attributes !== undefined) changes.fields = profileFields(input.fields_attributes);
  for (const flag of ['bot', 'discoverable', 'indexable'] as const) {
    if (input[flag] !== undefined) changes[flag] = input[flag];
  }
  const avatar = imageFile('avatar', input.avatar);
  const header = imageFile('header', input.header);
  if (avatar) changes.avatarPath = await storeUpload(ctx, 'avatar', avatar);
  if (header) changes.headerPath = await storeUpload(ctx, 'header', header);
  return changes;
}

/**
 * The profile fields as sent: pairs with neither a name nor a value are dropped (that is how a
 * client removes one), at most four remain, each part at most 255 characters of plain text.
 */
export function profileFields(raw: unknown): ProfileField[] {
  if (raw === '' || raw === null) return [];
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (typeof raw === 'object' && Object.keys(raw).every((key) => /^\d+$/.test(key))) {
    items = Object.entries(raw as Record<string, unknown>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, item]) => item);
  } else {
    const field = 'fields_attributes';
    throw badRequest('invalid_param', `${field} must be a list of {name, value}`, { field });
  }
  const fields: ProfileField[] = [];
  items.forEach((item, i) => {
    const field = `fields_attributes[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw badRequest('invalid_param', `${field} must be {name, value}`, { field });
    }
    const { name = '', value = '' } = item as Record<string, unknown>;
    const pair = {
      name: checkText(`${field}[name]`, name, FIELD_MAX),
      value: checkText(`${field}[value]`, value, FIELD_MAX),
    };
    if (pair.name === '' && pair.value === '') return;
    if (pair.name === '') {
      const label = `${field}[name]`;
      throw new AppError(422, 'invalid_field', `${label} is required when a value is given`, { field: label });
    }
    fields.push(pair);
  });
  if (fields.length > MAX_PROFILE_FIELDS) {
    const message = `A profile has at most ${MAX_PROFILE_FIELDS} fields`;
    throw new AppError(422, 'too_many_fields', message, { field: 'fields_attributes' });
  }
  return fields;
}

function imageFile(field: 'avatar' | 'header', value: unknown): File | null {
  if (value === undefined || value === null || value === '') return null;
  // A web form with no file chosen sends an empty, nameless part: nothing to change.
  if (value instanceof File && value.size === 0 && value.name === '') return null;
  if (!(value instanceof File))
    throw badRequest('invalid_param', `${field} must be an image file sent as multipart/form-data`, { field });
  return value;
}

async function storeUpload(
  ctx: Pick<AppContext, 'media' | 'config'>,
  field: 'avatar' | 'header',
  file: File,
): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return (await storeImage(ctx.media, bytes, field, { maxBytes: ctx.config.mediaMaxBytes })).path;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // An empty file is a bad image like any other: 422, naming the field.
    const status = error.code === 'media_empty' ? 422 : error.status;
    throw new AppError(status, error.code, `${field}: ${error.message}`, { ...error.details, field });
  }
}
