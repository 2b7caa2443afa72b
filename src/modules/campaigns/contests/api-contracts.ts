/**
 * The contests API's contracts (src/http/contract.ts). Request bodies describe what clients send
 * but let any value through to the service, which answers its stable codes naming the field
 * (invalid_entry_kind, status_required, invalid_status, place_required, ends_in_past, ...).
 * Built in a function: contract.ts may not have finished loading when the module's index is read.
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../../http/contract';
import { entryKinds } from './schema';
import { MAX_PRIZES, MAX_RULES, MAX_TITLE, MAX_WINNERS } from './service';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const time = z.string().meta({ format: 'date-time' });
const uuid = z.string().meta({ format: 'uuid' });
const err = (status: 403 | 409 | 422, description: string) =>
  json(failures(status)[status].content['application/json'].schema, description);

export function contestContracts() {
  const ContestCreate = z
    .looseObject({
      title: checked({ type: 'string', maxLength: MAX_TITLE }).optional(),
      rules: checked({
        type: 'string',
        maxLength: MAX_RULES,
        description: 'The contest’s rules, shown on its page',
      }).optional(),
      prizes: checked({ type: 'string', maxLength: MAX_PRIZES }).optional(),
      entry: checked({
        type: 'object',
        properties: {
          kind: { type: 'string', enum: [...entryKinds] },
          status_id: { type: 'string', format: 'uuid', description: 'reply, repost, like: one of the brand’s posts' },
          place_id: { type: 'string', format: 'uuid', description: 'checkin: one of the brand’s places' },
        },
        required: ['kind'],
      }).optional(),
      ends_at: checked({ type: 'string', format: 'date-time', description: 'In the future' }).optional(),
      winners: checked({ type: 'integer', minimum: 1, maximum: MAX_WINNERS }).optional(),
    })
    .meta({ required: ['title', 'rules', 'entry', 'ends_at', 'winners'] });
  const Created = z.strictObject({ id: uuid, commitment: z.string() }).meta({ id: 'ContestCreated' });
  const Brand = z.object({ id: z.string(), username: z.string(), display_name: z.string() });
  const Contest = z
    .object({
      id: z.string(),
      url: z.string(),
      brand: Brand,
      title: z.string(),
      rules: z.string(),
      prizes: z.string().nullable(),
      entry: z.object({
        kind: z.enum(entryKinds),
        status_id: z.string().nullable(),
        place_id: z.string().nullable(),
      }),
      starts_at: time,
      ends_at: time,
      winners: z.number().int().meta({ description: 'How many winners will be drawn' }),
      commitment: z.string().meta({ description: 'hex SHA-256 of the secret seed, published before the draw' }),
      entries_count: z.number().int().meta({ description: 'Entries taking part (the exclusions applied)' }),
      status: z.enum(['open', 'ended', 'drawn']),
      drawn_at: time.nullable(),
      draw_url: z.string(),
    })
    .meta({ id: 'Contest' });
  const Draw = z
    .object({
      seed: z.string().meta({ description: 'The secret seed (hex, 32 bytes), revealed at the draw' }),
      commitment: z.string(),
      entries_hash: z.string().meta({ description: 'hex SHA-256 of the entries joined by "\\n"' }),
      entries: z.array(z.string()).meta({ description: 'Account ids taking part, in draw (canonical) order' }),
      winners: z.array(z.string()).meta({ description: 'Account ids of the winners, in drawn order' }),
      winners_count: z.number().int().meta({ description: 'How many winners the contest draws' }),
      winner_accounts: z.array(Brand.extend({ url: z.string() })),
      excluded_count: z.number().int(),
      algorithm: z.string(),
      drawn_at: time,
    })
    .meta({ id: 'ContestDraw' });
  const Entry = z
    .object({ id: z.string(), contest_id: z.string(), account_id: z.string(), entered_at: time })
    .meta({ id: 'ContestEntry' });

  const tags = ['Contests'];
  const contest = z.object({ id: id('The contest', 'Contest') });
  return {
    create: route({
      method: 'post',
      path: '/api/v1/brands/{id}/contests',
      tags,
      summary: 'Owner or admin (campaigns.manage): a contest with a verifiable draw at its end',
      auth: 'user',
      scope: 'write',
      request: { params: z.object({ id: id('The brand', 'Brand') }), body: body(ContestCreate) },
      responses: {
        201: json(Created, 'Exactly {id, commitment}'),
        ...failures(400, 401, 404),
        403: err(403, 'not_a_member, role_not_allowed'),
        422: err(
          422,
          'title_required, rules_required, *_too_long, invalid_entry_kind, status_required, invalid_status, ' +
            'place_required, invalid_place, invalid_date, ends_in_past, invalid_winners ' +
            '(details.field names the field)',
        ),
      },
    }),
    list: route({
      method: 'get',
      path: '/api/v1/brands/{id}/contests',
      tags,
      summary: 'The brand’s contests, newest first (owner, admin, community manager)',
      auth: 'user',
      scope: 'read',
      request: { params: z.object({ id: id('The brand', 'Brand') }) },
      responses: { 200: json(z.array(Contest), 'Contests'), ...failures(401, 403, 404) },
    }),
    show: route({
      method: 'get',
      path: '/api/v1/contests/{id}',
      tags,
      summary: 'A contest: rules, how to enter, end, commitment, entries so far',
      request: { params: contest },
      responses: { 200: json(Contest, 'The contest'), ...failures(404) },
    }),
    draw: route({
      method: 'get',
      path: '/api/v1/contests/{id}/draw',
      tags,
      summary: 'After the end: the seed, the ordered entries, their hash and the winners, to recompute the draw',
      request: { params: contest },
      responses: {
        200: json(Draw, 'The draw'),
        ...failures(404),
        409: err(409, 'contest_not_drawn: the contest has not ended'),
      },
    }),
    enter: route({
      method: 'post',
      path: '/api/v1/contests/{id}/entries',
      tags,
      summary: 'Enter a form contest (once per person, before the end)',
      auth: 'user',
      scope: 'write',
      request: { params: contest },
      responses: {
        201: json(Entry, 'The entry'),
        ...failures(401, 404),
        403: err(403, 'not_eligible: the rules exclude you (team, suspended, blocked, account created too late)'),
        409: err(409, 'contest_ended, already_entered, entry_by_action (not a form contest)'),
      },
    }),
  };
}
