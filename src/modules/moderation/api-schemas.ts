/**
 * Request and response schemas of moderation's routes (api-contracts.ts puts them in contracts).
 */
import { z } from 'zod';
import { flagCodes } from '../analysis';
import { itemStatuses, moderationModes, reportTargets } from './schema';
import { moderationTypes } from './subjects';

// Requests ------------------------------------------------------------------------------------------

export const DecisionBody = z.object({ reason: z.string().optional(), note: z.string().optional() });
export const BulkBody = z.object({
  ids: z.array(z.string()),
  action: z.enum(['approve', 'reject', 'escalate']),
  reason: z.string().optional(),
  note: z.string().optional(),
});
export const AppealBody = z.object({ text: z.string().optional() });
export const ReportBody = z.object({
  target_type: z.string(),
  target_id: z.string(),
  reason: z.string(),
  comment: z.string().optional(),
});
export const MastodonReportBody = z.object({
  account_id: z.string(),
  status_ids: z.array(z.string()).optional(),
  comment: z.string().optional(),
  category: z.string().optional(),
  forward: z.union([z.boolean(), z.string()]).optional(),
  rule_ids: z.array(z.string()).optional(),
});
const yes = z.union([z.boolean(), z.string()]);
const num = z.union([z.number(), z.string()]);
export const PolicyBody = z.object({
  mode: z.enum(['pre', 'post']).optional(),
  max_delay_hours: num.optional(),
  rules_text: z.string().optional(),
  reasons: z.array(z.object({ code: z.string(), editable: yes.optional(), label: z.string().optional() })).optional(),
  allow_unverified_reviews: yes.optional(),
  auto_approve_confident: yes.optional(),
  auto_approve_min_confidence: num.optional(),
  staff_posts_need_approval: yes.optional(),
  social_media_policy: z.string().optional(),
  review_invitation_delay_days: num
    .meta({ description: 'Days between delivery and the invitation to review, 0 to 60 (0: at delivery)' })
    .optional(),
});
export const SuspendBody = z.object({
  reason: z
    .string()
    .meta({ maxLength: 500, description: 'Why (kept with the account and in the audit log)' })
    .optional(),
});
export const QueueQuery = z.object({
  type: z
    .string()
    .meta({ description: `One of ${moderationTypes.join(', ')}` })
    .optional(),
  flag: z
    .string()
    .meta({ description: `A flag code: ${flagCodes.join(', ')}` })
    .optional(),
  product_id: z.string().optional(),
  older_than: z.string().meta({ description: 'Only items waiting for more than this many hours' }).optional(),
  after: z.string().meta({ description: 'Keyset: the last item id of the previous page' }).optional(),
  limit: z.string().meta({ description: '1 to 100, default 20' }).optional(),
});
export const AuditQuery = z.object({
  before: z.string().meta({ description: 'Keyset: the last entry id of the previous page' }).optional(),
  limit: z.string().meta({ description: '1 to 200, default 50' }).optional(),
});

// Responses -----------------------------------------------------------------------------------------

const time = z.string().meta({ format: 'date-time' });
const uuid = z.string().meta({ format: 'uuid' });
const Flag = z.object({
  code: z.enum(flagCodes),
  confidence: z.number(),
  reason: z.string(),
  evidence: z.array(z.string()).optional(),
});
const ItemFields = {
  id: uuid,
  type: z.enum(moderationTypes),
  subject_id: uuid,
  flags: z.array(Flag),
  status: z.enum(itemStatuses),
  brand_id: z.string().nullable(),
  author_id: z.string().nullable(),
  product_id: z.string().nullable(),
  order_id: z.string().nullable(),
  confidence: z.number(),
  appeal_of: z.string().nullable(),
  appeal_text: z.string().nullable(),
  created_at: time,
  waiting_seconds: z.number().int(),
  subject: z
    .object({
      text: z.string(),
      title: z.string().nullable(),
      rating: z.number().nullable(),
      author_id: z.string().nullable(),
      author_name: z.string().nullable(),
      product_id: z.string().nullable(),
      order_id: z.string().nullable(),
      url: z.string().nullable(),
    })
    .nullable()
    .meta({ description: 'What the item is about: text, title, rating, author, product, order, url' }),
};
export const ModerationItem = z.object(ItemFields).meta({ id: 'ModerationItem' });
const DecidedFields = {
  id: z.string(),
  type: z.string(),
  subject_id: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: time.nullable(),
  appeal_of: z.string().nullable(),
  appealed: z.boolean(),
  created_at: time,
};
export const ModerationDecision = z.object(DecidedFields).meta({ id: 'ModerationDecision' });
const HistoryEntry = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  created_at: time,
  decided_at: time.nullable(),
});
export const ItemDetail = z
  .object({ ...ItemFields, ...DecidedFields, history: z.array(HistoryEntry) })
  .meta({ id: 'ModerationItemDetail' });
export const Counters = z
  .object({
    pending: z.number().int(),
    pending_more: z.boolean(),
    oldest_seconds: z.number().int().nullable(),
    past_max_delay: z.number().int(),
    past_max_delay_more: z.boolean(),
    max_delay_hours: z.number().int(),
    handled_today: z.array(z.object({ account_id: z.string(), username: z.string(), count: z.number().int() })),
  })
  .meta({
    id: 'ModerationCounters',
    description: 'Counts stop at 10,000: pending_more / past_max_delay_more say there are more',
  });
export const AuditEntry = z.object({
  id: z.string(),
  item_id: z.string().nullable(),
  item_type: z.enum(moderationTypes).nullable(),
  actor_id: z.string().nullable(),
  actor_username: z.string().nullable(),
  action: z.string(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  created_at: time,
});
export const Policy = z
  .object({
    brand_id: z.string(),
    mode: z.enum(moderationModes),
    max_delay_hours: z.number().int(),
    rules_text: z.string(),
    reasons: z.array(z.object({ code: z.string(), editable: z.boolean(), label: z.string().optional() })),
    allow_unverified_reviews: z.boolean(),
    review_invitation_delay_days: z.number().int(),
    auto_approve_confident: z.boolean().optional(),
    auto_approve_min_confidence: z.number().optional(),
    staff_posts_need_approval: z.boolean().optional(),
    social_media_policy: z.string().optional(),
    updated_at: time.optional(),
  })
  .meta({
    id: 'ModerationPolicy',
    description:
      'The public part; the brand’s team also gets auto_approve_*, staff_posts_need_approval, ' +
      'social_media_policy, updated_at',
  });
export const Report = z
  .object({
    id: z.string(),
    target_type: z.enum(reportTargets),
    target_id: z.string(),
    reason: z.string(),
    comment: z.string(),
    item_id: z.string().nullable(),
    outcome: z.string().nullable().meta({ description: 'removed, kept, or null while pending' }),
    status: z.enum(['pending', 'decided']),
    created_at: time,
  })
  .meta({ id: 'ModerationReport' });
export const Suspension = z
  .object({ account_id: uuid, suspended: z.boolean(), suspended_at: time.nullable(), reason: z.string().nullable() })
  .meta({ id: 'Suspension' });
export const Bulk = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      status: z.number().int(),
      code: z.string().optional(),
      item_status: z.enum(itemStatuses).optional(),
    }),
  ),
});
export const MyDecision = z
  .object({ ...DecidedFields, can_appeal: z.boolean() })
  .omit({ decided_by: true, created_at: true });
