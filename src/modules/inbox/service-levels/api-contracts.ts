/**
 * The service levels' API contracts: the customer's rating, a brand's targets and business
 * hours, and the reports. Bodies let any value through to the service, which answers its codes
 * (invalid_rating 422, not_resolved 409, already_rated 409, invalid_param 422 naming the field).
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../../http/contract';
import { MAX_RATING_COMMENT } from './rating';
import { REPORT_PERIODS } from './reports';

const tags = ['Inbox'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };
const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const conversation = z.object({ id: id('The conversation', 'Conversation') });
const brand = z.object({ id: id('The brand', 'Brand') });
const time = z.string().meta({ format: 'date-time' });
const period = z.object({
  days: z
    .string()
    .optional()
    .meta({ enum: REPORT_PERIODS.map(String), default: '30', description: 'The last 7, 30 or 90 days' }),
});

const RatingBody = z
  .looseObject({
    rating: checked({ type: 'integer', minimum: 1, maximum: 5 }).optional(),
    comment: checked({ type: 'string', maxLength: MAX_RATING_COMMENT }).optional(),
  })
  .meta({ required: ['rating'] });
const Rated = z
  .object({ id: z.string(), rating: z.number().int(), comment: z.string().nullable(), rated_at: time })
  .meta({ id: 'ConversationRating' });

const Interval = z.array(z.number().int()).meta({ description: '[open, close] minutes after midnight, Paris' });
const TargetsBody = z.looseObject({
  enabled: checked({ type: 'boolean', default: true }).optional(),
  first_response_minutes: checked({ type: 'integer', minimum: 1 }).optional(),
  next_response_minutes: checked({ type: 'integer', minimum: 1 }).optional(),
  resolution_minutes: checked({ type: 'integer', minimum: 1 }).optional(),
  week: checked({
    type: 'array',
    minItems: 7,
    maxItems: 7,
    description: 'Monday first: lists of intervals',
  }).optional(),
  closed_days: checked({ type: 'array', items: { type: 'string', format: 'date' } }).optional(),
});
const Targets = z
  .object({
    enabled: z.boolean(),
    custom: z.boolean().meta({ description: 'false: the defaults (the brand set nothing)' }),
    first_response_minutes: z.number().int(),
    next_response_minutes: z.number().int(),
    resolution_minutes: z.number().int(),
    time_zone: z.string(),
    week: z.array(z.array(Interval)),
    closed_days: z.array(z.string()),
  })
  .meta({ id: 'ServiceTargets' });

const ReportRow = z.object({
  section: z.enum(['total', 'channel', 'kind', 'agent']),
  key: z.string(),
  conversations: z.number().int(),
  first_response_p50_minutes: z.number().nullable(),
  first_response_p90_minutes: z.number().nullable(),
  resolution_p50_minutes: z.number().nullable(),
  resolution_p90_minutes: z.number().nullable(),
  breaches: z.number().int(),
  breach_rate: z.number(),
  ratings: z.number().int(),
  rating_average: z.number().nullable(),
  csat: z.number().nullable(),
});
const Report = z
  .object({
    days: z.number().int(),
    from: time,
    to: time,
    total: ReportRow,
    by_channel: z.array(ReportRow),
    by_kind: z.array(ReportRow),
    by_agent: z.array(ReportRow),
    rating_distribution: z.array(z.number().int()).meta({ description: 'Counts of 1 to 5 stars' }),
    daily: z.array(z.object({ day: z.string(), opened: z.number().int(), breached: z.number().int() })),
  })
  .meta({ id: 'ServiceReport' });

export const contracts = {
  rate: route({
    method: 'post',
    path: '/api/v1/inbox/conversations/{id}/rating',
    tags,
    summary: 'Rate a resolved conversation (its customer only, once)',
    description: 'Anyone but the conversation’s customer gets 404.',
    ...writer,
    request: { params: conversation, body: body(RatingBody) },
    responses: {
      201: json(Rated, 'Rated'),
      ...failures(400, 401, 404),
      409: json(failures(409)[409].content['application/json'].schema, 'already_rated, not_resolved'),
      422: json(failures(422)[422].content['application/json'].schema, 'invalid_rating, comment_too_long'),
    },
  }),
  targets: route({
    method: 'get',
    path: '/api/v1/brands/{id}/inbox/service-levels',
    tags,
    summary: 'The brand’s service-level targets and business hours (the defaults when it set none)',
    description: 'Brand team (inbox.answer).',
    ...reader,
    request: { params: brand },
    responses: { 200: json(Targets, 'Targets'), ...failures(401, 403, 404) },
  }),
  saveTargets: route({
    method: 'put',
    path: '/api/v1/brands/{id}/inbox/service-levels',
    tags,
    summary: 'Set the brand’s targets (business minutes) and business hours (Europe/Paris)',
    description: 'Owner and admins (inbox.manage).',
    ...writer,
    request: { params: brand, body: body(TargetsBody) },
    responses: { 200: json(Targets, 'Targets'), ...failures(400, 401, 403, 404, 422) },
  }),
  report: route({
    method: 'get',
    path: '/api/v1/brands/{id}/inbox/reports',
    tags,
    summary: 'Service report: response and resolution times, breaches, satisfaction, volumes',
    description: 'Brand team (inbox.answer). Times in business minutes.',
    ...reader,
    request: { params: brand, query: period },
    responses: { 200: json(Report, 'Report'), ...failures(400, 401, 403, 404, 422) },
  }),
  reportCsv: route({
    method: 'get',
    path: '/api/v1/brands/{id}/inbox/reports.csv',
    tags,
    summary: 'The report’s table as CSV (total, channels, kinds, agents)',
    description: 'Brand team (inbox.answer).',
    ...reader,
    request: { params: brand, query: period },
    responses: {
      200: { description: 'CSV, UTF-8 with a byte order mark', content: { 'text/csv': { schema: z.string() } } },
      ...failures(400, 401, 403, 404, 422),
    },
  }),
};
