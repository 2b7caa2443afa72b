/**
 * The contracts of Mastodon's status routes (src/http/contract.ts), from which api-statuses.ts's
 * handlers are typed and the OpenAPI document is written.
 */
import { z } from 'zod';
import { body, flag, int, json, mastodonFailures, route } from '../../http/contract';
import { AccountEntity } from '../accounts';
import { entitySchema, manyIdsQuery, pathId, stringList } from './api-contract-shared';
import { ContextEntity, StatusEntity } from './entities-status';

const Status = entitySchema(StatusEntity);
const Account = entitySchema(AccountEntity);

const tags = ['Mastodon: statuses'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const post = pathId('The post');

/**
 * A new post's parameters, JSON or form. Loose: linked modules read their own parameters from the
 * same body (extensions.ts; `product_ids[]` is commerce's). Ids and the poll's duration are checked
 * by the route and the service, which answer Mastodon's codes (404 for a malformed reply id, 422
 * invalid_media, invalid_poll...).
 */
export const StatusBody = z.looseObject({
  status: z
    .string()
    .optional()
    .meta({ description: 'The text (mentions, hashtags and links are recognised); may be empty with media or a poll' }),
  visibility: z.string().optional().meta({ description: 'public, unlisted, private or direct' }),
  language: z.string().optional().meta({ description: 'ISO 639-1 code; detected when absent' }),
  spoiler_text: z.string().optional().meta({ description: 'Content warning' }),
  sensitive: flag('Hide the media behind a warning'),
  in_reply_to_id: z.string().optional().meta({ description: 'The post this replies to' }),
  quoted_status_id: z.string().optional().meta({ description: 'The post this quotes' }),
  quote_id: z.string().optional().meta({ description: 'The post this quotes (older name)' }),
  media_ids: stringList('Ids of up to 4 uploaded images (POST /api/v2/media)'),
  poll: z
    .object({
      options: stringList('2 or more choices'),
      expires_in: z
        .union([z.number(), z.string()])
        .optional()
        .meta({ type: 'integer', description: 'Seconds, 300 to 2629746' }),
      multiple: flag('Several choices allowed'),
    })
    .nullable()
    .optional()
    .meta({ description: 'A poll instead of media' }),
  scheduled_at: z.string().optional().meta({ description: 'Refused: 422 scheduling_unsupported' }),
  product_ids: stringList('Comptoir: up to 4 products of the brand, shown on the post (shoppable post)'),
  as_account_id: z.string().optional().meta({
    description: 'Comptoir: post as this brand (needs its post permission); also the Comptoir-Acting-For header',
  }),
});

export const reactions = ['favourite', 'unfavourite', 'bookmark', 'unbookmark', 'reblog', 'unreblog'] as const;
export const reactors = ['favourited_by', 'reblogged_by'] as const;

const reaction = (action: (typeof reactions)[number]) =>
  route({
    method: 'post',
    path: `/api/v1/statuses/{id}/${action}`,
    tags,
    summary:
      action === 'reblog'
        ? 'Repost: answers the new repost, wrapping the original'
        : `${action[0].toUpperCase()}${action.slice(1)} a post: answers the post`,
    ...writer,
    request: { params: post },
    responses: { 200: json(Status, 'Status'), ...mastodonFailures(401, 403, 404, 422) },
  });

const reactorList = (kind: (typeof reactors)[number]) =>
  route({
    method: 'get',
    path: `/api/v1/statuses/{id}/${kind}`,
    tags,
    summary: kind === 'favourited_by' ? 'Who liked a post' : 'Who reposted a post',
    auth: 'optional',
    request: {
      params: post,
      query: z.object({ limit: int(1, Number.MAX_SAFE_INTEGER, 'At least 1; more than 80 is 80; default 40') }),
    },
    responses: { 200: json(z.array(Account), 'Accounts'), ...mastodonFailures(400, 404) },
  });

export const contracts = {
  many: route({
    method: 'get',
    path: '/api/v1/statuses',
    tags,
    summary: 'Several posts by id (id[]=…, at most 40): those the viewer may see, in the order asked',
    description: 'Unknown, malformed and hidden ids are skipped.',
    auth: 'optional',
    request: { query: z.object({ id: manyIdsQuery('Status ids') }) },
    responses: { 200: json(z.array(Status), 'Statuses'), ...mastodonFailures(400) },
  }),
  create: route({
    method: 'post',
    path: '/api/v1/statuses',
    tags,
    summary: 'Publish a post (idempotent with an Idempotency-Key header; rate-limited)',
    description:
      'Headers: `Idempotency-Key` (a retry with the same key answers the same post, and is not a new post); ' +
      '`Comptoir-Acting-For` (Comptoir: the brand account to post as, like `as_account_id`).',
    ...writer,
    request: { body: body(StatusBody) },
    responses: { 200: json(Status, 'Status'), ...mastodonFailures(400, 401, 403, 404, 409, 422, 429) },
  }),
  get: route({
    method: 'get',
    path: '/api/v1/statuses/{id}',
    tags,
    summary: 'One post',
    auth: 'optional',
    request: { params: post },
    responses: { 200: json(Status, 'Status'), ...mastodonFailures(404) },
  }),
  delete: route({
    method: 'delete',
    path: '/api/v1/statuses/{id}',
    tags,
    summary: 'Delete one’s post (or a brand’s, with its post permission); answers it with its text, to redraft',
    ...writer,
    request: { params: post },
    responses: { 200: json(Status, 'Status'), ...mastodonFailures(401, 403, 404) },
  }),
  context: route({
    method: 'get',
    path: '/api/v1/statuses/{id}/context',
    tags,
    summary: 'The thread around a post',
    auth: 'optional',
    request: { params: post },
    responses: { 200: json(entitySchema(ContextEntity), 'Context'), ...mastodonFailures(404) },
  }),
  reactors: Object.fromEntries(reactors.map((kind) => [kind, reactorList(kind)])) as {
    [K in (typeof reactors)[number]]: ReturnType<typeof reactorList>;
  },
  reactions: Object.fromEntries(reactions.map((action) => [action, reaction(action)])) as {
    [K in (typeof reactions)[number]]: ReturnType<typeof reaction>;
  },
};
