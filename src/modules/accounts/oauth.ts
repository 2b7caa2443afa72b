import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { arrayLiteral, type Db, type DbOrTx } from '../../db/client';
import { prepared, preparedRows } from '../../db/prepared';
import { GroupCommit } from '../../lib/group-commit';
import { uuidv7 } from '../../db/ids';
import { badRequest, DomainError, unprocessable } from '../../lib/errors';
import { newToken, safeEqual, sha256 } from '../../lib/crypto';
import { createHash } from 'node:crypto';
import { accounts, oauthApps, oauthCodes, oauthTokens } from './schema';
import type { AccountsContext } from './service';

import { OOB_REDIRECT, redirectUriRefusal } from './redirect-uri';

export { OOB_REDIRECT };
export const ALL_SCOPES = 'read write follow push';
export type OAuthApp = typeof oauthApps.$inferSelect;

/** OAuth errors follow RFC 6749: `{"error": "invalid_grant", "error_description": ...}`. */
export const oauthError = (code: string, message: string, status: 400 | 401 = 400) =>
  new DomainError(status === 401 ? 'unauthorized' : 'invalid', code, message);

export function normalizeScopes(scopes: unknown, allowed = ALL_SCOPES): string {
  const requested = String(scopes ?? 'read')
    .split(/[\s+]+/)
    .filter(Boolean);
  const allowedSet = new Set(allowed.split(' '));
  for (const scope of requested) {
    const base = scope.split(':')[0];
    if (!allowedSet.has(scope) && !allowedSet.has(base))
      throw oauthError('invalid_scope', `Unknown or not granted scope: ${scope}`);
  }
  return requested.length ? [...new Set(requested)].join(' ') : 'read';
}

export async function createApp(
  ctx: AccountsContext,
  input: { name: unknown; redirectUris: unknown; scopes?: unknown; website?: unknown },
): Promise<OAuthApp> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 100)
    throw unprocessable('invalid_client_name', 'client_name is required (at most 100 characters)');
  const uris = (Array.isArray(input.redirectUris) ? input.redirectUris : String(input.redirectUris ?? '').split(/\s+/))
    .map(String)
    .filter(Boolean);
  if (uris.length === 0) throw unprocessable('invalid_redirect_uri', 'redirect_uris is required');
  if (uris.length > 20) throw unprocessable('invalid_redirect_uri', 'At most 20 redirect URIs');
  for (const uri of uris) {
    const refusal = redirectUriRefusal(uri);
    if (refusal) throw unprocessable('invalid_redirect_uri', `Redirect URI ${uri.slice(0, 200)} ${refusal}`);
  }
  const [app] = await ctx.db
    .insert(oauthApps)
    .values({
      id: uuidv7(),
      name,
      website: typeof input.website === 'string' && input.website ? input.website : null,
      redirectUris: uris,
      scopes: normalizeScopes(input.scopes ?? 'read'),
      clientId: newToken(24),
      clientSecret: newToken(32),
    })
    .returning();
  return app;
}

export async function findApp(ctx: AccountsContext, clientId: string): Promise<OAuthApp | null> {
  if (!clientId) return null;
  const [app] = await ctx.db.select().from(oauthApps).where(eq(oauthApps.clientId, clientId));
  return app ?? null;
}

export async function getAppById(ctx: AccountsContext, id: string | null): Promise<OAuthApp | null> {
  if (!id) return null;
  const [app] = await ctx.db.select().from(oauthApps).where(eq(oauthApps.id, id));
  return app ?? null;
}

export async function authenticateClient(
  ctx: AccountsContext,
  clientId: unknown,
  clientSecret: unknown,
): Promise<OAuthApp> {
  const app = await findApp(ctx, String(clientId ?? ''));
  if (!app || !safeEqual(app.clientSecret, String(clientSecret ?? '')))
    throw oauthError('invalid_client', 'Client authentication failed', 401);
  return app;
}

export type IssuedToken = { accessToken: string; refreshToken: string | null; scopes: string; createdAt: Date };

/**
 * A new access token. A person's token issued to an app also gets a refresh token (an app's own
 * client_credentials token does not: the app can always ask for another). Access tokens do not
 * expire (as Mastodon's); they end when revoked or refreshed.
 */
export async function issueToken(
  ctx: { db: DbOrTx },
  appId: string | null,
  accountId: string | null,
  scopes: string,
  familyId?: string,
): Promise<IssuedToken> {
  const token = newToken();
  const refreshToken = appId && accountId ? newToken() : null;
  const [row] = await ctx.db
    .insert(oauthTokens)
    .values({
      tokenHash: sha256(token),
      appId,
      accountId,
      scopes,
      refreshTokenHash: refreshToken ? sha256(refreshToken) : null,
      familyId: familyId ?? uuidv7(),
    })
    .returning();
  return { accessToken: token, refreshToken, scopes, createdAt: row.createdAt };
}

const refreshRefused = () => oauthError('invalid_grant', 'The refresh token is invalid, revoked or already used');

/**
 * grant_type=refresh_token: a refresh token is exchanged once, by the app it was issued to, for a
 * new access token and a new refresh token; the old pair stops working. Scopes may be narrowed,
 * never widened. A refresh token presented again after its use means someone else holds a copy
 * (RFC 6819 §5.2.2.3): the whole family, the current token included, is revoked.
 */
export async function refreshAccessToken(
  ctx: AccountsContext,
  app: OAuthApp,
  refreshToken: unknown,
  scope: string | undefined,
): Promise<IssuedToken> {
  if (typeof refreshToken !== 'string' || !refreshToken) {
    throw oauthError('invalid_request', 'refresh_token is required');
  }
  if (refreshToken.length > 200) throw refreshRefused();
  const hash = sha256(refreshToken);
  const [row] = await ctx.db
    .select({ token: oauthTokens, suspendedAt: accounts.suspendedAt })
    .from(oauthTokens)
    .leftJoin(accounts, eq(accounts.id, oauthTokens.accountId))
    .where(eq(oauthTokens.refreshTokenHash, hash));
  if (!row || row.token.appId !== app.id || !row.token.accountId) throw refreshRefused();
  const familyId = row.token.familyId ?? uuidv7();
  const reused = async () => {
    await ctx.db
      .update(oauthTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(oauthTokens.familyId, familyId), isNull(oauthTokens.revokedAt)));
    return refreshRefused();
  };
  if (row.token.refreshedAt) throw await reused();
  if (row.token.revokedAt || row.suspendedAt) throw refreshRefused();
  const scopes = normalizeScopes(scope || row.token.scopes, row.token.scopes);
  const accountId = row.token.accountId;
  const issued = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [used] = await tx
      .update(oauthTokens)
      .set({ revokedAt: now, refreshedAt: now })
      .where(
        and(eq(oauthTokens.refreshTokenHash, hash), isNull(oauthTokens.refreshedAt), isNull(oauthTokens.revokedAt)),
      )
      .returning({ hash: oauthTokens.tokenHash });
    // Another request used it in between: the same signal as a late reuse.
    return used ? issueToken({ db: tx }, app.id, accountId, scopes, familyId) : null;
  });
  if (!issued) throw await reused();
  return issued;
}

/** `locale` is the account's language setting, read in the same query (one round trip per request). */
export type TokenInfo = { accountId: string | null; appId: string | null; scopes: string; locale: string | null };

export async function resolveToken(ctx: AccountsContext, token: string): Promise<TokenInfo | null> {
  const [info] = await resolveTokens(ctx.db, [token]);
  return info;
}

/**
 * Many bearer tokens in one statement (hand-written: every API request comes through here).
 * Each token gets its holder, or null when it is unknown, revoked or malformed.
 */
/** Planned once (db/prepared.ts): every API request comes through here. */
const tokenStatement = prepared({
  name: 'oauth_resolve_tokens',
  types: ['text[]'],
  text: `select t.token_hash as hash, t.account_id::text as "accountId", t.app_id::text as "appId", t.scopes, a.locale
         from oauth_tokens t left join accounts a on a.id = t.account_id
         where t.token_hash = any($1::text[]) and t.revoked_at is null and a.suspended_at is null`,
});

export async function resolveTokens(db: DbOrTx, tokens: string[]): Promise<(TokenInfo | null)[]> {
  const hashes = tokens.map((token) => (token && token.length <= 200 ? sha256(token) : null));
  const wanted = [...new Set(hashes.filter((h): h is string => h !== null))];
  if (wanted.length === 0) return tokens.map(() => null);
  const rows = await preparedRows<TokenInfo & { hash: string }>(db, tokenStatement, [arrayLiteral(wanted)]);
  const byHash = new Map(rows.map(({ hash, ...info }) => [hash, info]));
  return hashes.map((h) => (h ? (byHash.get(h) ?? null) : null));
}

/**
 * Resolves the bearer tokens of concurrent requests together: under load, one statement for a
 * whole wave of API calls instead of one each; alone, a request waits for nobody.
 */
export function createTokenResolver(db: Db, lanes: number) {
  return new GroupCommit<string, TokenInfo | null>(
    (tokens) => resolveTokens(db, tokens),
    lanes,
    250,
    (token) => token,
  );
}
export type TokenResolver = ReturnType<typeof createTokenResolver>;

/** Revokes an access token or a refresh token (RFC 7009): either way the pair stops working. */
export async function revokeToken(ctx: AccountsContext, app: OAuthApp, token: string) {
  const hash = sha256(String(token ?? ''));
  await ctx.db
    .update(oauthTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        or(eq(oauthTokens.tokenHash, hash), eq(oauthTokens.refreshTokenHash, hash)),
        eq(oauthTokens.appId, app.id),
        isNull(oauthTokens.revokedAt),
      ),
    );
}

export function checkRedirectUri(app: OAuthApp, redirectUri: unknown): string {
  const uri = String(redirectUri ?? '');
  if (!app.redirectUris.includes(uri))
    throw oauthError('invalid_redirect_uri', 'redirect_uri does not match the application');
  // Apps registered before the rule existed may hold a refused address: never send anyone there.
  if (redirectUriRefusal(uri)) throw oauthError('invalid_redirect_uri', 'redirect_uri is not an allowed address');
  return uri;
}

export async function createAuthorizationCode(
  ctx: AccountsContext,
  input: { app: OAuthApp; accountId: string; redirectUri: string; scopes: string; codeChallenge?: string | null },
): Promise<string> {
  const code = newToken();
  await ctx.db.insert(oauthCodes).values({
    codeHash: sha256(code),
    appId: input.app.id,
    accountId: input.accountId,
    redirectUri: input.redirectUri,
    scopes: input.scopes,
    codeChallenge: input.codeChallenge ?? null,
    expiresAt: new Date(Date.now() + 10 * 60_000),
  });
  return code;
}

/** Exchanges a code once; a second use, an expired code or a wrong PKCE verifier all fail. */
export async function exchangeCode(
  ctx: AccountsContext,
  app: OAuthApp,
  code: unknown,
  redirectUri: unknown,
  codeVerifier?: unknown,
) {
  if (typeof code !== 'string' || !code) throw badRequest('invalid_request', 'code is required');
  const [row] = await ctx.db
    .update(oauthCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(oauthCodes.codeHash, sha256(code)),
        eq(oauthCodes.appId, app.id),
        isNull(oauthCodes.usedAt),
        gt(oauthCodes.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!row) throw oauthError('invalid_grant', 'The authorization code is invalid, expired or already used');
  if (row.redirectUri !== String(redirectUri ?? '')) throw oauthError('invalid_grant', 'redirect_uri does not match');
  if (row.codeChallenge) {
    const verifier = String(codeVerifier ?? '');
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (!verifier || computed !== row.codeChallenge) throw oauthError('invalid_grant', 'PKCE verification failed');
  }
  return issueToken(ctx, app.id, row.accountId, row.scopes);
}
