/**
 * What Mastodon clients read about the server (docs.joinmastodon.org/entities/Instance/ and
 * V1_Instance/, Rule), and NodeInfo 2.0, as zod schemas. Served by src/http/instance.ts.
 */
import { z } from 'zod';
import { AccountEntity, entity, entityUrl } from './entities';

export const RuleEntity = entity(
  'Rule',
  z.object({ id: z.string(), text: z.string(), hint: z.string() }).meta({ description: 'A server rule' }),
);

const statuses = z.object({
  max_characters: z.number().int(),
  max_media_attachments: z.number().int(),
  characters_reserved_per_url: z.number().int(),
});
const mediaAttachments = z.object({
  supported_mime_types: z.array(z.string()),
  description_limit: z.number().int().optional().meta({ description: 'Mastodon 4.4; answered already' }),
  image_size_limit: z.number().int(),
  image_matrix_limit: z.number().int(),
  video_size_limit: z.number().int(),
  video_frame_rate_limit: z.number().int(),
  video_matrix_limit: z.number().int(),
});
const polls = z.object({
  max_options: z.number().int(),
  max_characters_per_option: z.number().int(),
  min_expiration: z.number().int(),
  max_expiration: z.number().int(),
});

export const InstanceV1Entity = entity(
  'InstanceV1',
  z
    .object({
      uri: z.string().meta({ description: 'The domain name' }),
      title: z.string(),
      short_description: z.string(),
      description: z.string(),
      email: z.string(),
      version: z.string(),
      urls: z.object({ streaming_api: entityUrl() }),
      stats: z.object({ user_count: z.number().int(), status_count: z.number().int(), domain_count: z.number().int() }),
      thumbnail: entityUrl().nullable(),
      languages: z.array(z.string()),
      registrations: z.boolean(),
      approval_required: z.boolean(),
      invites_enabled: z.boolean(),
      configuration: z.object({
        accounts: z.object({ max_featured_tags: z.number().int() }),
        statuses,
        media_attachments: mediaAttachments,
        polls,
      }),
      contact_account: AccountEntity.nullable(),
      rules: z.array(RuleEntity),
      brands_count: z.number().int().meta({ description: 'Comptoir: brand pages on this server' }),
    })
    .meta({ description: 'Mastodon V1::Instance entity (GET /api/v1/instance), with Comptoir’s brands_count' }),
);

export const InstanceEntity = entity(
  'Instance',
  z
    .object({
      domain: z.string(),
      title: z.string(),
      version: z.string(),
      source_url: z
        .union([entityUrl(), z.literal('')])
        .meta({ description: 'Empty when COMPTOIR_SOURCE_URL is unset' }),
      description: z.string(),
      usage: z.object({ users: z.object({ active_month: z.number().int() }) }),
      thumbnail: z.object({
        url: entityUrl(),
        blurhash: z.string().nullable().optional(),
        versions: z.record(z.string(), entityUrl()).optional().meta({ description: '@1x and @2x' }),
      }),
      icon: z.array(z.object({ src: entityUrl(), size: z.string().meta({ description: 'WIDTHxHEIGHT' }) })),
      languages: z.array(z.string()),
      configuration: z.object({
        urls: z.object({
          streaming: entityUrl(),
          status: entityUrl().nullable(),
          about: entityUrl().optional(),
          privacy_policy: entityUrl().nullable().optional(),
          terms_of_service: entityUrl().nullable().optional(),
        }),
        vapid: z.object({ public_key: z.string() }),
        accounts: z.object({ max_featured_tags: z.number().int(), max_pinned_statuses: z.number().int() }),
        statuses,
        media_attachments: mediaAttachments,
        polls,
        translation: z.object({ enabled: z.boolean() }),
      }),
      registrations: z.object({
        enabled: z.boolean(),
        approval_required: z.boolean(),
        message: z.string().nullable(),
        url: entityUrl().nullable(),
      }),
      api_versions: z.object({ mastodon: z.number().int() }),
      contact: z.object({ email: z.string(), account: AccountEntity.nullable() }),
      rules: z.array(RuleEntity),
    })
    .meta({ description: 'Mastodon Instance entity (GET /api/v2/instance)' }),
);

export const NodeInfoLinksEntity = entity(
  'NodeInfoLinks',
  z
    .object({ links: z.array(z.object({ rel: z.string(), href: entityUrl() })) })
    .meta({ description: 'NodeInfo discovery' }),
);

export const NodeInfoEntity = entity(
  'NodeInfo',
  z
    .object({
      version: z.literal('2.0'),
      software: z.object({ name: z.string(), version: z.string() }),
      protocols: z.array(z.string()),
      services: z.object({ inbound: z.array(z.string()), outbound: z.array(z.string()) }),
      openRegistrations: z.boolean(),
      usage: z.object({
        users: z.object({ total: z.number().int(), activeMonth: z.number().int(), activeHalfyear: z.number().int() }),
        localPosts: z.number().int(),
      }),
      metadata: z.record(z.string(), z.unknown()),
    })
    .meta({ description: 'NodeInfo 2.0 document' }),
);
