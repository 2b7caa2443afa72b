/**
 * The OAuth routes in the OpenAPI document, each with its real response entity (the account
 * routes are contracts, in api-accounts-contracts.ts; the instance routes, in src/http/instance.ts).
 * Imported for its effect by routes.ts (never by index.ts: http/openapi reaches the index).
 */
import { ref, registerOperations, type ApiOperation, type ApiResponse } from '../../http/openapi';
import { mastodonErrors, mastodonOk, registerMastodonEntities } from './entities-openapi';
import './entities-instance';

const OAUTH = ['Mastodon: OAuth'];
const form = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
const body = (properties: Record<string, unknown>, required: string[] = []) => ({
  schema: { type: 'object', properties, required },
  contentTypes: form,
});
const s = (description: string, extra: Record<string, unknown> = {}) => ({ type: 'string', description, ...extra });
const oauthError: ApiResponse = { description: 'RFC 6749 error', schema: ref('OAuthError') };

const oauthOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/apps',
    tags: OAUTH,
    summary: 'Register an OAuth application',
    body: body(
      {
        client_name: s('Application name (≤ 100 characters)'),
        redirect_uris: {
          description:
            'One URI, several separated by spaces or newlines, or an array; urn:ietf:wg:oauth:2.0:oob for out-of-band',
          anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        },
        scopes: s('Space-separated scopes (read write follow push, or sub-scopes); default read'),
        website: s('Application website (http or https)'),
      },
      ['client_name', 'redirect_uris'],
    ),
    responses: {
      ...mastodonOk('CredentialApplication', 'The application with its client_id and client_secret'),
      ...mastodonErrors(422),
    },
  },
  {
    method: 'get',
    path: '/api/v1/apps/verify_credentials',
    tags: OAUTH,
    summary: 'The application a token belongs to',
    auth: 'app',
    responses: { ...mastodonOk('Application'), ...mastodonErrors(401) },
  },
  {
    method: 'get',
    path: '/oauth/authorize',
    tags: OAUTH,
    summary: 'Page asking the signed-in person to authorize an app (redirects to /login first)',
    parameters: [
      { name: 'response_type', in: 'query', required: true, description: 'code' },
      { name: 'client_id', in: 'query', required: true },
      { name: 'redirect_uri', in: 'query', required: true, description: 'One of the app’s redirect URIs' },
      { name: 'scope', in: 'query', description: 'Space-separated, within the app’s scopes; default read' },
      { name: 'state', in: 'query', description: 'Returned untouched with the code' },
      { name: 'code_challenge', in: 'query', description: 'PKCE: base64url(SHA-256(code_verifier))' },
      { name: 'code_challenge_method', in: 'query', description: 'S256 (plain is refused)' },
    ],
    responses: {
      200: { description: 'HTML page', contentType: 'text/html' },
      302: { description: 'To /login?next=… when not signed in' },
      400: { description: 'HTML page naming the problem', contentType: 'text/html' },
    },
  },
  {
    method: 'post',
    path: '/oauth/authorize',
    tags: OAUTH,
    summary: 'The authorize page’s form: approve or deny',
    auth: 'user',
    body: {
      schema: { type: 'object', properties: { _csrf: s('CSRF token'), decision: s('approve or deny') } },
      contentTypes: ['application/x-www-form-urlencoded'],
    },
    responses: {
      302: { description: 'To redirect_uri with code and state (or error=access_denied)' },
      200: { description: 'Out-of-band: a page showing the code', contentType: 'text/html' },
      403: { description: 'CSRF check failed' },
    },
  },
  {
    method: 'post',
    path: '/oauth/token',
    tags: OAUTH,
    summary: 'Get an access token',
    description:
      'grant_type=client_credentials gives an app token (may sign people up); authorization_code exchanges a ' +
      'code once (with code_verifier when PKCE was used); password takes username (e-mail or handle) and ' +
      'password, throttled like the login form; refresh_token exchanges a refresh token for a new pair (the old ' +
      'pair stops working; a reused refresh token revokes its family). Client credentials in the body or HTTP Basic.',
    body: body(
      {
        grant_type: s('client_credentials, authorization_code, password or refresh_token'),
        client_id: s('The app’s client_id'),
        client_secret: s('The app’s client_secret'),
        code: s('authorization_code: the code'),
        redirect_uri: s('authorization_code: the same redirect_uri as on /oauth/authorize'),
        code_verifier: s('authorization_code with PKCE'),
        username: s('password: e-mail address or username'),
        password: s('password: the password'),
        refresh_token: s('refresh_token: the refresh token'),
        scope: s('Space-separated scopes within the app’s; default read (refresh_token: the same scopes, or fewer)'),
      },
      ['grant_type'],
    ),
    responses: { ...mastodonOk('Token'), 400: oauthError, 401: oauthError, 429: oauthError },
  },
  {
    method: 'post',
    path: '/oauth/revoke',
    tags: OAUTH,
    summary: 'Revoke a token',
    body: body({ client_id: s('client_id'), client_secret: s('client_secret'), token: s('The token to revoke') }, [
      'client_id',
      'client_secret',
      'token',
    ]),
    responses: { ...mastodonOk('EmptyObject'), 400: oauthError, 401: oauthError },
  },
];

registerMastodonEntities();
registerOperations(oauthOperations);
