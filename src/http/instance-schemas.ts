/** Response schemas of the instance routes (instance.ts): Mastodon's Instance entities and NodeInfo 2.0 and 2.1. */
import { z } from 'zod';

const count = z.number().int();
const Statuses = z.object({ max_characters: count, max_media_attachments: count, characters_reserved_per_url: count });
const Media = z.object({
  supported_mime_types: z.array(z.string()),
  description_limit: count,
  image_size_limit: count,
  image_matrix_limit: count,
  video_size_limit: count,
  video_frame_rate_limit: count,
  video_matrix_limit: count,
});
const Polls = z.object({
  max_options: count,
  max_characters_per_option: count,
  min_expiration: count,
  max_expiration: count,
});
const Rule = z.object({ id: z.string(), text: z.string(), hint: z.string() });

export const InstanceV1 = z
  .object({
    uri: z.string(),
    title: z.string(),
    short_description: z.string(),
    description: z.string(),
    email: z.string(),
    version: z.string(),
    urls: z.object({ streaming_api: z.string() }),
    stats: z.object({ user_count: count, status_count: count, domain_count: count }),
    thumbnail: z.string(),
    languages: z.array(z.string()),
    registrations: z.boolean(),
    approval_required: z.boolean(),
    invites_enabled: z.boolean(),
    configuration: z.object({
      accounts: z.object({ max_featured_tags: count }),
      statuses: Statuses,
      media_attachments: Media,
      polls: Polls,
    }),
    contact_account: z.null().meta({ description: 'No contact account yet' }),
    rules: z.array(Rule),
    brands_count: count.meta({ description: 'Comptoir: number of brand accounts' }),
  })
  .meta({ id: 'InstanceV1', description: 'Mastodon V1::Instance entity' });

export const InstanceV2 = z
  .object({
    domain: z.string(),
    title: z.string(),
    version: z.string(),
    source_url: z.string(),
    description: z.string(),
    usage: z.object({ users: z.object({ active_month: count }) }),
    thumbnail: z.object({
      url: z.string(),
      blurhash: z.string().nullable(),
      versions: z.record(z.string(), z.string()),
    }),
    icon: z.array(z.object({ src: z.string(), size: z.string() })),
    languages: z.array(z.string()),
    configuration: z.object({
      urls: z.object({
        streaming: z.string(),
        status: z.string().nullable(),
        about: z.string(),
        privacy_policy: z.string().nullable(),
        terms_of_service: z.string().nullable(),
      }),
      vapid: z.object({ public_key: z.string() }),
      accounts: z.object({ max_featured_tags: count, max_pinned_statuses: count }),
      statuses: Statuses,
      media_attachments: Media,
      polls: Polls,
      translation: z.object({ enabled: z.boolean() }),
    }),
    registrations: z.object({
      enabled: z.boolean(),
      approval_required: z.boolean(),
      message: z.string().nullable(),
      url: z.string().nullable(),
    }),
    api_versions: z.object({ mastodon: count }),
    contact: z.object({ email: z.string(), account: z.null() }),
    rules: z.array(Rule),
  })
  .meta({ id: 'Instance', description: 'Mastodon Instance entity (v2)' });

export const NodeInfoLinks = z.object({ links: z.array(z.object({ rel: z.string(), href: z.string() })) });

const nodeInfoShape = {
  protocols: z.array(z.string()),
  services: z.object({ inbound: z.array(z.string()), outbound: z.array(z.string()) }),
  openRegistrations: z.boolean(),
  usage: z.object({
    users: z.object({ total: count, activeMonth: count, activeHalfyear: count }),
    localPosts: count,
  }),
  metadata: z.object({ nodeName: z.string(), nodeDescription: z.string() }),
};

export const NodeInfo = z
  .object({
    version: z.literal('2.0'),
    software: z.object({ name: z.string(), version: z.string() }),
    ...nodeInfoShape,
  })
  .meta({ id: 'NodeInfo', description: 'NodeInfo 2.0 document' });

export const NodeInfo21 = z
  .object({
    version: z.literal('2.1'),
    software: z.object({
      name: z.string(),
      version: z.string(),
      repository: z.string().optional(),
      homepage: z.string().optional(),
    }),
    ...nodeInfoShape,
  })
  .meta({ id: 'NodeInfo21', description: 'NodeInfo 2.1 document' });
