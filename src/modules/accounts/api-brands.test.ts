import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { uuidv7 } from '../../db/ids';
import { appToken, browserSession, registerApp, signUpPerson } from './api-testing';

let t: TestApp;
type Person = Awaited<ReturnType<typeof signUpPerson>>;
let owner: Person, admin: Person, staff: Person, outsider: Person, newcomer: Person, coOwner: Person;
let brandId: string;

beforeAll(async () => {
  t = await createTestApp();
  const token = await appToken(t, await registerApp(t));
  [owner, admin, staff, outsider, newcomer, coOwner] = [
    await signUpPerson(t, token, 'owner_ana'),
    await signUpPerson(t, token, 'admin_bea'),
    await signUpPerson(t, token, 'staff_cy'),
    await signUpPerson(t, token, 'outsider_dan'),
    await signUpPerson(t, token, 'newcomer_eve'),
    await signUpPerson(t, token, 'coowner_fay'),
  ];
});
afterAll(() => t.close());

const json = async (res: Response) => (await res.json()) as any;
const errorCode = async (res: Response) => (await json(res)).error?.code as string;

describe('creating and reading brands', () => {
  it('creates a brand owned by the caller (201) and lists it', async () => {
    const res = await t.call('POST', '/api/v1/brands', {
      token: owner.token,
      body: { username: 'maison_lumen', display_name: 'Maison Lumen' },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({
      id: expect.any(String),
      role: 'owner',
      account: {
        username: 'maison_lumen',
        display_name: 'Maison Lumen',
        kind: 'brand',
        acct: 'maison_lumen',
        brand: { primary_color: null },
      },
    });
    expect(body.account.id).toBe(body.id);
    brandId = body.id;

    const mine = await json(await t.call('GET', '/api/v1/brands', { token: owner.token }));
    expect(mine).toEqual([expect.objectContaining({ id: brandId, role: 'owner' })]);
    expect(await json(await t.call('GET', '/api/v1/brands', { token: outsider.token }))).toEqual([]);

    const publicView = await t.call('GET', `/api/v1/brands/${brandId}`);
    expect(publicView.status).toBe(200);
    expect(await json(publicView)).toMatchObject({ id: brandId, role: null });
    expect((await json(await t.call('GET', `/api/v1/brands/${brandId}`, { token: owner.token }))).role).toBe('owner');
    // The brand is a Mastodon account too.
    expect((await json(await t.call('GET', `/api/v1/accounts/${brandId}`))).kind).toBe('brand');
  });

  it('answers our error shape for bad input', async () => {
    const taken = await t.call('POST', '/api/v1/brands', { token: owner.token, body: { username: 'Maison_Lumen' } });
    expect(taken.status).toBe(409);
    expect(await json(taken)).toEqual({ error: { code: 'username_taken', message: expect.any(String) } });
    const cases: [unknown, number, string][] = [
      [{}, 400, 'missing_param'],
      [{ username: 42 }, 400, 'invalid_param'],
      [{ username: 'ok_name', display_name: ['x'] }, 400, 'invalid_param'],
      [{ username: 'bad name' }, 422, 'invalid_username'],
      [{ username: 'admin' }, 422, 'username_reserved'],
      [{ username: 'long_display', display_name: 'x'.repeat(61) }, 422, 'field_too_long'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.call('POST', '/api/v1/brands', { token: owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await errorCode(res), JSON.stringify(body)).toBe(code);
    }
    const malformed = await t.app.request('/api/v1/brands', {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      body: '[1,2',
    });
    expect(malformed.status).toBe(400);
    expect(await errorCode(malformed)).toBe('invalid_json');
    const array = await t.app.request('/api/v1/brands', {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      body: '[1,2]',
    });
    expect(array.status).toBe(400);
    expect((await t.call('POST', '/api/v1/brands', { body: { username: 'anon_brand' } })).status).toBe(401);
    const unknown = await t.call('GET', `/api/v1/brands/${uuidv7()}`);
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('not_found');
    expect((await t.call('GET', '/api/v1/brands/not-a-uuid')).status).toBe(404);
    // A person is not a brand.
    expect((await t.call('GET', `/api/v1/brands/${owner.id}`)).status).toBe(404);
  });

  it('a brand cannot create brands (only people can)', async () => {
    // People act for brands via their session, but creating a brand always makes the person its owner.
    const res = await t.call('POST', '/api/v1/brands', { token: owner.token, body: { username: 'second_brand' } });
    expect(res.status).toBe(201);
    expect(
      (await json(await t.call('GET', '/api/v1/brands', { token: owner.token })))
        .map((b: any) => b.account.username)
        .sort(),
    ).toEqual(['maison_lumen', 'second_brand']);
  });
});

describe('the team role matrix', () => {
  const addMember = (actor: Person, accountId: string, role: string) =>
    t.call('POST', `/api/v1/brands/${brandId}/members`, { token: actor.token, body: { account_id: accountId, role } });

  it('an owner adds an admin and staff; members see the team, others get 403', async () => {
    const res = await addMember(owner, admin.id, 'admin');
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({
      role: 'admin',
      account: { id: admin.id, username: 'admin_bea' },
      created_at: expect.any(String),
    });
    expect((await addMember(owner, staff.id, 'staff')).status).toBe(201);

    const team = await t.call('GET', `/api/v1/brands/${brandId}/members`, { token: staff.token });
    expect(team.status).toBe(200);
    expect((await json(team)).map((m: any) => [m.account.username, m.role])).toEqual([
      ['owner_ana', 'owner'],
      ['admin_bea', 'admin'],
      ['staff_cy', 'staff'],
    ]);
    const outsiderView = await t.call('GET', `/api/v1/brands/${brandId}/members`, { token: outsider.token });
    expect(outsiderView.status).toBe(403);
    expect(await errorCode(outsiderView)).toBe('not_a_member');
    expect((await t.call('GET', `/api/v1/brands/${brandId}/members`)).status).toBe(401);
    expect((await json(await t.call('GET', `/api/v1/brands/${brandId}`, { token: staff.token }))).role).toBe('staff');
  });

  it('staff cannot add members; admins cannot grant owner or admin; non-members cannot either', async () => {
    const byStaff = await addMember(staff, newcomer.id, 'staff');
    expect(byStaff.status).toBe(403);
    expect(await errorCode(byStaff)).toBe('role_not_allowed');
    const ownerByAdmin = await addMember(admin, newcomer.id, 'owner');
    expect(ownerByAdmin.status).toBe(403);
    expect(await errorCode(ownerByAdmin)).toBe('role_not_allowed');
    expect((await addMember(admin, newcomer.id, 'admin')).status).toBe(403);
    const byOutsider = await addMember(outsider, newcomer.id, 'staff');
    expect(byOutsider.status).toBe(403);
    expect(await errorCode(byOutsider)).toBe('not_a_member');
    // What an admin may do:
    const cm = await addMember(admin, newcomer.id, 'community_manager');
    expect(cm.status).toBe(201);
    const promoted = await t.call('PATCH', `/api/v1/brands/${brandId}/members/${newcomer.id}`, {
      token: admin.token,
      body: { role: 'moderator' },
    });
    expect(promoted.status).toBe(200);
    expect((await json(promoted)).role).toBe('moderator');
    // An admin cannot demote or remove another admin or an owner.
    expect(
      (
        await t.call('PATCH', `/api/v1/brands/${brandId}/members/${owner.id}`, {
          token: admin.token,
          body: { role: 'staff' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await t.call('DELETE', `/api/v1/brands/${brandId}/members/${owner.id}`, { token: admin.token })).status,
    ).toBe(403);
  });

  it('checks member input', async () => {
    const cases: [unknown, number, string][] = [
      [{ account_id: newcomer.id, role: 'emperor' }, 422, 'invalid_role'],
      [{ account_id: newcomer.id }, 400, 'missing_param'],
      [{ account_id: 12, role: 'staff' }, 400, 'invalid_param'],
      [{ account_id: 'not-a-uuid', role: 'staff' }, 404, 'not_found'],
      [{ account_id: uuidv7(), role: 'staff' }, 404, 'not_found'],
      [{ account_id: brandId, role: 'staff' }, 422, 'not_a_person'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.call('POST', `/api/v1/brands/${brandId}/members`, { token: owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await errorCode(res), JSON.stringify(body)).toBe(code);
    }
    expect(
      (
        await t.call('PATCH', `/api/v1/brands/${brandId}/members/${outsider.id}`, {
          token: owner.token,
          body: { role: 'staff' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/brands/${brandId}/members/nope`, { token: owner.token, body: { role: 'staff' } }))
        .status,
    ).toBe(404);
    expect(
      (await t.call('DELETE', `/api/v1/brands/${brandId}/members/${outsider.id}`, { token: owner.token })).status,
    ).toBe(404);
    expect(
      (
        await t.call('POST', `/api/v1/brands/${uuidv7()}/members`, {
          token: owner.token,
          body: { account_id: newcomer.id, role: 'staff' },
        })
      ).status,
    ).toBe(404);
  });

  it('the last owner cannot leave; with a second owner they can', async () => {
    const leave = await t.call('DELETE', `/api/v1/brands/${brandId}/members/${owner.id}`, { token: owner.token });
    expect(leave.status).toBe(409);
    expect(await errorCode(leave)).toBe('last_owner');
    const demote = await t.call('PATCH', `/api/v1/brands/${brandId}/members/${owner.id}`, {
      token: owner.token,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(409);

    // Staff may leave on their own.
    expect(
      (await t.call('DELETE', `/api/v1/brands/${brandId}/members/${staff.id}`, { token: staff.token })).status,
    ).toBe(200);
    expect((await t.call('GET', `/api/v1/brands/${brandId}/members`, { token: staff.token })).status).toBe(403);

    expect((await addMember(owner, coOwner.id, 'owner')).status).toBe(201);
    const left = await t.call('DELETE', `/api/v1/brands/${brandId}/members/${owner.id}`, { token: owner.token });
    expect(left.status).toBe(200);
    expect(await json(left)).toEqual({});
    expect((await json(await t.call('GET', `/api/v1/brands/${brandId}`, { token: owner.token }))).role).toBeNull();
    // Re-admitted by the new owner so the charter tests below have an owner at hand.
    expect(
      (
        await t.call('POST', `/api/v1/brands/${brandId}/members`, {
          token: coOwner.token,
          body: { account_id: owner.id, role: 'owner' },
        })
      ).status,
    ).toBe(201);
  });
});

describe('editing the charter', () => {
  it('owners and admins edit it, with logo and banner; others get 403', async () => {
    const form = new FormData();
    form.set('display_name', 'Maison Lumen Paris');
    form.set('note', 'Bougies artisanales');
    form.set('location', 'Paris 11e');
    form.set('website', 'https://lumen.example');
    form.set('primary_color', '#1A2B3C');
    form.set('accent_color', '#ffcc00');
    form.set(
      'avatar',
      new Blob(
        [
          await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123456' } })
            .jpeg()
            .toBuffer(),
        ],
        { type: 'image/jpeg' },
      ),
      'logo.jpg',
    );
    const res = await t.call('PATCH', `/api/v1/brands/${brandId}`, { token: admin.token, body: form });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      id: brandId,
      role: 'admin',
      account: {
        display_name: 'Maison Lumen Paris',
        location: 'Paris 11e',
        website: 'https://lumen.example/',
        brand: { primary_color: '#1a2b3c', accent_color: '#ffcc00' },
      },
    });
    expect(body.account.avatar).toMatch(/\/media\/.+\.webp$/);

    const byModerator = await t.call('PATCH', `/api/v1/brands/${brandId}`, {
      token: newcomer.token,
      body: { display_name: 'Hijack' },
    });
    expect(byModerator.status).toBe(403);
    expect(await errorCode(byModerator)).toBe('role_not_allowed');
    expect(
      (await t.call('PATCH', `/api/v1/brands/${brandId}`, { token: outsider.token, body: { display_name: 'Hijack' } }))
        .status,
    ).toBe(403);
    expect((await t.call('PATCH', `/api/v1/brands/${brandId}`, { body: { display_name: 'Hijack' } })).status).toBe(401);
  });

  it('a bad field or image changes nothing', async () => {
    const before = await json(await t.call('GET', `/api/v1/brands/${brandId}`));
    const form = new FormData();
    form.set('display_name', 'Changed?');
    form.set('header', new Blob(['GIF89a not really'], { type: 'image/gif' }), 'h.gif');
    const bad = await t.call('PATCH', `/api/v1/brands/${brandId}`, { token: owner.token, body: form });
    expect(bad.status).toBe(422);
    expect(await json(bad)).toMatchObject({
      error: { code: 'media_unprocessable', message: expect.stringMatching(/^header: /), details: { field: 'header' } },
    });
    for (const [body, status] of [
      [{ display_name: 'Changed?', primary_color: 'blue' }, 422],
      [{ display_name: 'Changed?', note: 'n'.repeat(501) }, 422],
      [{ display_name: 'Changed?', website: 'ftp://x' }, 422],
      [{ display_name: 5 }, 400],
      [{ avatar: 'not a file' }, 400],
    ] as const) {
      const res = await t.call('PATCH', `/api/v1/brands/${brandId}`, { token: owner.token, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
    }
    expect(await json(await t.call('GET', `/api/v1/brands/${brandId}`))).toEqual(before);
  });

  it('works from our own pages with the session cookie and CSRF header', async () => {
    const { cookie, csrf } = await browserSession(t, owner.id);
    const withoutCsrf = await t.call('PATCH', `/api/v1/brands/${brandId}`, {
      headers: { cookie },
      body: { note: 'from the web' },
    });
    expect(withoutCsrf.status).toBe(403);
    expect(await errorCode(withoutCsrf)).toBe('csrf_failed');
    const ok = await t.call('PATCH', `/api/v1/brands/${brandId}`, {
      headers: { cookie, 'x-csrf-token': csrf },
      body: { note: 'from the web' },
    });
    expect(ok.status).toBe(200);
    expect((await json(ok)).account.note).toBe('<p>from the web</p>');
  });
});
