/**
 * The OAuth authorize page: a signed-in person grants (or refuses) an app access to their
 * account. Approving redirects to the app's redirect_uri with `code` and `state`, or shows the
 * code to copy for out-of-band apps (`urn:ietf:wg:oauth:2.0:oob`).
 */
import { describe } from '../../http/contract';
import { oauthContracts } from './api-oauth-contracts';
import type { Context } from 'hono';
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError, badRequest } from '../../http/errors';
import { queryParams, readParams, type Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { Avatar, Button, CsrfField } from '../../web/components';
import type { MessageKey } from '../../web/i18n';
import { renderError, renderPage, tOf } from '../../web/page';
import { isHttpUrl } from './api-oauth';
import * as oauth from './oauth';
import { getAccount } from './service';

type Ctx = Context<AppEnv>;

type AuthorizeRequest = {
  app: oauth.OAuthApp;
  redirectUri: string;
  scopes: string;
  state: string;
  codeChallenge: string | null;
};

const text = (p: Params, key: string, max = 2000): string => {
  const v = p[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw badRequest('invalid_request', `${key} must be a string`);
  if (v.length > max) throw badRequest('invalid_request', `${key} is too long`);
  return v;
};

/** Checks an authorization request (RFC 6749 §4.1.1 with RFC 7636 PKCE, S256 only). */
async function readRequest(ctx: AppContext, p: Params): Promise<AuthorizeRequest> {
  const responseType = text(p, 'response_type') || 'code';
  if (responseType !== 'code') throw badRequest('unsupported_response_type', 'response_type must be "code"');
  const app = await oauth.findApp({ db: ctx.db }, text(p, 'client_id', 200));
  if (!app) throw badRequest('invalid_client', 'Unknown client_id');
  const given = text(p, 'redirect_uri');
  const redirectUri = oauth.checkRedirectUri(app, given || (app.redirectUris.length === 1 ? app.redirectUris[0] : ''));
  const scopes = oauth.normalizeScopes(text(p, 'scope', 500) || 'read', app.scopes);
  const codeChallenge = text(p, 'code_challenge', 200) || null;
  const method = text(p, 'code_challenge_method', 20);
  if (codeChallenge) {
    if (method !== 'S256')
      throw badRequest('invalid_request', 'code_challenge_method must be S256 (plain is not supported)');
    if (!/^[A-Za-z0-9_-]{43,128}$/.test(codeChallenge))
      throw badRequest('invalid_request', 'code_challenge is malformed');
  } else if (method) {
    throw badRequest('invalid_request', 'code_challenge_method given without code_challenge');
  }
  return { app, redirectUri, scopes, state: text(p, 'state', 1000), codeChallenge };
}

function withQuery(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  return url.toString();
}

const SCOPE_KEYS: Record<string, MessageKey> = {
  read: 'oauth.scope.read',
  write: 'oauth.scope.write',
  follow: 'oauth.scope.follow',
  push: 'oauth.scope.push',
};

async function showError(c: Ctx, ctx: AppContext, error: unknown): Promise<Response> {
  if (!(error instanceof AppError)) throw error;
  return renderError(c, error.status === 401 ? 400 : error.status, error.message, ctx, tOf(c)('oauth.invalid'));
}

export const oauthWebRoutes: RouteModule = (app, ctx) => {
  const contracts = oauthContracts();
  describe(contracts.authorizePage);
  app.get('/oauth/authorize', async (c) => {
    const viewer = c.get('viewer');
    if (viewer?.via !== 'session') {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
    }
    let request: AuthorizeRequest;
    try {
      request = await readRequest(ctx, queryParams(c));
    } catch (error) {
      return showError(c, ctx, error);
    }
    const t = tOf(c);
    const me = await getAccount({ db: ctx.db }, viewer.accountId);
    // A native app's private-use scheme has no origin ("null"): show its scheme instead.
    const target = request.redirectUri === oauth.OOB_REDIRECT ? null : new URL(request.redirectUri);
    const shownUri = !target ? '—' : target.origin !== 'null' ? target.origin : target.protocol;
    const hidden: Record<string, string> = {
      response_type: 'code',
      client_id: request.app.clientId,
      redirect_uri: request.redirectUri,
      scope: request.scopes,
      state: request.state,
      code_challenge: request.codeChallenge ?? '',
      code_challenge_method: request.codeChallenge ? 'S256' : '',
    };
    c.header('X-Frame-Options', 'DENY');
    return renderPage(
      c,
      {
        meta: { title: t('oauth.title'), noindex: true },
        body: (
          <section class="card narrow oauth-authorize">
            <h1>{t('oauth.title')}</h1>
            <p class="oauth-account">
              <Avatar account={me} size="sm" /> {t('oauth.request', { app: request.app.name, username: me.username })}
            </p>
            {request.app.website && isHttpUrl(request.app.website) ? (
              <p>
                {t('oauth.website')}{' '}
                <a href={request.app.website} rel="nofollow noopener noreferrer">
                  {request.app.website}
                </a>
              </p>
            ) : null}
            <p>{t('oauth.scopes')}</p>
            <ul class="oauth-scopes">
              {request.scopes.split(' ').map((scope) => {
                const key = SCOPE_KEYS[scope];
                return (
                  <li>
                    {key ? t(key) : t('oauth.scope.other', { scope })} <code>{scope}</code>
                  </li>
                );
              })}
            </ul>
            {request.redirectUri !== oauth.OOB_REDIRECT ? (
              <p class="muted">{t('oauth.redirect', { uri: shownUri })}</p>
            ) : null}
            <form method="post" action="/oauth/authorize" class="actions">
              <CsrfField token={c.get('csrfToken')} />
              {Object.entries(hidden).map(([name, value]) =>
                value ? <input type="hidden" name={name} value={value} /> : null,
              )}
              <Button name="decision" value="approve">
                {t('oauth.approve')}
              </Button>
              <Button name="decision" value="deny" variant="secondary">
                {t('oauth.deny')}
              </Button>
            </form>
          </section>
        ),
      },
      ctx,
    );
  });

  describe(contracts.authorizeForm);
  app.post('/oauth/authorize', async (c) => {
    const viewer = c.get('viewer');
    const p = await readParams(c);
    if (viewer?.via !== 'session') return c.redirect('/login', 302);
    let request: AuthorizeRequest;
    try {
      request = await readRequest(ctx, p);
    } catch (error) {
      return showError(c, ctx, error);
    }
    const t = tOf(c);
    const oob = request.redirectUri === oauth.OOB_REDIRECT;
    if (p.decision !== 'approve') {
      if (oob)
        return renderPage(
          c,
          {
            meta: { title: t('oauth.title'), noindex: true },
            body: (
              <section class="card narrow">
                <h1>{t('oauth.title')}</h1>
                <p>{t('oauth.denied')}</p>
              </section>
            ),
          },
          ctx,
        );
      return c.redirect(
        withQuery(request.redirectUri, {
          error: 'access_denied',
          error_description: 'The user denied access',
          state: request.state,
        }),
        302,
      );
    }
    const code = await oauth.createAuthorizationCode(
      { db: ctx.db },
      {
        app: request.app,
        accountId: viewer.accountId,
        redirectUri: request.redirectUri,
        scopes: request.scopes,
        codeChallenge: request.codeChallenge,
      },
    );
    if (!oob) return c.redirect(withQuery(request.redirectUri, { code, state: request.state }), 302);
    const page = await renderPage(
      c,
      {
        meta: { title: t('oauth.code_title'), noindex: true },
        body: (
          <section class="card narrow oauth-code">
            <h1>{t('oauth.code_title')}</h1>
            <p>{t('oauth.code_help')}</p>
            <p>
              <input
                type="text"
                readonly
                value={code}
                aria-label={t('oauth.code_title')}
                class="code"
                id="oauth-code"
                size={50}
              />
            </p>
          </section>
        ),
      },
      ctx,
    );
    page.headers.set('Cache-Control', 'no-store');
    return page;
  });
};
