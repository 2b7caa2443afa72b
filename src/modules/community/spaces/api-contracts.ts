/**
 * The contracts of the spaces API (src/http/contract.ts). Request fields are described with the
 * values clients must send but reach the service as given: it checks them and answers a 422 whose
 * code names the rule and whose `details.field` names the field. A members-only space, its topics
 * and replies answer 404 to whoever is not a member.
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../../http/contract';
import { MAX_CHARTER, MAX_DESCRIPTION, MAX_NAME } from './spaces';
import { MAX_TEXT, MAX_TITLE } from './posting';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta).optional();
const time = z.string().meta({ format: 'date-time' });
const uuid = z.string().meta({ format: 'uuid' });

const spaceFields = {
  name: checked({ type: 'string', maxLength: MAX_NAME }),
  description: checked({ type: 'string', maxLength: MAX_DESCRIPTION }),
  charter: checked({
    type: 'string',
    maxLength: MAX_CHARTER,
    description: 'Shown on the space and above the new-topic form',
  }),
  visibility: checked({ type: 'string', enum: ['public', 'members'] }),
  admit_followers: checked({
    type: 'boolean',
    default: true,
    description: 'members: the brand’s followers are members',
  }),
  admit_buyers: checked({ type: 'boolean', default: true, description: 'members: the brand’s buyers are members' }),
};
const SpaceCreate = z.looseObject(spaceFields).meta({ required: ['name', 'visibility'] });
const SpaceEdit = z.looseObject({ ...spaceFields, archived: checked({ type: 'boolean' }) });
const TopicCreate = z
  .looseObject({
    title: checked({ type: 'string', maxLength: MAX_TITLE }),
    text: checked({ type: 'string', maxLength: MAX_TEXT }),
  })
  .meta({ required: ['title', 'text'] });
const ReplyCreate = z
  .looseObject({ text: checked({ type: 'string', maxLength: MAX_TEXT }) })
  .meta({ required: ['text'] });
const Accept = z.looseObject({
  reply_id: checked({ type: 'string', format: 'uuid', nullable: true, description: 'null clears the accepted answer' }),
});
const Move = z.looseObject({ space_id: checked({ type: 'string', format: 'uuid' }) }).meta({ required: ['space_id'] });
const Invite = z
  .looseObject({ account: checked({ type: 'string', description: 'An account id or username' }) })
  .meta({ required: ['account'] });

const Person = z.object({ id: z.string(), username: z.string(), display_name: z.string() });
const Status = z.enum(['published', 'pending', 'rejected']);
export const Space = z
  .object({
    id: uuid,
    url: z.string(),
    brand: Person,
    name: z.string(),
    description: z.string(),
    charter: z.string(),
    visibility: z.enum(['public', 'members']),
    admit_followers: z.boolean(),
    admit_buyers: z.boolean(),
    archived: z.boolean(),
    rss_url: z.string(),
    atom_url: z.string(),
    created_at: time,
  })
  .meta({ id: 'Space' });
export const Topic = z
  .object({
    id: uuid,
    space_id: uuid,
    url: z.string(),
    title: z.string(),
    text: z.string(),
    status: Status,
    pinned: z.boolean(),
    locked: z.boolean(),
    accepted_reply_id: z.string().nullable(),
    replies_count: z.number().int(),
    author: Person,
    last_activity_at: time,
    created_at: time,
  })
  .meta({ id: 'Topic' });
const Reply = z
  .object({
    id: uuid,
    text: z.string(),
    status: Status,
    accepted: z.boolean(),
    team: z.boolean().meta({ description: 'Written by the brand’s team' }),
    author: Person,
    created_at: time,
  })
  .meta({ id: 'TopicReply' });
const TopicWithReplies = Topic.extend({ replies: z.array(Reply) }).meta({ id: 'TopicWithReplies' });
const Created = z.strictObject({ id: uuid, status: Status }).meta({ id: 'SpacePostCreated' });
const Member = z.object({ id: z.string(), username: z.string(), display_name: z.string(), invited_at: time });

const tags = ['Spaces'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const brand = z.object({ id: id('The brand', 'Brand') });
const space = z.object({ id: id('The space', 'Space') });
const topic = z.object({ id: id('The topic', 'Topic') });
const writeFailures = failures(400, 401, 403, 404, 409, 422);

const topicAction = (path: string, summary: string) =>
  route({
    method: 'post',
    path: `/api/v1/topics/{id}/${path}`,
    tags,
    summary,
    ...writer,
    request: { params: topic },
    responses: { 200: json(Topic, 'The topic'), ...writeFailures },
  });

export const spaceContracts = {
  create: route({
    method: 'post',
    path: '/api/v1/brands/{id}/spaces',
    tags,
    summary: 'Brand team (community.manage): open a discussion space',
    ...writer,
    request: { params: brand, body: body(SpaceCreate) },
    responses: { 201: json(z.strictObject({ id: uuid, url: z.string() }), 'Exactly {id, url}'), ...writeFailures },
  }),
  brandSpaces: route({
    method: 'get',
    path: '/api/v1/brands/{id}/spaces',
    tags,
    summary: 'A brand’s spaces the viewer may read (archived ones for its team)',
    auth: 'optional',
    request: { params: brand },
    responses: { 200: json(z.array(Space), 'Spaces'), ...failures(404) },
  }),
  show: route({
    method: 'get',
    path: '/api/v1/spaces/{id}',
    tags,
    summary: 'A space',
    auth: 'optional',
    request: { params: space },
    responses: { 200: json(Space, 'The space'), ...failures(404) },
  }),
  edit: route({
    method: 'patch',
    path: '/api/v1/spaces/{id}',
    tags,
    summary: 'Brand team (community.manage): edit a space; archived: true archives it (read-only)',
    ...writer,
    request: { params: space, body: body(SpaceEdit) },
    responses: { 200: json(Space, 'The space'), ...writeFailures },
  }),
  topics: route({
    method: 'get',
    path: '/api/v1/spaces/{id}/topics',
    tags,
    summary: 'A space’s published topics, pinned first then by last activity',
    auth: 'optional',
    request: { params: space },
    responses: { 200: json(z.array(Topic), 'Topics'), ...failures(404) },
  }),
  createTopic: route({
    method: 'post',
    path: '/api/v1/spaces/{id}/topics',
    tags,
    summary: 'Start a topic (triaged and moderated with the brand’s policy)',
    ...writer,
    request: { params: space, body: body(TopicCreate) },
    responses: { 201: json(Created, 'Exactly {id, status}'), ...writeFailures },
  }),
  members: route({
    method: 'get',
    path: '/api/v1/spaces/{id}/members',
    tags,
    summary: 'Brand team (community.manage): the accounts invited to the space',
    ...writer,
    request: { params: space },
    responses: { 200: json(z.array(Member), 'Invited accounts'), ...failures(401, 403, 404) },
  }),
  invite: route({
    method: 'post',
    path: '/api/v1/spaces/{id}/members',
    tags,
    summary: 'Brand team (community.manage): invite an account to the space',
    ...writer,
    request: { params: space, body: body(Invite) },
    responses: { 201: json(z.object({ account_id: uuid }), 'Invited'), ...writeFailures },
  }),
  uninvite: route({
    method: 'delete',
    path: '/api/v1/spaces/{id}/members/{account_id}',
    tags,
    summary: 'Brand team (community.manage): withdraw an invitation',
    ...writer,
    request: { params: space.extend({ account_id: id('The account', 'Invitation') }) },
    responses: { 204: { description: 'Withdrawn' }, ...failures(401, 403, 404) },
  }),
  topic: route({
    method: 'get',
    path: '/api/v1/topics/{id}',
    tags,
    summary: 'A topic with the replies the viewer may see (oldest first)',
    auth: 'optional',
    request: { params: topic },
    responses: { 200: json(TopicWithReplies, 'The topic'), ...failures(404) },
  }),
  reply: route({
    method: 'post',
    path: '/api/v1/topics/{id}/replies',
    tags,
    summary: 'Reply to a topic (409 topic_locked when locked)',
    ...writer,
    request: { params: topic, body: body(ReplyCreate) },
    responses: { 201: json(Created, '{id, status}'), ...writeFailures },
  }),
  accept: route({
    method: 'post',
    path: '/api/v1/topics/{id}/accept',
    tags,
    summary: 'The topic’s author or the brand’s team marks the accepted answer',
    ...writer,
    request: { params: topic, body: body(Accept) },
    responses: { 200: json(Topic, 'The topic'), ...writeFailures },
  }),
  pin: topicAction('pin', 'Brand team: pin a topic'),
  unpin: topicAction('unpin', 'Brand team: unpin a topic'),
  lock: topicAction('lock', 'Brand team: lock a topic (no more replies)'),
  unlock: topicAction('unlock', 'Brand team: unlock a topic'),
  move: route({
    method: 'post',
    path: '/api/v1/topics/{id}/move',
    tags,
    summary: 'Brand team: move a topic to another space of the same brand',
    ...writer,
    request: { params: topic, body: body(Move) },
    responses: { 200: json(Topic, 'The topic'), ...writeFailures },
  }),
};
