import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, json, signUpUser, type TestUser } from './api-test-support';

let t: TestApp;
let app: string;
const user = (name: string) => signUpUser(t, app, name);
const call = (method: string, url: string, who: TestUser, body?: unknown) =>
  t.call(method, url, { token: who.token, body });
const post = (who: TestUser, body: Record<string, unknown>) =>
  json<{ id: string }>(call('POST', '/api/v1/statuses', who, body));
const follow = (who: TestUser, target: TestUser) => json(call('POST', `/api/v1/accounts/${target.id}/follow`, who));
const timeline = async (who: TestUser, listId: string, query = '') =>
  (await json<{ id: string }[]>(call('GET', `/api/v1/timelines/list/${listId}${query}`, who))).map((s) => s.id);

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

describe('lists (Mastodon API)', () => {
  it('creates, reads, renames and deletes one’s own lists; another account’s list is a 404; bad input a 422', async () => {
    const ana = await user('l_ana');
    const bea = await user('l_bea');
    const made = await json<any>(call('POST', '/api/v1/lists', ana, { title: 'Artisans lyonnais' }));
    expect(made).toEqual({
      id: expect.any(String),
      title: 'Artisans lyonnais',
      replies_policy: 'list',
      exclusive: false,
    });
    await json(call('POST', '/api/v1/lists', ana, { title: 'Amis', replies_policy: 'followed' }));
    expect((await json<any[]>(call('GET', '/api/v1/lists', ana))).map((l) => l.title)).toEqual([
      'Amis',
      'Artisans lyonnais',
    ]);
    expect(
      await json<any>(call('PUT', `/api/v1/lists/${made.id}`, ana, { title: 'Artisans', replies_policy: 'none' })),
    ).toMatchObject({ title: 'Artisans', replies_policy: 'none' });
    expect((await call('GET', `/api/v1/lists/${made.id}`, bea)).status).toBe(404);
    expect((await call('PUT', `/api/v1/lists/${made.id}`, bea, { title: 'À moi' })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/lists/${made.id}`, bea)).status).toBe(404);
    expect((await call('GET', '/api/v1/lists/not-an-id', ana)).status).toBe(404);
    expect((await call('POST', '/api/v1/lists', ana, { title: '   ' })).status).toBe(422);
    expect((await call('POST', '/api/v1/lists', ana, { title: 'x'.repeat(101) })).status).toBe(422);
    expect((await call('POST', '/api/v1/lists', ana, { title: 'Ok', replies_policy: 'everyone' })).status).toBe(422);
    expect((await t.call('GET', '/api/v1/lists')).status).toBe(401);
    await json(call('DELETE', `/api/v1/lists/${made.id}`, ana));
    expect((await call('GET', `/api/v1/lists/${made.id}`, ana)).status).toBe(404);
  });

  it('holds only followed accounts; says which lists hold an account; removes members by query or body', async () => {
    const cy = await user('l_cy');
    const dan = await user('l_dan');
    const eve = await user('l_eve');
    const list = await json<any>(call('POST', '/api/v1/lists', cy, { title: 'Vélo' }));
    const refused = await call('POST', `/api/v1/lists/${list.id}/accounts`, cy, { account_ids: [dan.id] });
    expect(refused.status).toBe(422);
    await follow(cy, dan);
    await follow(cy, eve);
    await json(call('POST', `/api/v1/lists/${list.id}/accounts`, cy, { account_ids: [dan.id, eve.id] }));
    await json(call('POST', `/api/v1/lists/${list.id}/accounts`, cy, { account_ids: [dan.id] })); // twice: no error
    expect(
      (await json<any[]>(call('GET', `/api/v1/lists/${list.id}/accounts`, cy))).map((a) => a.username).sort(),
    ).toEqual(['l_dan', 'l_eve']);
    expect((await json<any[]>(call('GET', `/api/v1/accounts/${dan.id}/lists`, cy))).map((l) => l.id)).toEqual([
      list.id,
    ]);
    expect(await json<any[]>(call('GET', `/api/v1/accounts/${dan.id}/lists`, dan))).toEqual([]);
    await json(call('DELETE', `/api/v1/lists/${list.id}/accounts?account_ids[]=${dan.id}`, cy));
    await json(call('DELETE', `/api/v1/lists/${list.id}/accounts`, cy, { account_ids: [eve.id] }));
    expect(await json<any[]>(call('GET', `/api/v1/lists/${list.id}/accounts`, cy))).toEqual([]);
    expect((await call('POST', `/api/v1/lists/${list.id}/accounts`, dan, { account_ids: [cy.id] })).status).toBe(404);
    expect((await call('POST', `/api/v1/lists/${list.id}/accounts`, cy, {})).status).toBe(422);
  });

  it('its timeline shows the members’ posts, newest first, with replies as the list’s policy says', async () => {
    const fay = await user('l_fay');
    const gus = await user('l_gus');
    const hal = await user('l_hal');
    const ivy = await user('l_ivy');
    for (const target of [gus, hal, ivy]) await follow(fay, target);
    const list = await json<any>(call('POST', '/api/v1/lists', fay, { title: 'Fromagers' }));
    await json(call('POST', `/api/v1/lists/${list.id}/accounts`, fay, { account_ids: [gus.id, hal.id] }));
    const byGus = await post(gus, { status: 'Comté 24 mois' });
    const byHal = await post(hal, { status: 'Saint-Marcellin' });
    const byIvy = await post(ivy, { status: 'Pas dans la liste' });
    const toMember = await post(gus, { status: `@${hal.username} merci !`, in_reply_to_id: byHal.id });
    const toFollowed = await post(gus, { status: `@${ivy.username} bien vu`, in_reply_to_id: byIvy.id });
    const secret = await post(gus, { status: 'Entre nous', visibility: 'private' });
    const dm = await post(gus, { status: `@${fay.username} en privé`, visibility: 'direct' });

    const ids = await timeline(fay, list.id);
    expect(ids).toEqual([secret.id, toMember.id, byHal.id, byGus.id]);
    expect(ids).not.toContain(byIvy.id);
    expect(ids).not.toContain(dm.id);
    await json(call('PUT', `/api/v1/lists/${list.id}`, fay, { replies_policy: 'followed' }));
    expect(await timeline(fay, list.id)).toContain(toFollowed.id);
    await json(call('PUT', `/api/v1/lists/${list.id}`, fay, { replies_policy: 'none' }));
    const none = await timeline(fay, list.id);
    expect(none).not.toContain(toMember.id);
    expect(none).not.toContain(toFollowed.id);
    // Pages by max_id like every timeline.
    expect(await timeline(fay, list.id, `?max_id=${byHal.id}&limit=5`)).toEqual([byGus.id]);
    expect((await call('GET', `/api/v1/timelines/list/${list.id}`, gus)).status).toBe(404);
  });

  it('an exclusive list takes its members out of home, and gives them back when it stops being one', async () => {
    const jo = await user('l_jo');
    const kai = await user('l_kai');
    const lia = await user('l_lia');
    for (const target of [kai, lia]) await follow(jo, target);
    const list = await json<any>(call('POST', '/api/v1/lists', jo, { title: 'Rien que le vélo', exclusive: true }));
    expect(list.exclusive).toBe(true);
    await json(call('POST', `/api/v1/lists/${list.id}/accounts`, jo, { account_ids: [kai.id] }));
    const byKai = await post(kai, { status: 'Col du Galibier' });
    const byLia = await post(lia, { status: 'Marché de Noël' });
    const home = async () => (await json<{ id: string }[]>(call('GET', '/api/v1/timelines/home', jo))).map((s) => s.id);
    expect(await home()).toContain(byLia.id);
    expect(await home()).not.toContain(byKai.id);
    expect(await timeline(jo, list.id)).toEqual([byKai.id]);
    expect((await call('PUT', `/api/v1/lists/${list.id}`, jo, { exclusive: 'maybe' })).status).toBe(422);
    await json(call('PUT', `/api/v1/lists/${list.id}`, jo, { exclusive: false }));
    expect(await home()).toContain(byKai.id);
  });
});
