/**
 * The contracts of the places' specials, codes, tips, badges and dashboards (src/http/contract.ts).
 * Request bodies describe what clients send but let any value through to the services, which check
 * them and answer their stable codes with the field named (invalid_special, missing_parameter,
 * empty_text…).
 */
import { z } from 'zod';
import { body, failures, id, int, json, route } from '../../http/contract';
import { specialKinds } from './schema';
import { MAX_DESCRIPTION, MAX_N, MAX_TITLE, MAX_WINDOW_MINUTES } from './specials';
import { MAX_TIP } from './tips';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const time = z.string().meta({ format: 'date-time' });
const n = (description: string, max = MAX_N) => checked({ type: 'integer', minimum: 1, maximum: max, description });

const SpecialCreate = z
  .looseObject({
    kind: checked({ type: 'string', enum: [...specialKinds] }).optional(),
    title: checked({ type: 'string', maxLength: MAX_TITLE }).optional(),
    description: checked({ type: 'string', maxLength: MAX_DESCRIPTION }).optional(),
    every_n: n('loyalty: every Nth counted check-in of a person at the place').optional(),
    first_n: n('flash: the first N people each Paris day').optional(),
    min_people: n('swarm: people checked in within the window; friends: people one follows').optional(),
    window_minutes: n('swarm and friends: the window, in minutes', MAX_WINDOW_MINUTES).optional(),
    starts_at: checked({
      type: 'string',
      format: 'date-time',
      description: 'From then on (flash: also the time of day each day’s count starts)',
    }).optional(),
    ends_at: checked({ type: 'string', format: 'date-time', description: 'After starts_at' }).optional(),
  })
  .meta({ required: ['kind', 'title'] });

const Special = z
  .object({
    id: z.string(),
    place_id: z.string(),
    kind: z.enum(specialKinds),
    title: z.string(),
    description: z.string().nullable(),
    every_n: z.number().int().nullable(),
    first_n: z.number().int().nullable(),
    min_people: z.number().int().nullable(),
    window_minutes: z.number().int().nullable(),
    starts_at: time.nullable(),
    ends_at: time.nullable(),
    active: z.boolean(),
    unlocked_count: z.number().int().optional().meta({ description: 'Brand team only' }),
    redeemed_count: z.number().int().optional().meta({ description: 'Brand team only' }),
  })
  .meta({ id: 'PlaceSpecial' });

const Redeemed = z
  .object({
    code: z.string(),
    redeemed_at: time,
    unlocked_at: time,
    special: z.object({ id: z.string(), kind: z.string(), title: z.string(), description: z.string().nullable() }),
    place: z.object({ id: z.string(), name: z.string() }),
    person: z.object({ id: z.string(), display_name: z.string() }),
  })
  .meta({ id: 'RedeemedCode' });

const MyCode = z
  .object({
    code: z.string(),
    unlocked_at: time,
    redeemed_at: time.nullable(),
    special: z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      description: z.string().nullable(),
      ends_at: time.nullable(),
    }),
    place: z.object({ id: z.string(), name: z.string() }),
  })
  .meta({ id: 'UnlockedCode' });

const Tip = z
  .object({
    id: z.string(),
    place_id: z.string(),
    text: z.string(),
    language: z.string().nullable(),
    likes_count: z.number().int(),
    liked: z.boolean().meta({ description: 'You liked it' }),
    published_at: time.nullable(),
    author: z.object({ id: z.string(), username: z.string(), display_name: z.string() }),
  })
  .meta({ id: 'PlaceTip' });
const Liked = z.object({ liked: z.boolean(), likes_count: z.number().int() });

const Badge = z
  .object({
    code: z.string(),
    name: z.string(),
    description: z.string(),
    place_id: z.string().nullable(),
    earned_at: time,
  })
  .meta({ id: 'Badge' });

const count = z.number().int();
const Dashboard = z
  .object({
    place_id: z.string(),
    name: z.string(),
    period: z.object({ days: count, from: z.string(), to: z.string() }),
    totals: z.object({
      checkins: count,
      visitors: count,
      new_visitors: count,
      returning_visitors: count,
      unlocked: count,
      redeemed: count,
      checkins_all_time: count,
    }),
    days: z.array(
      z.object({
        day: z.string().meta({ format: 'date' }),
        checkins: count,
        new_visitors: count,
        returning_visitors: count,
        unlocked: count,
        redeemed: count,
      }),
    ),
    specials: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        title: z.string(),
        active: z.boolean(),
        unlocked: count,
        redeemed: count,
      }),
    ),
    tips: z.object({ published: count, pending: count }),
    mayor: z
      .object({ id: z.string(), username: z.string(), display_name: z.string(), since: time.nullable(), days: count })
      .nullable(),
  })
  .meta({ id: 'PlaceDashboard' });

const tags = ['Places'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };
const place = z.object({ id: id('The place', 'Place') });
const team = 'Brand team (owner, admin, community manager).';
const period = z.object({
  days: int(1, 90, 'The period: 30 (default) or 90 days').refine((d) => d === undefined || d === 30 || d === 90, {
    message: 'days must be 30 or 90',
  }),
});

export const funContracts = () => ({
  createSpecial: route({
    method: 'post',
    path: '/api/v1/places/{id}/specials',
    tags,
    summary: 'Attach a special to one of the brand’s places',
    description:
      `${team} Kinds: newbie, check_in, loyalty (every_n), flash (first_n), swarm and friends (min_people, ` +
      'window_minutes), mayor. A zero or negative N, a missing parameter, or ends_at before starts_at: 422 naming the field.',
    ...writer,
    request: { params: place, body: body(SpecialCreate) },
    responses: {
      201: json(z.object({ id: z.string() }), 'Exactly {id}'),
      ...failures(400, 401, 403, 404),
      422: json(
        failures(422)[422].content['application/json'].schema,
        'invalid_special or missing_parameter, with details.field',
      ),
    },
  }),
  listSpecials: route({
    method: 'get',
    path: '/api/v1/places/{id}/specials',
    tags,
    summary: 'A place’s specials: running ones for everybody; all of them with their counts for the brand team',
    auth: 'optional',
    request: { params: place },
    responses: { 200: json(z.array(Special), 'Specials'), ...failures(404) },
  }),
  deactivateSpecial: route({
    method: 'delete',
    path: '/api/v1/specials/{id}',
    tags,
    summary: 'Stop a special (codes already unlocked stay redeemable)',
    description: `${team} Another brand’s special: 404.`,
    ...writer,
    request: { params: z.object({ id: id('The special', 'Special') }) },
    responses: { 200: json(Special, 'The special, inactive'), ...failures(401, 403, 404) },
  }),
  redeem: route({
    method: 'post',
    path: '/api/v1/specials/redeem',
    tags,
    summary: 'Redeem a code at the counter',
    description:
      'Brand team (owner, admin, community manager, staff). 200 once, then 409 already_redeemed; a code of ' +
      'another brand answers 404 like an unknown one.',
    ...writer,
    request: {
      body: body(
        z
          .looseObject({ code: checked({ type: 'string', description: '8 signs' }).optional() })
          .meta({ required: ['code'] }),
      ),
    },
    responses: { 200: json(Redeemed, 'The code, its special and who holds it'), ...failures(400, 401, 404, 409, 422) },
  }),
  mine: route({
    method: 'get',
    path: '/api/v1/specials/mine',
    tags,
    summary: 'Your unlocked codes, newest first (shown at the counter)',
    ...reader,
    responses: { 200: json(z.array(MyCode), 'Codes'), ...failures(401) },
  }),
  createTip: route({
    method: 'post',
    path: '/api/v1/places/{id}/tips',
    tags,
    summary: 'Leave a tip about a place',
    description:
      'Triaged on arrival and moderated like reviews (the brand’s queue and policy; the platform’s for a place ' +
      'without a brand). Flagged tips wait for a moderator (pending); clean ones are published unless the brand ' +
      'pre-moderates. Rate-limited like posting.',
    ...writer,
    request: {
      params: place,
      body: body(
        z
          .looseObject({ text: checked({ type: 'string', maxLength: MAX_TIP }).optional() })
          .meta({ required: ['text'] }),
      ),
    },
    responses: {
      201: json(z.object({ id: z.string(), status: z.enum(['pending', 'published']) }), 'Exactly {id, status}'),
      ...failures(400, 401, 403, 404, 422, 429),
    },
  }),
  listTips: route({
    method: 'get',
    path: '/api/v1/places/{id}/tips',
    tags,
    summary: 'A place’s published tips, most liked first',
    auth: 'optional',
    request: { params: place, query: z.object({ limit: int(1, 50, 'At most 50 (default 20)') }) },
    responses: { 200: json(z.array(Tip), 'Tips'), ...failures(400, 404) },
  }),
  like: route({
    method: 'post',
    path: '/api/v1/tips/{id}/like',
    tags,
    summary: 'Like a published tip (once; not your own)',
    ...writer,
    request: { params: z.object({ id: id('The tip', 'Tip') }) },
    responses: { 200: json(Liked, '{liked, likes_count}'), ...failures(401, 403, 404) },
  }),
  unlike: route({
    method: 'delete',
    path: '/api/v1/tips/{id}/like',
    tags,
    summary: 'Take back your like',
    ...writer,
    request: { params: z.object({ id: id('The tip', 'Tip') }) },
    responses: { 200: json(Liked, '{liked, likes_count}'), ...failures(401, 404) },
  }),
  badges: route({
    method: 'get',
    path: '/api/v1/accounts/{id}/badges',
    tags,
    summary: 'A person’s badges, oldest first, named in the reader’s language',
    auth: 'optional',
    request: { params: z.object({ id: id('The account', 'Account') }) },
    responses: { 200: json(z.array(Badge), 'Badges'), ...failures(404) },
  }),
  dashboard: route({
    method: 'get',
    path: '/api/v1/places/{id}/dashboard',
    tags,
    summary: 'A place’s figures: check-ins per day, new and returning visitors, specials, tips, the mayor',
    description: 'Brand team (any role). Private check-ins count, nobody is named but the mayor.',
    ...reader,
    request: { params: place, query: period },
    responses: { 200: json(Dashboard, 'The figures'), ...failures(400, 401, 403, 404) },
  }),
  dashboardCsv: route({
    method: 'get',
    path: '/api/v1/places/{id}/dashboard.csv',
    tags,
    summary: 'The same figures per day, as CSV',
    description:
      'Brand team (any role). Columns: day, checkins, new_visitors, returning_visitors, specials_unlocked, specials_redeemed.',
    ...reader,
    request: { params: place, query: period },
    responses: {
      200: { description: 'CSV, UTF-8 with a byte order mark', content: { 'text/csv': { schema: z.string() } } },
      ...failures(400, 401, 403, 404),
    },
  }),
});
