import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, json, signUpUser, sseReader, until, type TestUser } from './api-test-support';

let t: TestApp;
let app: string;
/** Live subscriptions to the event bus, counted so the tests can see streams let go of theirs. */
let listeners = 0;
const user = (name: string) => signUpUser(t, app, name);
const post = (u: TestUser, body: Record<string, unknown>) =>
  json(t.call('POST', '/api/v1/statuses', { token: u.token, body }));
const open = async (path: string, token?: string) => {
  const controller = new AbortController();
  const res = await t.app.request(path, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  return sseReader(res);
};

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
  const subscribe = t.ctx.events.subscribe.bind(t.ctx.events);
  t.ctx.events.subscribe = (handler) => {
    listeners++;
    const off = subscribe(handler);
    let done = false;
    return () => {
      if (!done) listeners--;
      done = true;
      off();
    };
  };
});
afterAll(() => t.close());

describe('streaming (Server-Sent Events)', () => {
  it('answers the health check and refuses the user stream without a token', async () => {
    const health = await t.app.request('/api/v1/streaming/health');
    expect(await health.text()).toBe('OK');
    const anonymous = await t.app.request('/api/v1/streaming/user');
    expect(anonymous.status).toBe(401);
    expect(typeof (await anonymous.json()).error).toBe('string');
    expect((await t.app.request('/api/v1/streaming/user?access_token=wrong')).status).toBe(401);
    expect((await t.app.request('/api/v1/streaming?stream=nope')).status).toBe(400);
  });

  it('user stream: updates from followed accounts (not muted ones), notifications, deletes; unsubscribes on disconnect', async () => {
    const amy = await user('amy');
    const bob = await user('bob');
    const cal = await user('cal');
    const stranger = await user('dom');
    for (const target of [bob, cal])
      await json(t.call('POST', `/api/v1/accounts/${target.id}/follow`, { token: amy.token }));
    await json(t.call('POST', `/api/v1/accounts/${cal.id}/mute`, { token: amy.token }));

    const before = listeners;
    const stream = await open('/api/v1/streaming/user', amy.token);
    await until(() => listeners === before + 1);

    const muted = await post(cal, { status: 'Muted author' });
    await post(stranger, { status: 'Not followed' });
    const followed = await post(bob, { status: 'Hello followers' });
    const update = await stream.waitFor((e) => e.event === 'update');
    const status = JSON.parse(update.data);
    expect(status).toMatchObject({
      id: followed.id,
      account: { id: bob.id },
      content: expect.stringContaining('Hello followers'),
    });

    const own = await post(amy, { status: 'Mine too' });
    await stream.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === own.id);
    await json(t.call('POST', `/api/v1/statuses/${own.id}/favourite`, { token: bob.token }));
    const note = JSON.parse((await stream.waitFor((e) => e.event === 'notification')).data);
    expect(note).toMatchObject({ type: 'favourite', account: { id: bob.id }, status: { id: own.id } });

    await json(t.call('DELETE', `/api/v1/statuses/${followed.id}`, { token: bob.token }));
    expect((await stream.waitFor((e) => e.event === 'delete')).data).toBe(followed.id);
    const updates = stream.events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data).id);
    expect(updates).toEqual([followed.id, own.id]);
    expect(updates).not.toContain(muted.id);
    expect(stream.comments).toContain(')');

    await stream.close();
    await until(() => listeners === before);
  });

  it('authenticates with ?access_token=, and serves the notification-only, public and hashtag streams', async () => {
    const eve = await user('eve');
    const fin = await user('fin');
    const notes = await open(`/api/v1/streaming/user/notification?access_token=${eve.token}`);
    const local = await open('/api/v1/streaming/public/local');
    const tag = await open('/api/v1/streaming?stream=hashtag&tag=Fromage');

    const first = await post(fin, { status: 'Hors sujet' });
    const tagged = await post(fin, { status: 'Du #fromage pour @eve' });
    await post(fin, { status: 'Entre nous #fromage', visibility: 'private' });
    await post(fin, { status: 'Une réponse #fromage', in_reply_to_id: first.id });

    const mention = JSON.parse((await notes.waitFor((e) => e.event === 'notification')).data);
    expect(mention).toMatchObject({ type: 'mention', status: { id: tagged.id } });
    const fromTag = JSON.parse((await tag.waitFor((e) => e.event === 'update')).data);
    expect(fromTag.id).toBe(tagged.id);
    await local.waitFor((e) => e.event === 'update' && JSON.parse(e.data).id === tagged.id);
    // Give stragglers a moment, then check nothing else arrived.
    const reply = await tag.waitFor((e) => e.event === 'update' && JSON.parse(e.data).in_reply_to_id === first.id);
    expect(JSON.parse(reply.data).visibility).toBe('public');
    expect(local.events.filter((e) => e.event === 'update').map((e) => JSON.parse(e.data).id)).toEqual([
      first.id,
      tagged.id,
    ]);
    expect(tag.events.filter((e) => e.event === 'update')).toHaveLength(2);
    expect(notes.events.filter((e) => e.event === 'update')).toEqual([]);
    for (const s of [notes, local, tag]) await s.close();
    await until(() => listeners === 0);
  });
});
