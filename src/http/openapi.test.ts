import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import type { OpenApiDocument } from './openapi';
import { allRoutes, apiRoutes, operationsOf } from './openapi.testkit';

/**
 * API routes not described in the document yet. This list only shrinks: a route missing from the
 * document fails the test unless it is here, and a route listed here that the document describes
 * fails it too (take it off the list). Describe a route with a contract (src/http/contract.ts).
 */
const NOT_DESCRIBED_YET = new Set([
  'DELETE /api/v1/lists/{id}',
  'DELETE /api/v1/lists/{id}/accounts',
  'DELETE /api/v1/statuses/{id}',
  'GET /api/v1/accounts/relationships',
  'GET /api/v1/accounts/{id}/followers',
  'GET /api/v1/accounts/{id}/following',
  'GET /api/v1/accounts/{id}/lists',
  'GET /api/v1/accounts/{id}/statuses',
  'GET /api/v1/blocks',
  'GET /api/v1/bookmarks',
  'GET /api/v1/favourites',
  'GET /api/v1/lists',
  'GET /api/v1/lists/{id}',
  'GET /api/v1/lists/{id}/accounts',
  'GET /api/v1/markers',
  'GET /api/v1/media/{id}',
  'GET /api/v1/mutes',
  'GET /api/v1/notifications',
  'GET /api/v1/notifications/unread_count',
  'GET /api/v1/notifications/{id}',
  'GET /api/v1/polls/{id}',
  'GET /api/v1/statuses/{id}',
  'GET /api/v1/statuses/{id}/context',
  'GET /api/v1/statuses/{id}/favourited_by',
  'GET /api/v1/statuses/{id}/reblogged_by',
  'GET /api/v1/streaming',
  'GET /api/v1/streaming/hashtag',
  'GET /api/v1/streaming/hashtag/local',
  'GET /api/v1/streaming/health',
  'GET /api/v1/streaming/list',
  'GET /api/v1/streaming/public',
  'GET /api/v1/streaming/public/local',
  'GET /api/v1/streaming/public/local/media',
  'GET /api/v1/streaming/public/media',
  'GET /api/v1/streaming/public/remote',
  'GET /api/v1/streaming/public/remote/media',
  'GET /api/v1/streaming/user',
  'GET /api/v1/streaming/user/notification',
  'GET /api/v1/timelines/home',
  'GET /api/v1/timelines/list/{id}',
  'GET /api/v1/timelines/public',
  'GET /api/v1/timelines/tag/{hashtag}',
  'POST /api/v1/accounts/{id}/block',
  'POST /api/v1/accounts/{id}/follow',
  'POST /api/v1/accounts/{id}/mute',
  'POST /api/v1/accounts/{id}/unblock',
  'POST /api/v1/accounts/{id}/unfollow',
  'POST /api/v1/accounts/{id}/unmute',
  'POST /api/v1/lists',
  'POST /api/v1/lists/{id}/accounts',
  'POST /api/v1/markers',
  'POST /api/v1/media',
  'POST /api/v1/notifications/clear',
  'POST /api/v1/notifications/dismiss',
  'POST /api/v1/notifications/{id}/dismiss',
  'POST /api/v1/polls/{id}/votes',
  'POST /api/v1/statuses',
  'POST /api/v1/statuses/{id}/bookmark',
  'POST /api/v1/statuses/{id}/favourite',
  'POST /api/v1/statuses/{id}/reblog',
  'POST /api/v1/statuses/{id}/unbookmark',
  'POST /api/v1/statuses/{id}/unfavourite',
  'POST /api/v1/statuses/{id}/unreblog',
  'POST /api/v2/media',
  'PUT /api/v1/lists/{id}',
  'PUT /api/v1/media/{id}',
]);

let t: TestApp;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await (await t.call('GET', '/api/openapi.json')).json()) as OpenApiDocument;
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('passes a strict OpenAPI validator, with no warning', async () => {
    const result = await validate(structuredClone(doc) as never);
    const errors = result.valid ? [] : result.errors.map((e) => e.message);
    expect(errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('describes every API route the app serves (but those not described yet, a list that only shrinks)', () => {
    const described = new Set(operationsOf(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`));
    const routes = apiRoutes(t.app);
    const missing = routes.filter((r) => !described.has(r) && !NOT_DESCRIBED_YET.has(r));
    const nowDescribed = [...NOT_DESCRIBED_YET].filter((r) => described.has(r) || !routes.includes(r));
    if (missing.length) console.log(`Routes missing from the document:\n${missing.join('\n')}`);
    if (nowDescribed.length)
      console.log(`Take these off NOT_DESCRIBED_YET (described now, or gone):\n${nowDescribed.join('\n')}`);
    expect(missing).toEqual([]);
    expect(nowDescribed).toEqual([]);
    // And the document describes no route the app does not serve.
    const served = new Set(allRoutes(t.app));
    expect([...described].filter((r) => !served.has(r))).toEqual([]);
  });
});
