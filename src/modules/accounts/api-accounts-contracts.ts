/**
 * The contracts of Mastodon's account routes served by this module (src/http/contract.ts), from
 * which api-accounts.ts's handlers are typed and the OpenAPI document is written.
 */
import { z } from 'zod';
import { body, id, int, json, mastodonFailures, route } from '../../http/contract';
import { AccountEntity, CredentialAccountEntity, MastodonErrorEntity, TokenEntity } from './entities';

const tags = ['Mastodon: accounts'];

/** A boolean from JSON or a form ('true', '1', 'on'…); another word is a wrong type: 400 naming the field. */
const boolean = (description?: string) => {
  const words: Record<string, boolean> = { true: true, 1: true, on: true, false: false, 0: false, off: false };
  const read = (v: unknown) =>
    v === '' || v === null ? undefined : typeof v === 'string' && v in words ? words[v] : v;
  return z.preprocess(read, z.boolean().optional()).meta(description ? { description } : {});
};
/** Text that JSON may send as null, meaning absent (as Mastodon's Rails params read it). */
const text = (description: string) =>
  z
    .string()
    .nullish()
    .transform((v) => v ?? undefined)
    .meta({ description });

const SignUpBody = z.object({
  username: text('1 to 30 letters, digits or underscores'),
  email: text('E-mail address'),
  password: text('At least 8 characters'),
  agreement: boolean('Must be true: the person accepts the rules'),
  locale: text('fr or en'),
  display_name: text('Comptoir: an optional display name'),
});

const image = (what: string) =>
  z
    .unknown()
    .optional()
    .meta({ description: `${what}: an image file (multipart/form-data)`, format: 'binary' });

const ProfileBody = z.object({
  display_name: text('At most 60 characters'),
  note: text('Bio, at most 500 characters'),
  locked: boolean('Approve followers by hand (stored; every follow is accepted today)'),
  avatar: image('Avatar'),
  header: image('Header'),
  location: text('Comptoir: at most 100 characters'),
  website: text('Comptoir: an http(s) address'),
  primary_color: text('Comptoir: #rrggbb, or empty'),
  accent_color: text('Comptoir: #rrggbb, or empty'),
  locale: text('Comptoir: fr or en, or empty'),
  fields_attributes: z
    .unknown()
    .optional()
    .meta({
      description:
        'Up to 4 profile fields {name, value}: an array, or an object indexed "0"…"3" (forms: ' +
        'fields_attributes[0][name]); a pair with neither name nor value removes it',
    }),
  bot: boolean('The account is automated'),
  discoverable: boolean('Suggested to others'),
  indexable: boolean('Public posts may be found by search'),
});

export const contracts = {
  signUp: route({
    method: 'post',
    path: '/api/v1/accounts',
    tags,
    summary: 'Sign up (with an app token) and get a user token',
    auth: 'app',
    request: { body: body(SignUpBody) },
    responses: {
      200: json(TokenEntity, 'Token for the new account'),
      ...mastodonFailures(400, 401, 403, 429),
      422: json(MastodonErrorEntity, 'Validation failed: `details` names each field with an ERR_* code'),
    },
  }),
  verifyCredentials: route({
    method: 'get',
    path: '/api/v1/accounts/verify_credentials',
    tags,
    summary: 'The signed-in account, with its source fields and role',
    auth: 'user',
    scope: 'read',
    responses: { 200: json(CredentialAccountEntity, 'The signed-in account'), ...mastodonFailures(401, 403) },
  }),
  updateCredentials: route({
    method: 'patch',
    path: '/api/v1/accounts/update_credentials',
    tags,
    summary: 'Edit the signed-in profile',
    description:
      'All fields are checked and images stored before anything is saved: a bad image (422) changes nothing.',
    auth: 'user',
    scope: 'write',
    request: { body: body(ProfileBody) },
    responses: {
      200: json(CredentialAccountEntity, 'The profile now'),
      ...mastodonFailures(400, 401, 403, 413, 415, 422),
    },
  }),
  many: route({
    method: 'get',
    path: '/api/v1/accounts',
    tags,
    summary: 'Several accounts by id (id[]=…, at most 40; unknown ids skipped)',
    request: {
      query: z.object({
        id: z
          .union([z.array(z.string()), z.string()])
          .optional()
          .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
          .meta({ description: 'Account ids: `id[]=…&id[]=…`' }),
      }),
    },
    responses: { 200: json(z.array(AccountEntity), 'Accounts, in the order asked'), ...mastodonFailures(400) },
  }),
  lookup: route({
    method: 'get',
    path: '/api/v1/accounts/lookup',
    tags,
    summary: 'Find an account by its handle',
    request: {
      query: z.object({
        acct: z.string().optional().meta({
          description: 'name, @name, name@this-domain, or name@other.host (a remote account known here)',
        }),
      }),
    },
    responses: { 200: json(AccountEntity, 'The account'), ...mastodonFailures(400, 404) },
  }),
  search: route({
    method: 'get',
    path: '/api/v1/accounts/search',
    tags,
    summary: 'Search accounts by username or display name',
    auth: 'optional',
    request: {
      query: z.object({
        q: z.string().optional().meta({ description: 'Words of a username or display name (empty: none)' }),
        limit: int(1, 80, '1 to 80, default 40 (at most 40 answered)'),
        offset: int(0, Number.MAX_SAFE_INTEGER, 'One page only: any offset answers []'),
      }),
    },
    responses: { 200: json(z.array(AccountEntity), 'Accounts'), ...mastodonFailures(400) },
  }),
  get: route({
    method: 'get',
    path: '/api/v1/accounts/{id}',
    tags,
    summary: 'One account',
    // Only a UUID-shaped segment: /accounts/relationships and the like stay the social module's.
    match: { id: '[0-9a-fA-F-]{36}' },
    request: { params: z.object({ id: id('The account') }) },
    responses: { 200: json(AccountEntity, 'The account'), ...mastodonFailures(404) },
  }),
};
