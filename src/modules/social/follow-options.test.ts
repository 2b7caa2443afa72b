/**
 * Mastodon's follow options (POST /api/v1/accounts/:id/follow with reblogs, notify, languages):
 * stored on the follow, shown in the relationship, obeyed by home, both live engines and
 * notifications; following again updates them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, json, signUpUser, sseReader, type TestUser } from './api-test-support';

let t: TestApp;
let app: string;
const user = (name: string) => signUpUser(t, app, name);
const post = (u: TestUser, body: Record<string, unknown>) =>
  json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token: u.token, body }));
const follow = (u: TestUser, id: string, body: unknown) =>
  json(t.call('POST', `/api/v1/accounts/${id}/follow`, { token: u.token, body }));
const home = async (u: TestUser) =>
  (await json<any[]>(t.call('GET', '/api/v1/timelines/home', { token: u.token }))).map((s) => s.id);
const open = async (path: string, token: string) => {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return sseReader(res);
};

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

describe('follow options', () => {
  it('reblogs=false and languages filter home and both streams; notify=true sends status notifications; re-following updates them', async () => {
    const ann = await user('ann_fo');
    const bea = await user('bea_fo');
    const cyd = await user('cyd_fo');
    const rel = await follow(ann, bea.id, { reblogs: false, notify: true, languages: ['fr'] });
    expect(rel).toMatchObject({ following: true, showing_reblogs: false, notifying: true, languages: ['fr'] });
    const [again] = await json<any[]>(
      t.call('GET', `/api/v1/accounts/relationships?id[]=${bea.id}`, { token: ann.token }),
    );
    expect(again).toMatchObject({ showing_reblogs: false, notifying: true, languages: ['fr'] });

    const mastodon = await open('/api/v1/streaming/user', ann.token);
    const pages = await open('/live?stream=home', ann.token);
    try {
      const other = await post(cyd, { status: 'Un message de Cyd', language: 'fr' });
      const repost = await json<{ id: string }>(
        t.call('POST', `/api/v1/statuses/${other.id}/reblog`, { token: bea.token }),
      );
      const english = await post(bea, { status: 'Hello in English', language: 'en' });
      const reply = await post(bea, { status: 'Réponse à Cyd', language: 'fr', in_reply_to_id: other.id });
      const french = await post(bea, { status: 'Bonjour en français', language: 'fr' });

      expect(await home(ann)).toEqual([french.id]);
      await mastodon.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === french.id);
      await pages.waitFor((e) => e.event === 'status' && JSON.parse(e.data).id === french.id);
      const updates = mastodon.events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data).id);
      expect(updates).toEqual([french.id]);
      expect(pages.events.filter((e) => e.event === 'status').map((e) => JSON.parse(e.data).id)).toEqual([french.id]);

      // notify: a `status` notification for each post of her own (any language), not for the repost or the reply.
      await mastodon.waitFor((e) => e.event === 'notification' && JSON.parse(e.data).status?.id === french.id);
      const notes = await json<any[]>(t.call('GET', '/api/v1/notifications', { token: ann.token }));
      const told = notes.filter((x) => x.type === 'status');
      expect(told.map((x) => x.status.id)).toEqual([french.id, english.id]);
      expect(told[0].account.id).toBe(bea.id);
      expect(told.map((x) => x.status.id)).not.toContain(repost.id);
      expect(told.map((x) => x.status.id)).not.toContain(reply.id);

      // Following again updates the options: reposts and every language are back.
      expect(await follow(ann, bea.id, { reblogs: true, notify: false, languages: [] })).toMatchObject({
        showing_reblogs: true,
        notifying: false,
        languages: null,
      });
      expect(await home(ann)).toEqual([french.id, english.id, repost.id]);
      await post(bea, { status: 'Plus de cloche', language: 'fr' });
      expect(
        (await json<any[]>(t.call('GET', '/api/v1/notifications', { token: ann.token }))).filter(
          (x) => x.type === 'status',
        ),
      ).toHaveLength(2);
    } finally {
      await Promise.all([mastodon.close(), pages.close()]);
    }
  });

  it('refuses languages that are not ISO 639-1 codes, and defaults for a plain follow', async () => {
    const dan = await user('dan_fo');
    const eve = await user('eve_fo');
    const bad = await t.call('POST', `/api/v1/accounts/${eve.id}/follow`, {
      token: dan.token,
      body: { languages: ['french'] },
    });
    expect(bad.status).toBe(422);
    expect(await follow(dan, eve.id, {})).toMatchObject({
      following: true,
      showing_reblogs: true,
      notifying: false,
      languages: null,
    });
    const [none] = await json<any[]>(
      t.call('GET', `/api/v1/accounts/relationships?id[]=${dan.id}`, { token: eve.token }),
    );
    expect(none).toMatchObject({ following: false, showing_reblogs: false, notifying: false, languages: null });
  });
});
