import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { uuidv7 } from '../../db/ids';
import { appToken, registerApp, signUpPerson } from './api-testing';

let t: TestApp;
let person: Awaited<ReturnType<typeof signUpPerson>>;
let other: Awaited<ReturnType<typeof signUpPerson>>;

beforeAll(async () => {
  t = await createTestApp();
  const token = await appToken(t, await registerApp(t));
  person = await signUpPerson(t, token, 'camille');
  other = await signUpPerson(t, token, 'dominique');
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as Record<string, any>;
const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 180, g: 60, b: 20 } } })
    .png()
    .toBuffer();
const patch = (form: FormData, token = person.token) =>
  t.call('PATCH', '/api/v1/accounts/update_credentials', { token, body: form });

describe('PATCH /api/v1/accounts/update_credentials', () => {
  it('updates text fields and our extras from JSON', async () => {
    const res = await t.call('PATCH', '/api/v1/accounts/update_credentials', {
      token: person.token,
      body: {
        display_name: 'Camille B.',
        note: 'Bonjour\n\nà tous <3',
        locked: 'true',
        location: 'Lyon',
        website: 'camille.example',
        primary_color: '#AA3300',
        locale: 'en',
      },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      display_name: 'Camille B.',
      note: '<p>Bonjour</p><p>à tous &lt;3</p>',
      locked: true,
      location: 'Lyon',
      website: 'https://camille.example/',
      locale: 'en',
      source: { note: 'Bonjour\n\nà tous <3' },
    });
    expect(body.fields).toContainEqual(expect.objectContaining({ name: 'Location', value: 'Lyon' }));
  });

  it('stores an avatar and a header sent as multipart files', async () => {
    const form = new FormData();
    form.set('display_name', 'Camille');
    form.set('avatar', new Blob([await png(600, 400)], { type: 'image/png' }), 'me.png');
    form.set('header', new Blob([await png(1800, 600)], { type: 'image/png' }), 'header.png');
    const res = await patch(form);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.display_name).toBe('Camille');
    expect(body.avatar).toMatch(/^http:\/\/localhost:3000\/media\/[0-9a-f/-]+\.webp$/);
    expect(body.header).toMatch(/\/media\/.+\.webp$/);
    expect(body.avatar_static).toBe(body.avatar);
    const file = await t.app.request(new URL(body.avatar).pathname);
    expect(file.status).toBe(200);
    const meta = await sharp(Buffer.from(await file.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 400, height: 400 });
  });

  it('refuses a bad image with 422 and changes nothing', async () => {
    const before = await json(await t.call('GET', '/api/v1/accounts/verify_credentials', { token: person.token }));
    const form = new FormData();
    form.set('display_name', 'Should not stick');
    form.set('note', 'nor this');
    form.set('avatar', new Blob(['<svg xmlns="http://www.w3.org/2000/svg"></svg>'], { type: 'image/png' }), 'evil.png');
    const res = await patch(form);
    expect(res.status).toBe(422);
    const error = await json(res);
    expect(error.error).toMatch(/^avatar: .*not a supported image/);
    expect(error.error_code).toBe('media_unprocessable');

    const truncated = new FormData();
    truncated.set('display_name', 'Should not stick');
    truncated.set('header', new Blob([(await png(100, 100)).subarray(0, 60)], { type: 'image/png' }), 'cut.png');
    expect((await patch(truncated)).status).toBe(422);

    const empty = new FormData();
    empty.set('display_name', 'Should not stick');
    empty.set('avatar', new Blob([], { type: 'image/png' }), 'empty.png');
    expect((await patch(empty)).status).toBe(422);

    const after = await json(await t.call('GET', '/api/v1/accounts/verify_credentials', { token: person.token }));
    expect(after).toEqual(before);
  });

  it('refuses bad fields with 4xx and a stable code, changing nothing', async () => {
    const before = await json(await t.call('GET', '/api/v1/accounts/verify_credentials', { token: person.token }));
    const cases: [Record<string, unknown>, number, string][] = [
      [{ display_name: 'x'.repeat(61) }, 422, 'field_too_long'],
      [{ note: 'n'.repeat(501), display_name: 'ok' }, 422, 'field_too_long'],
      [{ display_name: { nested: true } }, 400, 'invalid_param'],
      [{ locked: 'perhaps' }, 400, 'invalid_param'],
      [{ website: 'javascript:alert(1)', display_name: 'ok' }, 422, 'invalid_website'],
      [{ primary_color: 'red' }, 422, 'invalid_color'],
      [{ locale: 'de' }, 422, 'invalid_locale'],
      [{ avatar: 'https://example.com/a.png' }, 400, 'invalid_param'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.call('PATCH', '/api/v1/accounts/update_credentials', { token: person.token, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await json(res)).error_code, JSON.stringify(body)).toBe(code);
    }
    const malformed = await t.app.request('/api/v1/accounts/update_credentials', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
      body: '{"display_name":',
    });
    expect(malformed.status).toBe(400);
    const textBody = await t.app.request('/api/v1/accounts/update_credentials', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${person.token}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(textBody.status).toBe(415);
    expect(await json(await t.call('GET', '/api/v1/accounts/verify_credentials', { token: person.token }))).toEqual(
      before,
    );
  });

  it('needs a signed-in person with write scope', async () => {
    expect((await t.call('PATCH', '/api/v1/accounts/update_credentials', { body: { display_name: 'x' } })).status).toBe(
      401,
    );
    const client = await registerApp(t, { scopes: 'read write' });
    const readOnly = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'password',
        client_id: client.client_id,
        client_secret: client.client_secret,
        username: other.email,
        password: other.password,
        scope: 'read',
      },
    });
    const token = (await json(readOnly)).access_token;
    const res = await t.call('PATCH', '/api/v1/accounts/update_credentials', { token, body: { display_name: 'x' } });
    expect(res.status).toBe(403);
    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(200);
  });
});

describe('reading accounts', () => {
  it('GET /api/v1/accounts/:id answers a Mastodon Account, 404 otherwise', async () => {
    const res = await t.call('GET', `/api/v1/accounts/${other.id}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      id: other.id,
      username: 'dominique',
      acct: 'dominique',
      kind: 'person',
      emojis: [],
      fields: [],
    });
    for (const key of [
      'display_name',
      'note',
      'avatar',
      'avatar_static',
      'header',
      'header_static',
      'locked',
      'bot',
      'created_at',
      'followers_count',
      'following_count',
      'statuses_count',
      'url',
    ]) {
      expect(body, key).toHaveProperty(key);
    }
    expect(body.source).toBeUndefined();

    const unknown = await t.call('GET', `/api/v1/accounts/${uuidv7()}`);
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ error: 'Record not found' });
    for (const bad of [
      'not-an-id',
      '12345',
      'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
      '------------------------------------',
    ]) {
      const res2 = await t.call('GET', `/api/v1/accounts/${bad}`);
      expect(res2.status, bad).toBe(404);
      expect((await json(res2)).error, bad).toBe('Record not found');
    }
  });

  it('leaves /api/v1/accounts/relationships to the social module', async () => {
    const res = await t.call('GET', '/api/v1/accounts/relationships?id[]=x', { token: person.token });
    expect((await json(res)).username).toBeUndefined();
  });

  it('looks accounts up by handle', async () => {
    for (const acct of ['dominique', '@dominique', 'DOMINIQUE', 'dominique@localhost:3000']) {
      const res = await t.call('GET', `/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`);
      expect(res.status, acct).toBe(200);
      expect((await json(res)).id).toBe(other.id);
    }
    expect((await t.call('GET', '/api/v1/accounts/lookup?acct=dominique@elsewhere.example')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/accounts/lookup?acct=nobody_here')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/accounts/lookup')).status).toBe(404);
  });

  it('searches accounts', async () => {
    const res = await t.call('GET', '/api/v1/accounts/search?q=domin&limit=5', { token: person.token });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: string }[];
    expect(list.map((a) => a.id)).toEqual([other.id]);
    expect(await json(await t.call('GET', '/api/v1/accounts/search?q='))).toEqual([]);
    expect(await (await t.call('GET', '/api/v1/accounts/search?q=domin&offset=40')).json()).toEqual([]);
    expect((await t.call('GET', '/api/v1/accounts/search?q=x&limit=abc')).status).toBe(400);
    expect((await t.call('GET', `/api/v1/accounts/search?q=${'%25_'.repeat(300)}`)).status).toBe(200);
  });
});
