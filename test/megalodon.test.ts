/**
 * Conformance: `megalodon`, a Mastodon client library nobody here wrote (not masto.js), against a
 * real listening Comptoir over TCP. It throws on notification types it does not know, so our own
 * kinds (orders, reviews, watch alerts, moderation outcomes) must never reach it; and it reads
 * the entities the way Mastodon apps do (profile fields, roles, tag ids, several ids at once).
 */
import { Mastodon, NotificationType } from 'megalodon';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../src/db/client';
import { uuidv7 } from '../src/db/ids';
import { markRead } from '../src/modules/social';
import { appToken, signUpUser, until, type TestUser } from '../src/modules/social/api-test-support';
import { startTestServer, type TestServer } from './support/server';

let s: TestServer;
let ana: TestUser;
let ben: TestUser;
let cyd: TestUser;
const client = (u: TestUser) => new Mastodon(s.url, u.token);

const MASTODON_TYPES = [
  'mention',
  'status',
  'reblog',
  'follow',
  'follow_request',
  'favourite',
  'poll',
  'update',
  'admin.sign_up',
  'admin.report',
  'severed_relationships',
  'moderation_warning',
  'quote',
];
const OUR_KINDS = ['order', 'review', 'watch', 'moderation'] as const;

/** A notification of one of our own kinds, written as the commerce, reputation, listening and moderation modules write them. */
async function ourNotification(to: TestUser, from: TestUser, type: (typeof OUR_KINDS)[number]) {
  const id = uuidv7();
  await queryRows(
    s.ctx.db,
    sql`insert into notifications (id, account_id, from_account_id, type, subject_id, detail) values (${id}, ${to.id}, ${from.id}, ${type}, ${uuidv7()}, 'test')`,
  );
  await s.ctx.events.publish({ type: 'notification', notificationId: id, accountId: to.id });
  return id;
}

/** The HTTP error megalodon (axios) throws: its status and body. */
async function failure(promise: Promise<unknown>): Promise<{ status: number; data: any }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown } }).response;
    if (response) return response;
    throw error;
  }
  throw new Error('expected the request to fail');
}

beforeAll(async () => {
  s = await startTestServer();
  const app = await appToken(s);
  [ana, ben, cyd] = [
    await signUpUser(s, app, 'm_ana'),
    await signUpUser(s, app, 'm_ben'),
    await signUpUser(s, app, 'm_cyd'),
  ];
});
afterAll(() => s.stop());

describe('megalodon against a live server', () => {
  it('lists and reads notifications with our own kinds in the database, and filters them', async () => {
    const a = client(ana);
    await client(ben).followAccount(ana.id);
    const post = (await a.postStatus('Du #comté affiné 18 mois', {})).data;
    await client(ben).favouriteStatus(post.id);
    const ids = await Promise.all(OUR_KINDS.map((kind) => ourNotification(ana, ben, kind)));
    await client(cyd).postStatus(`@${ana.username} bonjour`, {});
    await client(cyd).followAccount(ana.id);

    const raw = (await a.client.get<{ id: string; type: string }[]>('/api/v1/notifications')).data;
    expect(raw.map((n) => n.type)).toEqual(['follow', 'mention', 'favourite', 'follow']);
    expect(raw.every((n) => MASTODON_TYPES.includes(n.type))).toBe(true);
    // megalodon silently drops what it does not know: here it keeps every one.
    const listed = (await a.getNotifications()).data;
    expect(listed.map((n) => n.type)).toEqual(['follow', 'mention', 'favourite', 'follow']);
    for (const n of listed) expect((await a.getNotification(n.id)).data.id).toBe(n.id);
    for (const id of ids) expect((await failure(a.getNotification(id))).status).toBe(404);

    // account_id, exclude_types, types[] and a single types=, in both array notations.
    const fromBen = (await a.getNotifications({ account_id: ben.id })).data;
    expect(fromBen.map((n) => [n.type, n.account?.id])).toEqual([
      ['favourite', ben.id],
      ['follow', ben.id],
    ]);
    const noFollows = (await a.getNotifications({ exclude_types: [NotificationType.Follow] })).data;
    expect(noFollows.map((n) => n.type)).toEqual(['mention', 'favourite']);
    const types = async (params: object) =>
      (await a.client.get<{ type: string }[]>('/api/v1/notifications', params)).data.map((n) => n.type);
    expect(await types({ types: ['mention', 'favourite'] })).toEqual(['mention', 'favourite']);
    expect(await types({ types: 'follow', account_id: cyd.id })).toEqual(['follow']);
    expect(await types({ exclude_types: 'follow' })).toEqual(['mention', 'favourite']);
    expect(await types({ types: ['follow_request'] })).toEqual([]);

    // Counts and markers speak of what the client sees.
    expect((await a.client.get('/api/v1/notifications/unread_count')).data).toEqual({ count: 4 });
    // Read on the page up to one of our kinds: the marker names the newest one the client knows.
    await markRead(s.ctx, ana.id, ids[ids.length - 1]);
    expect((await a.getMarkers(['notifications'])).data).toMatchObject({
      notifications: { last_read_id: listed[2].id },
    });
    expect((await a.client.get('/api/v1/notifications/unread_count')).data).toEqual({ count: 2 });
    await a.saveMarkers({ notifications: { last_read_id: listed[0].id } });
    expect((await a.client.get('/api/v1/notifications/unread_count')).data).toEqual({ count: 0 });

    // Our own route lists every kind, in our shape.
    const ours = (await a.client.get<{ type: string }[]>('/api/v1/comptoir/notifications')).data;
    expect(ours.map((n) => n.type).sort()).toEqual(['favourite', 'follow', 'follow', 'mention', ...OUR_KINDS].sort());
    expect(
      (await a.client.get<{ type: string }[]>('/api/v1/comptoir/notifications', { types: ['order'] })).data,
    ).toHaveLength(1);

    // Clearing from a Mastodon client clears what it saw, not what it never could.
    await a.dismissNotifications();
    expect((await a.getNotifications()).data).toEqual([]);
    expect((await a.client.get<unknown[]>('/api/v1/comptoir/notifications')).data).toHaveLength(OUR_KINDS.length);
  });

  it('streams only Mastodon notification types', async () => {
    const warn = vi.spyOn(console, 'warn');
    const stream = await client(cyd).userStreaming();
    const received: { type: string; status?: { id: string } }[] = [];
    stream.on('notification', (n: { type: string; status?: { id: string } }) => received.push(n));
    try {
      // Once a probe mention arrives the stream is surely listening; then one of our kinds, then a mention.
      let probes = 0;
      while (received.length === 0 && probes < 20) {
        await client(ben).postStatus(`@${cyd.username} tu es là ? ${probes++}`, {});
        await until(() => received.length > 0, 5000).catch(() => {});
      }
      expect(received.length).toBeGreaterThan(0);
      await ourNotification(cyd, ben, 'order');
      const after = (await client(ben).postStatus(`@${cyd.username} et maintenant ?`, {})).data;
      await until(() => received.some((n) => n.status?.id === after.id));
      expect(received.every((n) => n.type === 'mention')).toBe(true);
      expect(warn).not.toHaveBeenCalledWith(expect.stringContaining('Unknown notification'));
    } finally {
      stream.stop();
      warn.mockRestore();
    }
  });

  it('edits profile fields, bot, discoverable and indexable; verify_credentials has source and role', async () => {
    const b = client(ben);
    const fields = [
      { name: 'Boutique', value: 'https://example.com/boutique' },
      { name: 'Ville <b>', value: 'Besançon & Dole' },
    ];
    const updated = (await b.updateCredentials({ bot: true, discoverable: false, fields_attributes: fields })).data;
    expect(updated).toMatchObject({ bot: true, discoverable: false });
    expect(updated.fields.slice(0, 2)).toEqual([
      { name: 'Boutique', value: expect.stringContaining('href="https://example.com/boutique"'), verified_at: null },
      { name: 'Ville &lt;b&gt;', value: 'Besançon &amp; Dole', verified_at: null },
    ]);
    await b.client.patch('/api/v1/accounts/update_credentials', { indexable: false });
    const me = (await b.verifyAccountCredentials()).data as any;
    expect(me).toMatchObject({ bot: true, discoverable: false, indexable: false });
    expect(me.source).toMatchObject({
      fields: fields.map((f) => ({ ...f, verified_at: null })),
      indexable: false,
      discoverable: false,
    });
    expect(me.role).toEqual({ id: '-99', name: '', permissions: '0', color: '', highlighted: false });
    expect((await b.getAccount(ben.id)).data).toMatchObject({ bot: true, discoverable: false, indexable: false });

    // The object-indexed JSON notation and the form notation; blank pairs remove a field.
    await b.client.patch('/api/v1/accounts/update_credentials', {
      fields_attributes: { 1: { name: 'B', value: '2' }, 0: { name: 'A', value: '1' } },
    });
    expect((await b.verifyAccountCredentials()).data.source!.fields).toEqual([
      { name: 'A', value: '1', verified_at: null },
      { name: 'B', value: '2', verified_at: null },
    ]);
    const form = {
      'fields_attributes[0][name]': 'Seul',
      'fields_attributes[0][value]': 'champ',
      'fields_attributes[1][name]': '',
      'fields_attributes[1][value]': '',
    };
    await b.client.patchForm('/api/v1/accounts/update_credentials', form);
    expect((await b.verifyAccountCredentials()).data.source!.fields).toEqual([
      { name: 'Seul', value: 'champ', verified_at: null },
    ]);
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `n${i}`, value: `v${i}` }));
    const tooMany = await failure(b.updateCredentials({ fields_attributes: five }));
    expect(tooMany.status).toBe(422);
    expect(tooMany.data).toMatchObject({ error: expect.any(String), error_code: 'too_many_fields' });
    // The profile page shows them, escaped.
    await b.updateCredentials({ fields_attributes: fields });
    const page = await (await fetch(`${s.url}/@${ben.username}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Ville &lt;b&gt;');
    expect(page).not.toContain('Ville <b>');

    // A platform moderator's role says so.
    await queryRows(s.ctx.db, sql`insert into platform_roles (account_id, role) values (${cyd.id}, 'moderator')`);
    const role = ((await client(cyd).verifyAccountCredentials()).data as any).role;
    expect(role).toMatchObject({ name: 'Moderator', highlighted: true });
    expect(Number(role.permissions) & (1 << 4)).toBeTruthy();
  });

  it('gives hashtags in search results an id', async () => {
    await client(ana).postStatus('Encore du #Morbier', {});
    const found = (await client(ana).search('morbier', { type: 'hashtags' })).data;
    expect(found.hashtags).toEqual([expect.objectContaining({ id: 'morbier', name: 'morbier' })]);
  });

  it('fetches several accounts and statuses by id[]', async () => {
    const c = client(cyd);
    const bogus = '00000000-0000-7000-8000-000000000000';
    const accounts = (await c.client.get<{ id: string }[]>('/api/v1/accounts', { id: [ben.id, ana.id, bogus, 'nope'] }))
      .data;
    expect(accounts.map((a) => a.id)).toEqual([ben.id, ana.id]);
    const open = (await client(ana).postStatus('Pour tout le monde', {})).data;
    const followersOnly = (await client(ana).postStatus('Pour mes abonnés', { visibility: 'private' })).data;
    const anonymous = new Mastodon(s.url);
    const seen = (
      await anonymous.client.get<{ id: string }[]>('/api/v1/statuses', { id: [followersOnly.id, open.id, bogus] })
    ).data;
    expect(seen.map((st) => st.id)).toEqual([open.id]);
    // cyd follows ana (first test): both, in the order asked.
    const byFollower = (await c.client.get<{ id: string }[]>('/api/v1/statuses', { id: [followersOnly.id, open.id] }))
      .data;
    expect(byFollower.map((st) => st.id)).toEqual([followersOnly.id, open.id]);
  });

  it('answers unknown /api/v1 and /api/v2 paths in Mastodon’s error shape, our routes in ours', async () => {
    const c = client(ana);
    for (const path of ['/api/v1/nothing/here', '/api/v2/notifications/nope', '/api/v1/brands/x/y/z']) {
      const { status, data } = await failure(c.client.get(path));
      expect(status).toBe(404);
      expect(data).toEqual({ error: 'Record not found' });
    }
    const ours = await failure(c.client.get(`/api/v1/orders/${uuidv7()}`));
    expect(ours.status).toBe(404);
    expect(ours.data).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });
});
