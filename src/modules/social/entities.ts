/**
 * The Mastodon 4.3 entities of the social graph and around posts (docs.joinmastodon.org/entities/):
 * relationships, notifications, lists, markers, hashtags, search results, reports, preferences.
 * The Status and what it carries are in entities-status.ts.
 */
import { z } from 'zod';
import { AccountEntity, entity, entityDatetime, entityId, entityUrl } from '../accounts';
import { StatusEntity } from './entities-status';

export const RelationshipEntity = entity(
  'Relationship',
  z
    .object({
      id: entityId(),
      following: z.boolean(),
      showing_reblogs: z.boolean().meta({ description: 'Whether the followed account’s reposts reach home' }),
      notifying: z.boolean().meta({ description: 'Whether each new post of theirs notifies' }),
      languages: z.array(z.string()).nullable().meta({ description: 'Languages followed; null: all' }),
      followed_by: z.boolean(),
      blocking: z.boolean(),
      blocked_by: z.boolean(),
      muting: z.boolean(),
      muting_notifications: z.boolean(),
      requested: z.boolean(),
      requested_by: z.boolean(),
      domain_blocking: z.boolean(),
      endorsed: z.boolean(),
      note: z.string(),
    })
    .meta({ description: 'Mastodon Relationship entity: the signed-in account and another' }),
);

/** Mastodon 4.3's notification types: the only ones a Mastodon client may be answered. */
export const MASTODON_NOTIFICATION_TYPES = [
  'mention',
  'status',
  'reblog',
  'follow',
  'follow_request',
  'favourite',
  'poll',
  'update',
  'admin.sign_up',
  'admin.report',
  'severed_relationships',
  'moderation_warning',
] as const;

export const NotificationEntity = entity(
  'Notification',
  z
    .object({
      id: entityId(),
      type: z.enum(MASTODON_NOTIFICATION_TYPES),
      group_key: z.string(),
      created_at: entityDatetime(),
      account: AccountEntity,
      status: StatusEntity.nullable()
        .optional()
        .meta({ description: 'The post it is about (null or absent otherwise)' }),
      comptoir_type: z
        .string()
        .optional()
        .meta({ description: 'Comptoir: our own kind of notification (reply, order, review, …)' }),
    })
    .meta({ description: 'Mastodon Notification entity (Mastodon 4.3 types only)' }),
);

export const UnreadCountEntity = entity(
  'UnreadCount',
  z.object({ count: z.number().int() }).meta({ description: 'Unread notifications (since the notifications marker)' }),
);

export const ListEntity = entity(
  'List',
  z
    .object({
      id: entityId(),
      title: z.string(),
      replies_policy: z.enum(['followed', 'list', 'none']),
      exclusive: z.boolean().meta({ description: 'Members’ posts are left out of home' }),
    })
    .meta({ description: 'Mastodon List entity' }),
);

export const MarkerEntity = entity(
  'Marker',
  z.object({ last_read_id: z.string(), version: z.number().int(), updated_at: entityDatetime() }),
);

export const MarkersEntity = entity(
  'Markers',
  z
    .object({ home: MarkerEntity.optional(), notifications: MarkerEntity.optional() })
    .meta({ description: 'Read positions by timeline (Comptoir keeps the notifications one)' }),
);

export const PreferencesEntity = entity(
  'Preferences',
  z
    .object({
      'posting:default:visibility': z.enum(['public', 'unlisted', 'private', 'direct']),
      'posting:default:sensitive': z.boolean(),
      'posting:default:language': z.string().nullable(),
      'reading:expand:media': z.enum(['default', 'show_all', 'hide_all']),
      'reading:expand:spoilers': z.boolean(),
    })
    .meta({ description: 'Mastodon Preferences entity' }),
);

export const TagEntity = entity(
  'Tag',
  z
    .object({
      id: z.string(),
      name: z.string().meta({ description: 'Without the #' }),
      url: entityUrl(),
      history: z.array(z.object({ day: z.string(), uses: z.string(), accounts: z.string() })),
      following: z.boolean().optional(),
    })
    .meta({ description: 'Mastodon Tag entity (a hashtag, with its recent use)' }),
);

export const SearchEntity = entity(
  'Search',
  z
    .object({ accounts: z.array(AccountEntity), statuses: z.array(StatusEntity), hashtags: z.array(TagEntity) })
    .meta({ description: 'Mastodon Search entity (GET /api/v2/search)' }),
);

export const ReportEntity = entity(
  'Report',
  z
    .object({
      id: entityId(),
      action_taken: z.boolean(),
      action_taken_at: entityDatetime().nullable(),
      category: z.enum(['spam', 'legal', 'violation', 'other']),
      comment: z.string(),
      forwarded: z.boolean(),
      created_at: entityDatetime(),
      status_ids: z.array(z.string()).nullable(),
      rule_ids: z.array(z.string()).nullable(),
      target_account: AccountEntity,
    })
    .meta({ description: 'Mastodon Report entity' }),
);
