/**
 * Mastodon-compatible account endpoints: sign-up with an app token, verify/update credentials,
 * lookup, search and fetching one account. Follows, statuses and relationships of an account
 * live in the social module.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../http/app';
import { isUuid } from '../../db/ids';
import { AppError, forbidden, notFound, unauthorized } from '../../http/errors';
import { clientIp, requireViewer } from '../../http/middleware';
import { bool, int, list, queryParams, readParams, str } from '../../http/params';
import { hitRateLimit } from '../../http/rate-limit';
import type { AppEnv } from '../../http/types';
import { presentToken } from './api-oauth';
import { profileChanges } from './api-profile';
import * as oauth from './oauth';
import { isPlatformModerator } from '../moderation';
import { presentAccount, presentCredentialAccount, type ServerStanding } from './present';
import { findByUsername, getAccount, getAccounts, LOCALES, searchAccounts, signUp, updateProfile } from './service';

type Ctx = Context<AppEnv>;

/** Our sign-up error codes, as Mastodon reports them: the field and its `ERR_*` code. */
const SIGNUP_ERRORS: Record<string, [field: string, mastodon: string]> = {
  invalid_username: ['username', 'ERR_INVALID'],
  username_reserved: ['username', 'ERR_RESERVED'],
  username_taken: ['username', 'ERR_TAKEN'],
  invalid_email: ['email', 'ERR_INVALID'],
  email_taken: ['email', 'ERR_TAKEN'],
  password_too_short: ['password', 'ERR_TOO_SHORT'],
  password_too_long: ['password', 'ERR_TOO_LONG'],
  field_too_long: ['display_name', 'ERR_TOO_LONG'],
  invalid_field: ['display_name', 'ERR_INVALID'],
};

type FieldError = { field: string; code: string; mastodon: string; description: string };

/** Mastodon's 422 for sign-ups: `{"error": "Validation failed: …", "details": {field: [{error, description}]}}`. */
function validationFailed(c: Ctx, errors: FieldError[]) {
  const details: Record<string, { error: string; description: string }[]> = {};
  for (const e of errors) (details[e.field] ??= []).push({ error: e.mastodon, description: e.description });
  return c.json(
    { error: `Validation failed: ${errors.map((e) => e.description).join(', ')}`, error_code: errors[0].code, details },
    422,
  );
}

function signupLocale(value: string | undefined): string | null {
  const lang = value?.trim().slice(0, 2).toLowerCase();
  return lang && (LOCALES as readonly string[]).includes(lang) ? lang : null;
}

export const accountApiRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };
  const urls = { publicUrl: ctx.config.publicUrl };
  const host = new URL(ctx.config.publicUrl).host.toLowerCase();

  app.post('/api/v1/accounts', async (c) => {
    const appToken = c.get('appToken');
    if (!appToken) {
      if (c.get('viewer'))
        throw forbidden('app_token_required', 'Sign-ups need an app token (client_credentials), not a user token');
      throw unauthorized('Sign-ups need an app token from POST /oauth/token with grant_type=client_credentials');
    }
    if (!appToken.scopes.split(' ').some((s) => s === 'write' || s === 'write:accounts')) {
      throw new AppError(403, 'insufficient_scope', 'This action needs the write:accounts scope');
    }
    await hitRateLimit(ctx.db, `signup:ip:${clientIp(c)}`, ctx.config.rateLimits.signup);
    const p = await readParams(c);
    const username = str(p, 'username') ?? '';
    const email = str(p, 'email') ?? '';
    const password = str(p, 'password') ?? '';
    const errors: FieldError[] = [];
    if (!username)
      errors.push({
        field: 'username',
        code: 'missing_param',
        mastodon: 'ERR_BLANK',
        description: "Username can't be blank",
      });
    if (!email)
      errors.push({
        field: 'email',
        code: 'missing_param',
        mastodon: 'ERR_BLANK',
        description: "Email can't be blank",
      });
    if (!password)
      errors.push({
        field: 'password',
        code: 'missing_param',
        mastodon: 'ERR_BLANK',
        description: "Password can't be blank",
      });
    if (bool(p, 'agreement') !== true)
      errors.push({
        field: 'agreement',
        code: 'agreement_required',
        mastodon: 'ERR_ACCEPTED',
        description: 'Agreement must be accepted',
      });
    if (errors.length) return validationFailed(c, errors);
    let account;
    try {
      account = await signUp(db, {
        username,
        email,
        password,
        displayName: str(p, 'display_name'),
        locale: signupLocale(str(p, 'locale')),
      });
    } catch (error) {
      const known = error instanceof AppError ? SIGNUP_ERRORS[error.code] : undefined;
      if (!known) throw error;
      return validationFailed(c, [
        {
          field: known[0],
          code: (error as AppError).code,
          mastodon: known[1],
          description: (error as AppError).message,
        },
      ]);
    }
    const token = await oauth.issueToken(db, appToken.appId, account.id, appToken.scopes);
    c.header('Cache-Control', 'no-store');
    return c.json(presentToken(token));
  });

  // Routes may reach moderation (its index imports ours; this file is not part of our index).
  const standing = async (accountId: string): Promise<ServerStanding> =>
    (await isPlatformModerator(ctx.db, accountId)) ? 'moderator' : 'user';

  app.get('/api/v1/accounts/verify_credentials', async (c) => {
    const viewer = requireViewer(c, 'read');
    const [account, role] = await Promise.all([getAccount(db, viewer.accountId), standing(viewer.accountId)]);
    return c.json(presentCredentialAccount(urls, account, role));
  });

  app.patch('/api/v1/accounts/update_credentials', async (c) => {
    const viewer = requireViewer(c, 'write');
    const p = await readParams(c);
    const changes = await profileChanges(ctx, {
      display_name: str(p, 'display_name'),
      note: str(p, 'note'),
      location: str(p, 'location'),
      website: str(p, 'website'),
      primary_color: str(p, 'primary_color'),
      accent_color: str(p, 'accent_color'),
      locale: str(p, 'locale'),
      locked: bool(p, 'locked'),
      avatar: p.avatar,
      header: p.header,
      fields_attributes: p.fields_attributes,
      bot: bool(p, 'bot'),
      discoverable: bool(p, 'discoverable'),
      indexable: bool(p, 'indexable'),
    });
    const account = await updateProfile(db, viewer.accountId, changes);
    return c.json(presentCredentialAccount(urls, account, await standing(viewer.accountId)));
  });

  // Several accounts at once (Mastodon 4.3): at most 40, in the order asked, unknown ids skipped.
  app.get('/api/v1/accounts', async (c) => {
    const ids = [
      ...new Set(
        list(queryParams(c), 'id')
          .filter(isUuid)
          .map((id) => id.toLowerCase()),
      ),
    ].slice(0, 40);
    const found = await getAccounts(db, ids);
    return c.json(ids.flatMap((id) => (found.has(id) ? [presentAccount(urls, found.get(id)!)] : [])));
  });

  app.get('/api/v1/accounts/lookup', async (c) => {
    const acct = (str(queryParams(c), 'acct') ?? '').trim().replace(/^@/, '');
    const [username, domain] = acct.split('@');
    if (!username || (domain && domain.toLowerCase() !== host)) throw notFound('Record');
    const account = await findByUsername(db, username);
    if (!account) throw notFound('Record');
    return c.json(presentAccount(urls, account));
  });

  app.get('/api/v1/accounts/search', async (c) => {
    const q = queryParams(c);
    const query = (str(q, 'q') ?? '').slice(0, 200);
    const limit = int(q, 'limit', { min: 1, max: 80 }) ?? 40;
    // Keyset paging everywhere else; search answers one page, so any offset is past its end.
    if ((int(q, 'offset', { min: 0 }) ?? 0) > 0) return c.json([]);
    const found = await searchAccounts(db, query, Math.min(limit, 40));
    return c.json(found.map((account) => presentAccount(urls, account)));
  });

  // The UUID pattern keeps /accounts/relationships and the like free for the social module.
  app.get('/api/v1/accounts/:id{[0-9a-fA-F-]{36}}', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw notFound('Record');
    const account = await getAccount(db, id).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) throw notFound('Record');
      throw error;
    });
    return c.json(presentAccount(urls, account));
  });
};
