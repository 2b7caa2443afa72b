/**
 * Mastodon-compatible account endpoints: sign-up with an app token, verify/update credentials,
 * lookup, search and fetching one account. Follows, statuses and relationships of an account
 * live in the social module.
 */
import type { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { isUuid } from '../../db/ids';
import { mount } from '../../http/contract';
import { AppError, forbidden, notFound, unauthorized } from '../../http/errors';
import { clientIp, requireViewer } from '../../http/middleware';
import { hitRateLimit } from '../../http/rate-limit';
import { contracts } from './api-accounts-contracts';
import { presentToken } from './api-oauth';
import { profileChanges } from './api-profile';
import * as oauth from './oauth';
import { isPlatformModerator } from '../moderation';
import type { AccountEntity, CredentialAccountEntity } from './entities';
import { presentAccount, presentCredentialAccount, type ServerStanding } from './present';
import { findByUsername, getAccount, getAccounts, LOCALES, searchAccounts, signUp, updateProfile } from './service';

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
function validationFailed(errors: FieldError[]) {
  const details: Record<string, { error: string; description: string }[]> = {};
  for (const e of errors) (details[e.field] ??= []).push({ error: e.mastodon, description: e.description });
  return {
    error: `Validation failed: ${errors.map((e) => e.description).join(', ')}`,
    error_code: errors[0].code,
    details,
  };
}

function signupLocale(value: string | undefined): string | null {
  const lang = value?.trim().slice(0, 2).toLowerCase();
  return lang && (LOCALES as readonly string[]).includes(lang) ? lang : null;
}

export const accountApiRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };
  const urls = { publicUrl: ctx.config.publicUrl };

  mount(app, contracts.signUp, async (c) => {
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
    const p = c.req.valid('json');
    const username = p.username ?? '';
    const email = p.email ?? '';
    const password = p.password ?? '';
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
    if (p.agreement !== true)
      errors.push({
        field: 'agreement',
        code: 'agreement_required',
        mastodon: 'ERR_ACCEPTED',
        description: 'Agreement must be accepted',
      });
    if (errors.length) return c.json(validationFailed(errors), 422);
    let account;
    try {
      account = await signUp(db, {
        username,
        email,
        password,
        displayName: p.display_name,
        locale: signupLocale(p.locale),
      });
    } catch (error) {
      const known = error instanceof AppError ? SIGNUP_ERRORS[error.code] : undefined;
      if (!known) throw error;
      const failed = validationFailed([
        {
          field: known[0],
          code: (error as AppError).code,
          mastodon: known[1],
          description: (error as AppError).message,
        },
      ]);
      return c.json(failed, 422);
    }
    const token = await oauth.issueToken(db, appToken.appId, account.id, appToken.scopes);
    c.header('Cache-Control', 'no-store');
    return c.json(presentToken(token), 200);
  });

  // Routes may reach moderation (its index imports ours; this file is not part of our index).
  const standing = async (accountId: string): Promise<ServerStanding> =>
    (await isPlatformModerator(ctx.db, accountId)) ? 'moderator' : 'user';

  const credentials = (account: Parameters<typeof presentCredentialAccount>[1], role: ServerStanding) =>
    presentCredentialAccount(urls, account, role) as z.output<typeof CredentialAccountEntity>;
  const asAccount = (account: Parameters<typeof presentAccount>[1]) =>
    presentAccount(urls, account) as z.output<typeof AccountEntity>;

  mount(app, contracts.verifyCredentials, async (c) => {
    const viewer = requireViewer(c, 'read');
    const [account, role] = await Promise.all([getAccount(db, viewer.accountId), standing(viewer.accountId)]);
    return c.json(credentials(account, role), 200);
  });

  mount(app, contracts.updateCredentials, async (c) => {
    const viewer = requireViewer(c, 'write');
    const changes = await profileChanges(ctx, c.req.valid('json'));
    const account = await updateProfile(db, viewer.accountId, changes);
    return c.json(credentials(account, await standing(viewer.accountId)), 200);
  });

  // Several accounts at once (Mastodon 4.3): at most 40, in the order asked, unknown ids skipped.
  mount(app, contracts.many, async (c) => {
    const asked = c.req
      .valid('query')
      .id.filter(isUuid)
      .map((id) => id.toLowerCase());
    const ids = [...new Set(asked)].slice(0, 40);
    const found = await getAccounts(db, ids);
    return c.json(
      ids.flatMap((id) => (found.has(id) && !found.get(id)!.deletedAt ? [asAccount(found.get(id)!)] : [])),
      200,
    );
  });

  mount(app, contracts.lookup, async (c) => {
    const acct = (c.req.valid('query').acct ?? '').trim().replace(/^@/, '');
    const [username, domain, extra] = acct.split('@');
    if (!username || extra !== undefined) throw notFound('Record');
    // name@other.host: a remote account already known here (its username is its handle); no WebFinger.
    const remote = domain && domain.toLowerCase() !== new URL(ctx.config.publicUrl).host.toLowerCase();
    const account = await findByUsername(db, remote ? acct : username);
    if (account && Boolean(account.domain) !== Boolean(remote)) throw notFound('Record');
    if (!account) throw notFound('Record');
    return c.json(asAccount(account), 200);
  });

  mount(app, contracts.search, async (c) => {
    const q = c.req.valid('query');
    const query = (q.q ?? '').slice(0, 200);
    // Keyset paging everywhere else; search answers one page, so any offset is past its end.
    if ((q.offset ?? 0) > 0) return c.json([], 200);
    const found = await searchAccounts(db, query, Math.min(q.limit ?? 40, 40));
    return c.json(found.map(asAccount), 200);
  });

  mount(app, contracts.get, async (c) => {
    const account = await getAccount(db, c.req.valid('param').id.toLowerCase()).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) throw notFound('Record');
      throw error;
    });
    // A closed account's profile is gone (its tombstone stays only for the brands' orders).
    if (account.deletedAt) throw notFound('Record');
    return c.json(asAccount(account), 200);
  });
};
