/**
 * The Account entity as our API answers it (presentAccount in present.ts), in zod: the response
 * schema of the routes that answer accounts, and their description in the OpenAPI document.
 */
import { z } from 'zod';

const count = z.number().int();
const Field = z.object({
  name: z.string(),
  value: z.string().meta({ description: 'HTML' }),
  verified_at: z.string().nullable(),
});
export const AccountEntity = z
  .object({
    id: z.string().meta({ format: 'uuid' }),
    username: z.string(),
    acct: z.string(),
    url: z.string().meta({ format: 'uri' }),
    uri: z.string().meta({ format: 'uri' }),
    display_name: z.string(),
    note: z.string().meta({ description: 'HTML' }),
    avatar: z.string().meta({ format: 'uri' }),
    avatar_static: z.string().meta({ format: 'uri' }),
    header: z.string().meta({ format: 'uri' }),
    header_static: z.string().meta({ format: 'uri' }),
    locked: z.boolean(),
    bot: z.boolean(),
    group: z.boolean(),
    discoverable: z.boolean().nullable(),
    indexable: z.boolean(),
    created_at: z.string().meta({ format: 'date-time' }),
    last_status_at: z.string().nullable().meta({ description: 'A date (YYYY-MM-DD)' }),
    statuses_count: count,
    followers_count: count,
    following_count: count,
    fields: z.array(Field),
    emojis: z.array(
      z.object({ shortcode: z.string(), url: z.string(), static_url: z.string(), visible_in_picker: z.boolean() }),
    ),
    roles: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })),
    suspended: z.boolean().optional(),
    kind: z.enum(['person', 'brand']),
    location: z.string(),
    website: z.string(),
    brand: z.object({ primary_color: z.string().nullable(), accent_color: z.string().nullable() }).nullable(),
  })
  .meta({
    id: 'Account',
    description:
      'A Mastodon Account entity (docs.joinmastodon.org/entities/Account) with our extras: kind, location, ' +
      'website, brand colours.',
  });
