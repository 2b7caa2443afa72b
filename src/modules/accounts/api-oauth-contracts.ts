/**
 * The contracts of OAuth as Mastodon clients speak it (src/http/contract.ts). Application
 * registration is validated by its contract; the token and revoke endpoints and the authorize page
 * read their own requests (RFC 6749's error codes, an HTML page), so theirs only describe them.
 * Built when the routes are mounted (accounts' index is reached before the contract helpers load).
 */
import { z } from 'zod';
import { json, mastodonFailures, route } from '../../http/contract';
import {
  ApplicationEntity,
  CredentialApplicationEntity,
  EmptyObjectEntity,
  OAuthErrorEntity,
  TokenEntity,
} from './entities';

const tags = ['Mastodon: OAuth'];
const form = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
/** A field the service checks itself (422 with Mastodon's codes), described as a string. */
const text = (description: string) => z.unknown().optional().meta({ type: 'string', description });
const formBody = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: Object.fromEntries(form.map((type) => [type, { schema }])) as Record<'application/json', { schema: S }>,
});
const oauthError = (description: string) => json(OAuthErrorEntity, description);

export const oauthContracts = () => ({
  createApp: route({
    method: 'post',
    path: '/api/v1/apps',
    tags,
    summary: 'Register an OAuth application',
    request: {
      body: formBody(
        z
          .object({
            client_name: text('Application name (≤ 100 characters)'),
            redirect_uris: z
              .unknown()
              .optional()
              .meta({
                description:
                  'One URI, several separated by spaces or newlines, or an array; urn:ietf:wg:oauth:2.0:oob for ' +
                  'out-of-band',
                anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
              }),
            redirect_uri: text('Older name of redirect_uris'),
            scopes: text('Space-separated scopes (read write follow push, or sub-scopes); default read'),
            website: text('Application website (http or https)'),
          })
          .meta({ required: ['client_name', 'redirect_uris'] }),
      ),
    },
    responses: {
      200: json(CredentialApplicationEntity, 'The application with its client_id and client_secret'),
      ...mastodonFailures(400, 422),
    },
  }),
  verifyApp: route({
    method: 'get',
    path: '/api/v1/apps/verify_credentials',
    tags,
    summary: 'The application a token belongs to',
    auth: 'app',
    responses: { 200: json(ApplicationEntity, 'Application'), ...mastodonFailures(401) },
  }),
  token: route({
    method: 'post',
    path: '/oauth/token',
    tags,
    summary: 'Get an access token',
    description:
      'grant_type=client_credentials gives an app token (may sign people up); authorization_code exchanges a ' +
      'code once (with code_verifier when PKCE was used); password takes username (e-mail or handle) and ' +
      'password, throttled like the login form; refresh_token exchanges a refresh token for a new pair (the old ' +
      'pair stops working; a reused refresh token revokes its family). Client credentials in the body or HTTP Basic.',
    request: {
      body: formBody(
        z
          .object({
            grant_type: text('client_credentials, authorization_code, password or refresh_token'),
            client_id: text('The app’s client_id'),
            client_secret: text('The app’s client_secret'),
            code: text('authorization_code: the code'),
            redirect_uri: text('authorization_code: the same redirect_uri as on /oauth/authorize'),
            code_verifier: text('authorization_code with PKCE'),
            username: text('password: e-mail address or username'),
            password: text('password: the password'),
            refresh_token: text('refresh_token: the refresh token'),
            scope: text('Space-separated scopes within the app’s; default read (refresh_token: the same or fewer)'),
          })
          .meta({ required: ['grant_type'] }),
      ),
    },
    responses: {
      200: json(TokenEntity, 'Token'),
      400: oauthError('RFC 6749 error'),
      401: oauthError('RFC 6749 error: the client is unknown or its secret wrong'),
      429: oauthError('Too many attempts (password grant)'),
    },
  }),
  revoke: route({
    method: 'post',
    path: '/oauth/revoke',
    tags,
    summary: 'Revoke a token',
    request: {
      body: formBody(
        z
          .object({
            client_id: text('client_id'),
            client_secret: text('client_secret'),
            token: text('The token to revoke'),
          })
          .meta({ required: ['client_id', 'client_secret', 'token'] }),
      ),
    },
    responses: {
      200: json(EmptyObjectEntity, 'Revoked (also when the token was unknown)'),
      400: oauthError('RFC 6749 error'),
      401: oauthError('RFC 6749 error'),
    },
  }),
  authorizePage: route({
    method: 'get',
    path: '/oauth/authorize',
    tags,
    summary: 'Page asking the signed-in person to authorize an app (redirects to /login first)',
    request: {
      query: z.object({
        response_type: z.string().meta({ description: 'code' }),
        client_id: z.string(),
        redirect_uri: z.string().meta({ description: 'One of the app’s redirect URIs' }),
        scope: z.string().optional().meta({ description: 'Space-separated, within the app’s scopes; default read' }),
        state: z.string().optional().meta({ description: 'Returned untouched with the code' }),
        code_challenge: z.string().optional().meta({ description: 'PKCE: base64url(SHA-256(code_verifier))' }),
        code_challenge_method: z.string().optional().meta({ description: 'S256 (plain is refused)' }),
      }),
    },
    responses: {
      200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } },
      302: { description: 'To /login?next=… when not signed in' },
      400: { description: 'HTML page naming the problem', content: { 'text/html': { schema: z.string() } } },
    },
  }),
  authorizeForm: route({
    method: 'post',
    path: '/oauth/authorize',
    tags,
    summary: 'The authorize page’s form: approve or deny',
    auth: 'user',
    request: {
      body: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: z.object({
              _csrf: z.string().meta({ description: 'CSRF token' }),
              decision: z.string().meta({ description: 'approve or deny' }),
            }),
          },
        },
      },
    },
    responses: {
      302: { description: 'To redirect_uri with code and state (or error=access_denied)' },
      200: { description: 'Out-of-band: a page showing the code', content: { 'text/html': { schema: z.string() } } },
      403: { description: 'CSRF check failed' },
    },
  }),
});
