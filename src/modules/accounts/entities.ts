/**
 * The Mastodon 4.3 entities the accounts side answers (docs.joinmastodon.org/entities/), as zod
 * schemas: accounts and their profile fields, OAuth applications and tokens, the instance
 * description, and Mastodon's error. Comptoir's extras are declared beside Mastodon's fields.
 *
 * Every named entity is added to `mastodonEntities`, from which the OpenAPI document's
 * `components.schemas` are made (one `$ref` per entity, so a Status refers to its Account).
 */
import { z } from 'zod';

/** The named Mastodon entities (and our few named response shapes), by OpenAPI component name. */
export const mastodonEntities = z.registry<{ id: string }>();
const byName = new Map<string, z.ZodType>();

/**
 * Names an entity: it becomes `#/components/schemas/<name>` and is found by `mastodonEntity(name)`.
 * A recursive entity passes its description here, as `.meta()` would make a copy its getters miss.
 * The name goes to zod's global registry too, so a route contract answering an entity (or an
 * object holding one) refers to it by `$ref` instead of copying it: a Status, which holds Statuses,
 * could not be copied into a route's schema without inventing names for its recursion.
 */
export function entity<S extends z.ZodType>(name: string, schema: S, description?: string): S {
  mastodonEntities.add(schema, { id: name });
  const meta = z.globalRegistry.get(schema);
  z.globalRegistry.add(schema, { ...meta, ...(description ? { description } : {}), id: name });
  byName.set(name, schema);
  return schema;
}

/** The zod schema of a named entity (for tests that check real responses against the document). */
export const mastodonEntity = (name: string): z.ZodType | undefined => byName.get(name);

// Scalars as Mastodon writes them ---------------------------------------------------------------

/** Ids are opaque strings for Mastodon clients (ours are UUIDv7). */
export const entityId = () => z.string().meta({ description: 'Opaque id (a UUID on Comptoir)' });
export const entityDatetime = () => z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 date and time' });
export const entityUrl = () => z.url();
export const entityHtml = () => z.string().meta({ description: 'HTML' });

// Errors -----------------------------------------------------------------------------------------

export const MastodonErrorEntity = entity(
  'MastodonError',
  z
    .object({
      error: z.string().meta({ description: 'What went wrong, in words (RFC 6749 code on /oauth/ routes)' }),
      error_description: z.string().optional().meta({ description: 'OAuth routes: the explanation' }),
      error_code: z.string().optional().meta({ description: 'Comptoir: a stable machine-readable code' }),
      details: z.record(z.string(), z.unknown()).optional().meta({ description: 'Comptoir: per-field details' }),
    })
    .meta({ description: 'Mastodon Error entity: `{"error": "..."}`, with Comptoir’s `error_code` beside it' }),
);

// Accounts ---------------------------------------------------------------------------------------

export const CustomEmojiEntity = entity(
  'CustomEmoji',
  z.object({
    shortcode: z.string(),
    url: entityUrl(),
    static_url: entityUrl(),
    visible_in_picker: z.boolean(),
    category: z.string().nullable(),
  }),
);

export const FieldEntity = entity(
  'Field',
  z
    .object({
      name: z.string(),
      value: entityHtml(),
      verified_at: entityDatetime().nullable().meta({ description: 'When the link in value was verified, else null' }),
    })
    .meta({ description: 'A profile field (Mastodon Account::Field)' }),
);

export const AccountRoleEntity = entity(
  'AccountRole',
  z.object({ id: z.string(), name: z.string(), color: z.string() }).meta({ description: 'A role shown on a profile' }),
);

export const RoleEntity = entity(
  'Role',
  z
    .object({
      id: z.string(),
      name: z.string(),
      color: z.string().meta({ description: 'Hex colour, or empty' }),
      permissions: z.string().meta({ description: 'Bit mask of permissions, as a decimal string' }),
      highlighted: z.boolean(),
    })
    .meta({ description: 'The signed-in account’s role (Mastodon Role)' }),
);

const accountShape = {
  id: entityId(),
  username: z.string(),
  acct: z.string().meta({ description: 'username (local accounts) or username@domain' }),
  url: entityUrl().nullable(),
  uri: entityUrl(),
  display_name: z.string(),
  note: entityHtml(),
  avatar: entityUrl(),
  avatar_static: entityUrl(),
  header: entityUrl(),
  header_static: entityUrl(),
  locked: z.boolean(),
  fields: z.array(FieldEntity),
  emojis: z.array(CustomEmojiEntity),
  bot: z.boolean(),
  group: z.boolean(),
  discoverable: z.boolean().nullable(),
  indexable: z.boolean(),
  noindex: z.boolean().nullable().optional(),
  memorial: z.boolean().optional(),
  suspended: z.boolean().optional().meta({ description: 'Present (true) when the account is suspended' }),
  limited: z.boolean().optional(),
  created_at: entityDatetime(),
  last_status_at: z.iso.date().nullable(),
  statuses_count: z.number().int(),
  followers_count: z.number().int(),
  following_count: z.number().int(),
  hide_collections: z.boolean().nullable(),
  roles: z.array(AccountRoleEntity).nullable(),
  // Comptoir's extras
  kind: z.enum(['person', 'brand']).meta({ description: 'Comptoir: a person or a brand page' }),
  location: z.string().meta({ description: 'Comptoir: free text, may be empty' }),
  website: z.string().meta({ description: 'Comptoir: http(s) address, may be empty' }),
  brand: z
    .object({ primary_color: z.string().nullable(), accent_color: z.string().nullable() })
    .nullable()
    .meta({ description: 'Comptoir: a brand’s charter colours (#rrggbb); null for a person' }),
};

export const AccountEntity = entity(
  'Account',
  z
    .object(accountShape)
    .meta({ description: 'Mastodon Account entity, with Comptoir’s extras (kind, location, website, brand)' }),
);

export const MutedAccountEntity = entity(
  'MutedAccount',
  z
    .object({ ...accountShape, mute_expires_at: entityDatetime().nullable() })
    .meta({ description: 'An Account in GET /api/v1/mutes, with when the mute ends (null: never)' }),
);

export const AccountSourceEntity = entity(
  'AccountSource',
  z
    .object({
      note: z.string().meta({ description: 'The bio as typed (plain text)' }),
      fields: z.array(FieldEntity),
      privacy: z.enum(['public', 'unlisted', 'private', 'direct']),
      sensitive: z.boolean(),
      language: z.string().meta({ description: 'ISO 639-1 code, or empty' }),
      follow_requests_count: z.number().int(),
      hide_collections: z.boolean().nullable(),
      discoverable: z.boolean().nullable(),
      indexable: z.boolean(),
    })
    .meta({ description: 'The editable source of the signed-in profile (CredentialAccount `source`)' }),
);

export const CredentialAccountEntity = entity(
  'CredentialAccount',
  z
    .object({
      ...accountShape,
      source: AccountSourceEntity,
      role: RoleEntity,
      locale: z.string().nullable().meta({ description: 'Comptoir: the interface language (fr or en), or null' }),
    })
    .meta({ description: 'The signed-in account (verify_credentials, update_credentials)' }),
);

// OAuth ------------------------------------------------------------------------------------------

const applicationShape = {
  id: z.string(),
  name: z.string(),
  website: z.string().nullable().optional(),
  scopes: z.array(z.string()),
  redirect_uris: z.array(z.string()),
  redirect_uri: z.string().meta({ description: 'Deprecated: the redirect URIs joined by newlines' }),
  vapid_key: z.string().nullable().meta({ description: 'Deprecated; null (no web push on Comptoir)' }),
};

export const ApplicationEntity = entity(
  'Application',
  z.object(applicationShape).meta({ description: 'Mastodon Application entity (no secret)' }),
);

export const CredentialApplicationEntity = entity(
  'CredentialApplication',
  z
    .object({
      ...applicationShape,
      client_id: z.string(),
      client_secret: z.string(),
      client_secret_expires_at: z.number().int().meta({ description: '0: the secret does not expire' }),
    })
    .meta({ description: 'The application just registered, with its client credentials' }),
);

export const TokenEntity = entity(
  'Token',
  z
    .object({
      access_token: z.string(),
      token_type: z.literal('Bearer'),
      scope: z.string().meta({ description: 'Space-separated scopes' }),
      created_at: z.number().int().meta({ description: 'UNIX time, seconds' }),
      refresh_token: z
        .string()
        .optional()
        .meta({ description: 'Tokens issued for a person: exchange it (grant_type=refresh_token) for a new pair' }),
    })
    .meta({ description: 'Mastodon Token entity' }),
);

export const OAuthErrorEntity = entity(
  'OAuthError',
  z
    .object({
      error: z.string().meta({ description: 'RFC 6749 code: invalid_grant, …' }),
      error_description: z.string(),
    })
    .meta({ description: 'RFC 6749 error of /oauth/token and /oauth/revoke' }),
);

/** Mastodon's answer to writes that return nothing: `{}`. */
export const EmptyObjectEntity = entity('EmptyObject', z.object({}).meta({ description: 'An empty object' }));
