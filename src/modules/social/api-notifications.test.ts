import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { appToken, json, links, pathOf, signUpUser, type TestUser } from './api-test-support';
import { polls } from './schema';

let t: TestApp;
let app: string;
const user = (name: string) => signUpUser(t, app, name);
const post = (u: TestUser, body: Record<string, unknown>) =>
  json(t.call('POST', '/api/v1/statuses', { token: u.token, body }));
const png = () =>
  sharp({ create: { width: 40, height: 20, channels: 3, background: '#c03' } })
    .png()
    .toBuffer();

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
});
afterAll(() => t.close());

describe('notifications and markers', () => {
  it('lists, filters, pages, reads one, counts unread, marks read, dismisses and clears — only one’s own', async () => {
    const ava = await user('ava');
    const ben = await user('ben');
    const status = await post(ava, { status: 'Coucou' });
    await json(t.call('POST', `/api/v1/accounts/${ava.id}/follow`, { token: ben.token }));
    await json(t.call('POST', `/api/v1/statuses/${status.id}/favourite`, { token: ben.token }));
    const reply = await post(ben, { status: '@ava merci', in_reply_to_id: status.id });

    const all = await json(t.call('GET', '/api/v1/notifications', { token: ava.token }));
    expect(all.map((n: any) => n.type)).toEqual(['mention', 'favourite', 'follow']);
    expect(all[0]).toMatchObject({ account: { id: ben.id }, status: { id: reply.id, in_reply_to_id: status.id } });
    expect(all[1].status.id).toBe(status.id);
    expect(all[2].status).toBeNull();
    expect(typeof all[0].created_at).toBe('string');

    expect(
      (await json(t.call('GET', '/api/v1/notifications?types[]=follow', { token: ava.token }))).map((n: any) => n.type),
    ).toEqual(['follow']);
    expect(
      (
        await json(
          t.call('GET', '/api/v1/notifications?exclude_types[]=mention&exclude_types[]=follow', { token: ava.token }),
        )
      ).map((n: any) => n.type),
    ).toEqual(['favourite']);
    expect(await json(t.call('GET', '/api/v1/notifications?types[]=follow_request', { token: ava.token }))).toEqual([]);
    const page = await t.call('GET', '/api/v1/notifications?limit=1', { token: ava.token });
    expect((await json(page)).map((n: any) => n.id)).toEqual([all[0].id]);
    expect((await json(t.call('GET', pathOf(links(page).next), { token: ava.token }))).map((n: any) => n.id)).toEqual([
      all[1].id,
    ]);

    // Another account never reaches these: not listed, not readable, not dismissable.
    expect(await json(t.call('GET', '/api/v1/notifications', { token: ben.token }))).toEqual([]);
    expect((await t.call('GET', `/api/v1/notifications/${all[0].id}`, { token: ben.token })).status).toBe(404);
    const foreign = await t.call('POST', `/api/v1/notifications/${all[0].id}/dismiss`, { token: ben.token });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error_code?: string }).error_code).toBe('not_found');
    const foreignInBody = await t.call('POST', '/api/v1/notifications/dismiss', {
      token: ben.token,
      body: { id: all[0].id },
    });
    expect(foreignInBody.status).toBe(404);
    await json(t.call('POST', '/api/v1/notifications/clear', { token: ben.token }));
    expect((await json(t.call('GET', `/api/v1/notifications/${all[0].id}`, { token: ava.token }))).id).toBe(all[0].id);
    expect((await t.call('GET', '/api/v1/notifications')).status).toBe(401);

    expect(await json(t.call('GET', '/api/v1/notifications/unread_count', { token: ava.token }))).toEqual({ count: 3 });
    expect(await json(t.call('GET', '/api/v1/markers?timeline[]=notifications', { token: ava.token }))).toEqual({});
    const marked = await json(
      t.call('POST', '/api/v1/markers', { token: ava.token, body: { notifications: { last_read_id: all[1].id } } }),
    );
    expect(marked.notifications).toMatchObject({ last_read_id: all[1].id, version: 0 });
    expect(await json(t.call('GET', '/api/v1/notifications/unread_count', { token: ava.token }))).toEqual({ count: 1 });
    // Form style: notifications[last_read_id]=…
    const form = new URLSearchParams({ 'notifications[last_read_id]': all[0].id });
    await json(
      t.app.request('/api/v1/markers', {
        method: 'POST',
        headers: { authorization: `Bearer ${ava.token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      }),
    );
    expect(
      (await json(t.call('GET', '/api/v1/markers?timeline[]=notifications', { token: ava.token }))).notifications
        .last_read_id,
    ).toBe(all[0].id);
    expect(await json(t.call('GET', '/api/v1/notifications/unread_count', { token: ava.token }))).toEqual({ count: 0 });
    expect(
      (await t.call('POST', '/api/v1/markers', { token: ava.token, body: { notifications: { last_read_id: 'x' } } }))
        .status,
    ).toBe(422);

    await json(t.call('POST', `/api/v1/notifications/${all[0].id}/dismiss`, { token: ava.token }));
    expect((await json(t.call('GET', '/api/v1/notifications', { token: ava.token }))).map((n: any) => n.id)).toEqual([
      all[1].id,
      all[2].id,
    ]);
    await json(t.call('POST', '/api/v1/notifications/clear', { token: ava.token }));
    expect(await json(t.call('GET', '/api/v1/notifications', { token: ava.token }))).toEqual([]);
  });
});

describe('media', () => {
  it('uploads an image with alt text, lets only its owner read and edit it, attaches it to a post', async () => {
    const cat = await user('cat');
    const dee = await user('dee');
    const form = new FormData();
    form.append('file', new Blob([await png()], { type: 'image/png' }), 'photo.png');
    form.append('description', 'Une meule de comté');
    const media = await json(t.call('POST', '/api/v2/media', { token: cat.token, body: form }));
    expect(media).toMatchObject({
      type: 'image',
      description: 'Une meule de comté',
      meta: { original: { width: 40, height: 20 } },
    });
    expect(media.url).toMatch(/^http:\/\/localhost:3000\/media\/.+\.webp$/);

    expect((await json(t.call('GET', `/api/v1/media/${media.id}`, { token: cat.token }))).id).toBe(media.id);
    expect((await t.call('GET', `/api/v1/media/${media.id}`, { token: dee.token })).status).toBe(404);
    expect(
      (await t.call('PUT', `/api/v1/media/${media.id}`, { token: dee.token, body: { description: 'pirate' } })).status,
    ).toBe(404);
    const updated = await json(
      t.call('PUT', `/api/v1/media/${media.id}`, { token: cat.token, body: { description: 'Comté 18 mois' } }),
    );
    expect(updated.description).toBe('Comté 18 mois');
    expect(
      (await t.call('PUT', `/api/v1/media/${media.id}`, { token: cat.token, body: { description: 'x'.repeat(1501) } }))
        .status,
    ).toBe(422);

    // Someone else cannot attach it; its owner can.
    expect(
      (await t.call('POST', '/api/v1/statuses', { token: dee.token, body: { status: 'vol', media_ids: [media.id] } }))
        .status,
    ).toBe(422);
    const status = await post(cat, { status: 'Photo', media_ids: [media.id] });
    expect(status.media_attachments).toEqual([expect.objectContaining({ id: media.id, description: 'Comté 18 mois' })]);
    expect((await json(t.call('GET', '/api/v1/timelines/public?only_media=true'))).map((s: any) => s.id)).toEqual([
      status.id,
    ]);

    const v1 = new FormData();
    v1.append('file', new Blob([new TextEncoder().encode('<svg></svg>')], { type: 'image/svg+xml' }), 'x.svg');
    const refused = await t.call('POST', '/api/v1/media', { token: cat.token, body: v1 });
    expect(refused.status).toBe(422);
    expect(typeof (await refused.json()).error).toBe('string');
    expect((await t.call('POST', '/api/v2/media', { token: cat.token, body: new FormData() })).status).toBe(422);
  });
});

describe('polls', () => {
  it('reads and votes once; a closed poll refuses votes', async () => {
    const eva = await user('eva');
    const fox = await user('fox');
    const status = await post(eva, {
      status: 'Quel fromage ?',
      poll: { options: ['Comté', 'Brie', 'Roquefort'], expires_in: 3600 },
    });
    expect(status.poll).toMatchObject({
      multiple: false,
      expired: false,
      votes_count: 0,
      options: [{ title: 'Comté', votes_count: 0 }, { title: 'Brie' }, { title: 'Roquefort' }],
    });
    const pollId = status.poll.id;

    const voted = await json(
      t.call('POST', `/api/v1/polls/${pollId}/votes`, { token: fox.token, body: { choices: ['1'] } }),
    );
    expect(voted).toMatchObject({ voted: true, own_votes: [1], votes_count: 1, voters_count: 1 });
    const again = await t.call('POST', `/api/v1/polls/${pollId}/votes`, { token: fox.token, body: { choices: [0] } });
    expect(again.status).toBe(422);
    expect(typeof (await again.json()).error).toBe('string');
    expect(await json(t.call('GET', `/api/v1/polls/${pollId}`, { token: fox.token }))).toMatchObject({
      voted: true,
      own_votes: [1],
    });
    expect(await json(t.call('GET', `/api/v1/polls/${pollId}`))).toMatchObject({ voted: false, votes_count: 1 });

    // Forms: poll[options][]=…&poll[expires_in]=…
    const form = new URLSearchParams([
      ['status', 'Vin ?'],
      ['poll[options][]', 'Rouge'],
      ['poll[options][]', 'Blanc'],
      ['poll[expires_in]', '600'],
      ['poll[multiple]', 'true'],
    ]);
    const res = await t.app.request('/api/v1/statuses', {
      method: 'POST',
      headers: { authorization: `Bearer ${eva.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const formPoll = (await json(res)).poll;
    expect(formPoll).toMatchObject({ multiple: true, options: [{ title: 'Rouge' }, { title: 'Blanc' }] });
    await t.ctx.db
      .update(polls)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(polls.id, formPoll.id));
    const closed = await t.call('POST', `/api/v1/polls/${formPoll.id}/votes`, {
      token: fox.token,
      body: { choices: [0, 1] },
    });
    expect(closed.status).toBe(422);
    expect(
      (
        await t.call('POST', '/api/v1/statuses', {
          token: eva.token,
          body: { status: 'x', poll: { options: ['seule'], expires_in: 600 } },
        })
      ).status,
    ).toBe(422);
  });
});

describe('short links', () => {
  it('redirects with a click count; unknown codes are a 404', async () => {
    const gus = await user('gus');
    const status = await post(gus, { status: 'Voir https://example.com/produit/42' });
    const href = /href="http:\/\/localhost:3000(\/s\/\w+)"/.exec(status.content)![1];
    const res = await t.app.request(href);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.com/produit/42');
    const missing = await t.app.request('/s/zzzzzzz', { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
  });
});
