/**
 * The Mastodon routes of the accounts side in the OpenAPI document: OAuth, accounts, and the
 * instance description (served by src/http/instance.ts), each with its real response entity.
 * Imported for its effect by routes.ts (never by index.ts: http/openapi reaches the index).
 */
import { ref, registerOperations, type ApiOperation, type ApiResponse } from '../../http/openapi';
import { entityArray, mastodonErrors, mastodonOk, registerMastodonEntities } from './entities-openapi';
import './entities-instance';

const OAUTH = ['Mastodon: OAuth'];
const ACCOUNTS = ['Mastodon: accounts'];
const INSTANCE = ['Mastodon: instance'];
const form = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
const body = (properties: Record<string, unknown>, required: string[] = []) => ({
  schema: { type: 'object', properties, required },
  contentTypes: form,
});
const integer = { type: 'integer' };
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

const accountOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/v1/accounts',
    tags: ACCOUNTS,
    summary: 'Sign up (with an app token) and get a user token',
    auth: 'app',
    scopes: ['write:accounts'],
    body: body(
      {
        username: s('1 to 30 letters, digits or underscores'),
        email: s('E-mail address'),
        password: s('At least 8 characters'),
        agreement: { type: 'boolean', description: 'Must be true: the person accepts the rules' },
        locale: s('fr or en'),
        display_name: s('Optional display name (ours)'),
      },
      ['username', 'email', 'password', 'agreement'],
    ),
    responses: {
      ...mastodonOk('Token', 'Token for the new account'),
      ...mastodonErrors(401, 403, 429),
      422: {
        description: 'Validation failed: `details` names each field with an ERR_* code',
        schema: ref('MastodonError'),
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/accounts/verify_credentials',
    tags: ACCOUNTS,
    summary: 'The signed-in account, with its source fields',
    auth: 'user',
    scopes: ['read'],
    responses: { ...mastodonOk('CredentialAccount'), ...mastodonErrors(401, 403) },
  },
  {
    method: 'patch',
    path: '/api/v1/accounts/update_credentials',
    tags: ACCOUNTS,
    summary: 'Edit the signed-in profile',
    description:
      'All fields are checked and images stored before anything is saved: a bad image (422) changes nothing.',
    auth: 'user',
    scopes: ['write'],
    body: body({
      display_name: s('≤ 60 characters'),
      note: s('Bio, ≤ 500 characters'),
      locked: { type: 'boolean' },
      avatar: s('Image file (multipart)', { format: 'binary' }),
      header: s('Image file (multipart)', { format: 'binary' }),
      location: s('Ours: ≤ 100 characters'),
      website: s('Ours: http(s) address'),
      primary_color: s('Ours: #rrggbb'),
      accent_color: s('Ours: #rrggbb'),
      locale: s('Ours: fr or en'),
      fields_attributes: {
        description:
          'Up to 4 profile fields: an array, or an object indexed "0"…"3" (forms: fields_attributes[0][name])',
        anyOf: [
          {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } },
          },
          { type: 'object', additionalProperties: { type: 'object' } },
        ],
      },
      bot: { type: 'boolean' },
      discoverable: { type: 'boolean' },
      indexable: { type: 'boolean' },
    }),
    responses: { ...mastodonOk('CredentialAccount'), ...mastodonErrors(400, 401, 403, 413, 422) },
  },
  {
    method: 'get',
    path: '/api/v1/accounts',
    tags: ACCOUNTS,
    summary: 'Several accounts by id (id[]=…, at most 40; unknown ids skipped)',
    parameters: [{ name: 'id[]', in: 'query', required: true, description: 'Account ids' }],
    responses: {
      200: { description: 'Accounts, in the order asked', schema: entityArray('Account') },
      ...mastodonErrors(422),
    },
  },
  {
    method: 'get',
    path: '/api/v1/accounts/lookup',
    tags: ACCOUNTS,
    summary: 'Find an account by its handle',
    parameters: [{ name: 'acct', in: 'query', required: true, description: 'username or username@this-domain' }],
    responses: { ...mastodonOk('Account'), ...mastodonErrors(404) },
  },
  {
    method: 'get',
    path: '/api/v1/accounts/search',
    tags: ACCOUNTS,
    summary: 'Search accounts by username or display name',
    parameters: [
      { name: 'q', in: 'query', required: true },
      { name: 'limit', in: 'query', description: '1 to 80, default 40 (at most 40 returned)', schema: integer },
      { name: 'offset', in: 'query', description: 'One page only: any offset answers []', schema: { type: 'integer' } },
    ],
    responses: { ...mastodonOk(['Account']), ...mastodonErrors(400) },
  },
  {
    method: 'get',
    path: '/api/v1/accounts/{id}',
    tags: ACCOUNTS,
    summary: 'One account',
    parameters: [{ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } }],
    responses: { ...mastodonOk('Account'), ...mastodonErrors(404) },
  },
];

const instanceOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/instance',
    tags: INSTANCE,
    summary: 'Server description, Mastodon v1 shape (limits, stats, languages)',
    responses: mastodonOk('InstanceV1'),
  },
  {
    method: 'get',
    path: '/api/v2/instance',
    tags: INSTANCE,
    summary: 'Server description, Mastodon v2 shape',
    responses: mastodonOk('Instance'),
  },
  {
    method: 'get',
    path: '/api/v1/instance/peers',
    tags: INSTANCE,
    summary: 'Domains this server knows (none yet)',
    responses: { 200: { description: 'Domain names', schema: { type: 'array', items: { type: 'string' } } } },
  },
  {
    method: 'get',
    path: '/api/v1/instance/rules',
    tags: INSTANCE,
    summary: 'Server rules',
    responses: mastodonOk(['Rule']),
  },
  {
    method: 'get',
    path: '/api/v1/custom_emojis',
    tags: INSTANCE,
    summary: 'Custom emojis (none on Comptoir)',
    responses: mastodonOk(['CustomEmoji']),
  },
  {
    method: 'get',
    path: '/.well-known/nodeinfo',
    tags: INSTANCE,
    summary: 'NodeInfo discovery',
    responses: mastodonOk('NodeInfoLinks'),
  },
  {
    method: 'get',
    path: '/nodeinfo/2.0',
    tags: INSTANCE,
    summary: 'NodeInfo 2.0: software, protocols, usage',
    responses: { 200: { description: 'NodeInfo document', schema: ref('NodeInfo') } },
  },
];

registerMastodonEntities();
registerOperations([...oauthOperations, ...accountOperations, ...instanceOperations]);
