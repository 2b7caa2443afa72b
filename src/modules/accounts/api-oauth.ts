/**
 * OAuth 2 as Mastodon clients speak it: app registration, the token endpoint (client
 * credentials, authorization code with PKCE, password, refresh token) and revocation. The authorize page
 * itself lives in oauth-web.tsx.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../http/app';
import { describe, mount } from '../../http/contract';
import { AppError, unauthorized } from '../../http/errors';
import { clientIp } from '../../http/middleware';
import { readParams, str, type Params } from '../../http/params';
import { hitRateLimit } from '../../http/rate-limit';
import type { AppEnv } from '../../http/types';
import { oauthContracts } from './api-oauth-contracts';
import * as oauth from './oauth';
import { recordSignInAttempt } from '../privacy';
import { authenticate } from './service';

type Ctx = Context<AppEnv>;

/** Mastodon's Application entity. */
export function presentApp(app: oauth.OAuthApp) {
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes.split(' '),
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    vapid_key: null,
  };
}

/** Its CredentialApplication, with the secret: only in the answer that creates the app. */
const presentCredentialApp = (app: oauth.OAuthApp) => ({
  ...presentApp(app),
  client_id: app.clientId,
  client_secret: app.clientSecret,
  client_secret_expires_at: 0,
});

/** The token response; no `expires_in`: access tokens do not expire (as Mastodon's). */
export function presentToken(token: {
  accessToken: string;
  refreshToken?: string | null;
  scopes: string;
  createdAt: Date;
}) {
  return {
    access_token: token.accessToken,
    token_type: 'Bearer' as const,
    scope: token.scopes,
    created_at: Math.floor(token.createdAt.getTime() / 1000),
    ...(token.refreshToken ? { refresh_token: token.refreshToken } : {}),
  };
}

/** Body errors on the OAuth endpoints become RFC 6749's `invalid_request`. */
async function oauthParams(c: Ctx): Promise<Params> {
  try {
    return await readParams(c);
  } catch (error) {
    if (error instanceof AppError) throw oauth.oauthError('invalid_request', error.message);
    throw error;
  }
}

/** Client credentials from the body, or from HTTP Basic as RFC 6749 §2.3.1 prefers. */
function clientOf(c: Ctx, params: Params): { clientId: string; clientSecret: string } {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
    }
  }
  return { clientId: oauthStr(params, 'client_id') ?? '', clientSecret: oauthStr(params, 'client_secret') ?? '' };
}

function oauthStr(params: Params, key: string): string | undefined {
  try {
    return str(params, key);
  } catch {
    throw oauth.oauthError('invalid_request', `${key} must be a string`);
  }
}

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 500) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const noStore = (c: Ctx) => {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
};

export const oauthApiRoutes: RouteModule = (app, ctx) => {
  const db = { db: ctx.db };

  const contracts = oauthContracts();
  mount(app, contracts.createApp, async (c) => {
    const p = c.req.valid('json') as Params;
    // The website is shown as a link on the authorize page: http(s) only.
    if (p.website !== undefined && p.website !== null && p.website !== '' && !isHttpUrl(p.website)) {
      throw new AppError(422, 'invalid_website', 'website must be an http(s) address');
    }
    const created = await oauth.createApp(db, {
      name: p.client_name,
      redirectUris: p.redirect_uris ?? p.redirect_uri,
      scopes: p.scopes,
      website: p.website,
    });
    return c.json(presentCredentialApp(created), 200);
  });

  mount(app, contracts.verifyApp, async (c) => {
    // identify() keeps only the account of a user token, so look the token up again for its app.
    const header = c.req.header('authorization');
    const token = header?.toLowerCase().startsWith('bearer ')
      ? await oauth.resolveToken(db, header.slice(7).trim())
      : null;
    if (!token) throw unauthorized('The access token is invalid');
    const found = await oauth.getAppById(db, token.appId);
    if (!found) throw unauthorized('The access token belongs to no application');
    return c.json(presentApp(found), 200);
  });

  describe(contracts.token);
  app.post('/oauth/token', async (c) => {
    const p = await oauthParams(c);
    const grantType = oauthStr(p, 'grant_type');
    if (!grantType) throw oauth.oauthError('invalid_request', 'grant_type is required');
    if (!['client_credentials', 'authorization_code', 'password', 'refresh_token'].includes(grantType)) {
      throw oauth.oauthError('unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
    }
    const { clientId, clientSecret } = clientOf(c, p);
    const client = await oauth.authenticateClient(db, clientId, clientSecret);
    noStore(c);
    // No scope asked: `read`, as Mastodon (not everything the app registered for).
    if (grantType === 'client_credentials') {
      const scopes = oauth.normalizeScopes(oauthStr(p, 'scope') || 'read', client.scopes);
      return c.json(presentToken(await oauth.issueToken(db, client.id, null, scopes)));
    }
    if (grantType === 'authorization_code') {
      const token = await oauth.exchangeCode(
        db,
        client,
        oauthStr(p, 'code'),
        oauthStr(p, 'redirect_uri'),
        oauthStr(p, 'code_verifier'),
      );
      return c.json(presentToken(token));
    }
    if (grantType === 'refresh_token') {
      const token = await oauth.refreshAccessToken(db, client, oauthStr(p, 'refresh_token'), oauthStr(p, 'scope'));
      return c.json(presentToken(token));
    }
    // password: for tests and command-line clients; throttled like the login form.
    await hitRateLimit(ctx.db, `login:ip:${clientIp(c)}`, ctx.config.rateLimits.login);
    const username = oauthStr(p, 'username');
    const password = oauthStr(p, 'password');
    if (!username || !password) throw oauth.oauthError('invalid_request', 'username and password are required');
    await hitRateLimit(ctx.db, `login:id:${username.toLowerCase().replace(/^@/, '')}`, ctx.config.rateLimits.login);
    const scopes = oauth.normalizeScopes(oauthStr(p, 'scope') || 'read', client.scopes);
    const attempt = {
      identifier: username,
      ip: clientIp(c),
      userAgent: c.req.header('user-agent') ?? '',
      at: ctx.clock.now(),
    };
    const account = await authenticate(db, username, password).catch(async (error: unknown) => {
      if (error instanceof AppError) await recordSignInAttempt(ctx.db, ctx.secret, { ...attempt, success: false });
      if (error instanceof AppError && error.code === 'invalid_credentials')
        throw oauth.oauthError('invalid_grant', error.message);
      throw error;
    });
    await recordSignInAttempt(ctx.db, ctx.secret, { ...attempt, accountId: account.id, success: true });
    return c.json(presentToken(await oauth.issueToken(db, client.id, account.id, scopes)));
  });

  describe(contracts.revoke);
  app.post('/oauth/revoke', async (c) => {
    const p = await oauthParams(c);
    const { clientId, clientSecret } = clientOf(c, p);
    const client = await oauth.authenticateClient(db, clientId, clientSecret);
    const token = oauthStr(p, 'token');
    if (!token) throw oauth.oauthError('invalid_request', 'token is required');
    await oauth.revokeToken(db, client, token);
    return c.json({});
  });
};
