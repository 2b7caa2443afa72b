/**
 * Helpers the accounts pages share: turning service errors into translated, per-field messages,
 * reading form fields, and the session cookie.
 */
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { SESSION_COOKIE } from '../../http/middleware';
import type { Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import type { MessageKey, T } from '../../web/i18n';
import { fr } from '../../web/i18n/fr';
import { SESSION_DAYS } from './service';

export type Ctx = Context<AppEnv>;
export type FieldErrors = Record<string, string | undefined>;

/** Which form field a service error belongs to; `_form` when it is about the whole form. */
const FIELD_OF_CODE: Record<string, string> = {
  invalid_username: 'username',
  username_reserved: 'username',
  username_taken: 'username',
  invalid_email: 'email',
  email_taken: 'email',
  password_too_short: 'password',
  password_too_long: 'password',
  invalid_website: 'website',
  invalid_locale: 'locale',
  invalid_password: 'current_password',
  invalid_role: 'role',
};
/** Service field names that differ from our form's. */
const FORM_FIELD: Record<string, string> = {
  note: 'note',
  display_name: 'display_name',
  primary_color: 'primary_color',
  accent_color: 'accent_color',
};

export function fieldOf(error: AppError): string {
  const detail =
    typeof error.details?.field === 'string' ? (FORM_FIELD[error.details.field] ?? error.details.field) : null;
  return detail ?? FIELD_OF_CODE[error.code] ?? '_form';
}

/** The error in the reader's language when we have it; the service's English message otherwise. */
export function errorText(t: T, error: AppError): string {
  const key = `error.${error.code}`;
  if (key in fr) {
    const params: Record<string, string | number> = {};
    if (error.details?.retry_after !== undefined) params.seconds = Number(error.details.retry_after);
    if (typeof error.details?.field === 'string') params.field = error.details.field;
    if (typeof error.details?.max_bytes === 'number')
      params.size = `${Math.round(error.details.max_bytes / 1024 / 1024)}`;
    return t(key as MessageKey, params);
  }
  return error.message;
}

/**
 * Runs a check and files its AppError under `field` (or the field the error names) in `errors`.
 * Other errors propagate: they are bugs, not bad input.
 */
export async function check<R>(
  t: T,
  errors: FieldErrors,
  field: string | null,
  run: () => R | Promise<R>,
): Promise<R | undefined> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const key = field ?? fieldOf(error);
    errors[key] ??= errorText(t, error);
    return undefined;
  }
}

export const hasErrors = (errors: FieldErrors) => Object.values(errors).some(Boolean);

/** A form value as text: missing → '', files and lists are not text. */
export function text(params: Params, key: string): string {
  const v = params[key];
  return typeof v === 'string' ? v : '';
}

/** An uploaded file, or null when the field was left empty. */
export function file(params: Params, key: string): File | null {
  const v = params[key];
  return v instanceof File && v.size > 0 ? v : null;
}

export function setSessionCookie(c: Ctx, ctx: AppContext, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: ctx.config.secureCookies,
    maxAge: SESSION_DAYS * 86400,
  });
}

export function clearSessionCookie(c: Ctx, ctx: AppContext) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: ctx.config.secureCookies });
}

export const LANG_COOKIE = 'comptoir_lang';

export function setLangCookie(c: Ctx, ctx: AppContext, locale: string) {
  setCookie(c, LANG_COOKIE, locale, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: ctx.config.secureCookies,
    maxAge: 365 * 86400,
  });
}

export { loginRedirect } from '../../web/page';

/** The role names of a brand's team, in the reader's language. */
export const roleLabel = (t: T, role: string) => t(`role.${role}` as MessageKey);
