/**
 * The contracts of the social side of Mastodon's accounts API (src/http/contract.ts), from which
 * api-accounts.ts's handlers are typed and the OpenAPI document is written.
 */
import { z } from 'zod';
import { body, flag, json, mastodonFailures, route } from '../../http/contract';
import { AccountEntity, MutedAccountEntity } from '../accounts';
import { accountPath, boolean, many, pageQuery } from './api-contract-graph';
import { RelationshipEntity } from './entities';
import { StatusEntity } from './entities-status';

const tags = ['Mastodon: accounts'];
const follower = { auth: 'user' as const, scope: 'follow' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };

const relationship = {
  200: json(RelationshipEntity, 'The relationship now'),
  ...mastodonFailures(400, 401, 403, 404, 422),
};
const action = (name: string, summary: string) =>
  route({
    method: 'post',
    path: `/api/v1/accounts/{id}/${name}`,
    tags,
    summary,
    ...follower,
    request: { params: accountPath },
    responses: relationship,
  });

const FollowBody = z.object({
  reblogs: boolean('Show their reposts in home (default true)'),
  notify: boolean('Be notified of each of their posts (default false)'),
  languages: many('Only their posts in these languages (ISO 639-1, at most 20); empty: all. Also `languages[]`'),
});
const MuteBody = z.object({ notifications: boolean('Mute their notifications too (default true)') });

const followList = (direction: 'followers' | 'following') =>
  route({
    method: 'get',
    path: `/api/v1/accounts/{id}/${direction}`,
    tags,
    summary: direction === 'followers' ? 'Who follows an account' : 'Whom an account follows',
    auth: 'optional',
    request: { params: accountPath, query: z.object(pageQuery(40, 80)) },
    responses: { 200: json(z.array(AccountEntity), 'Accounts; `Link` names the pages'), ...mastodonFailures(400, 404) },
  });

const blockedOrMuted = <S extends z.ZodType>(which: 'blocks' | 'mutes', summary: string, entity: S) =>
  route({
    method: 'get',
    path: `/api/v1/${which}`,
    tags,
    summary,
    ...reader,
    responses: { 200: json(z.array(entity), 'Accounts'), ...mastodonFailures(401, 403) },
  });

export const contracts = {
  relationships: route({
    method: 'get',
    path: '/api/v1/accounts/relationships',
    tags,
    summary: 'The caller’s relationships with some accounts (up to 100; ids that name no account are skipped)',
    ...reader,
    request: { query: z.object({ id: many('Account ids: `id[]=…&id[]=…`') }) },
    responses: { 200: json(z.array(RelationshipEntity), 'Relationships'), ...mastodonFailures(400, 401, 403) },
  }),
  statuses: route({
    method: 'get',
    path: '/api/v1/accounts/{id}/statuses',
    tags,
    summary: 'An account’s posts, as the caller may see them',
    auth: 'optional',
    request: {
      params: accountPath,
      query: z.object({
        pinned: flag('Pinned posts only (none on Comptoir yet)'),
        exclude_replies: flag('Leave replies out'),
        exclude_reblogs: flag('Leave reposts out'),
        only_media: flag('Only posts with images'),
        tagged: z.string().optional().meta({ description: 'Only posts with this hashtag' }),
        ...pageQuery(),
      }),
    },
    responses: { 200: json(z.array(StatusEntity), 'Statuses; `Link` names the pages'), ...mastodonFailures(400, 404) },
  }),
  followers: followList('followers'),
  following: followList('following'),
  follow: route({
    method: 'post',
    path: '/api/v1/accounts/{id}/follow',
    tags,
    summary: 'Follow an account (again, to change reblogs, notify or languages)',
    ...follower,
    request: { params: accountPath, body: body(FollowBody, { required: false }) },
    responses: relationship,
  }),
  unfollow: action('unfollow', 'Stop following an account'),
  block: action('block', 'Block an account (and stop following each other)'),
  unblock: action('unblock', 'Unblock an account'),
  mute: route({
    method: 'post',
    path: '/api/v1/accounts/{id}/mute',
    tags,
    summary: 'Mute an account',
    ...follower,
    request: { params: accountPath, body: body(MuteBody, { required: false }) },
    responses: relationship,
  }),
  unmute: action('unmute', 'Unmute an account'),
  blocks: blockedOrMuted('blocks', 'The accounts the caller blocks', AccountEntity),
  mutes: blockedOrMuted('mutes', 'The accounts the caller mutes', MutedAccountEntity),
};
