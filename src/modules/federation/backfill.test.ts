// Discovery against a small fake ActivityPub server on loopback (documents we write by hand, as a
// server we did not write would serve them): actor lookups, staleness, a slow server, pasted post
// URLs and the first page of a remote outbox.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Object as APObject } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { jobHandlers } from '../../jobs/handlers';
import { runDueJobs } from '../../jobs/queue';
import { backfillOutbox, remoteAccountViewed } from './backfill';
import { importPostObject } from './inbound/import';
import { remoteObjectImporters } from './importers';
import { resolveHandle, resolveStatus } from './resolve';

const AS = 'https://www.w3.org/ns/activitystreams';
const PUBLIC = `${AS}#Public`;
let t: TestApp;
let server: Server;
let base: string;
let name = 'Zoé';
const imported: string[] = [];

function documents(): Record<string, unknown> {
  const actor = `${base}/users/zoe`;
  const note = (n: number, host = base) => ({
    id: `${host}/users/zoe/statuses/${n}`,
    type: 'Note',
    attributedTo: actor,
    content: `<p>Post ${n}</p>`,
    to: [PUBLIC],
    published: '2026-12-01T10:00:00Z',
  });
  return {
    '/users/zoe': {
      '@context': AS,
      id: actor,
      type: 'Person',
      preferredUsername: 'zoe',
      name,
      summary: '<p>Fromagère</p>',
      url: `${base}/@zoe`,
      icon: { type: 'Image', mediaType: 'image/png', url: `${base}/avatar.png` },
      inbox: `${actor}/inbox`,
      outbox: `${actor}/outbox`,
    },
    '/users/zoe/outbox': {
      '@context': AS,
      id: `${actor}/outbox`,
      type: 'OrderedCollection',
      totalItems: 3,
      first: `${actor}/outbox?page=1`,
    },
    '/users/zoe/outbox?page=1': {
      '@context': AS,
      id: `${actor}/outbox?page=1`,
      type: 'OrderedCollectionPage',
      partOf: `${actor}/outbox`,
      orderedItems: [
        { id: `${actor}/statuses/1/activity`, type: 'Create', actor, to: [PUBLIC], object: note(1) },
        // A post claiming another server's id: never stored from this outbox.
        {
          id: `${actor}/statuses/2/activity`,
          type: 'Create',
          actor,
          to: [PUBLIC],
          object: note(2, 'https://x.example'),
        },
        { id: `${actor}/statuses/3/announce`, type: 'Announce', actor, to: [PUBLIC], object: 'https://x.example/n/1' },
      ],
    },
    '/users/zoe/statuses/1': { '@context': AS, ...note(1) },
  };
}

let avatarPng: Buffer;

beforeAll(async () => {
  avatarPng = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c03' } })
    .png()
    .toBuffer();
  server = createServer((req, res) => {
    // A server that never answers: lookups must give up on their own.
    if (req.url?.startsWith('/slow')) return;
    if (req.url === '/avatar.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(avatarPng);
      return;
    }
    const doc = documents()[req.url ?? ''];
    if (!doc) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/activity+json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({ federation: true, federationAllowPrivate: true });
  // The real importer (inbound's) is tested at the end; these tests count what discovery hands over.
  remoteObjectImporters.unregister('posts');
  remoteObjectImporters.register({
    name: 'test',
    async importObject(_ctx, object: APObject) {
      imported.push(object.id?.href ?? '');
      const [row] = await queryRows<{ id: string }>(t.ctx.db, sql`select gen_random_uuid()::text as id`);
      return row!.id;
    },
  });
});
afterAll(async () => {
  remoteObjectImporters.unregister('test');
  remoteObjectImporters.register({ name: 'posts', importObject: importPostObject });
  (server as unknown as { closeAllConnections(): void }).closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t?.close();
});

describe('remote accounts by URL', () => {
  it('stores the actor; refreshes it only once it is older than a day', async () => {
    const zoe = await resolveHandle(t.ctx, `${base}/users/zoe`);
    expect(zoe.username).toBe(`zoe@${new URL(base).host}`);
    const displayName = async () =>
      (await queryRows<{ n: string }>(t.ctx.db, sql`select display_name as n from accounts where id = ${zoe.id}`))[0]!
        .n;
    expect(await displayName()).toBe('Zoé');
    name = 'Zoé Fromages';
    await resolveHandle(t.ctx, `${base}/users/zoe`);
    expect(await displayName()).toBe('Zoé');
    await queryRows(
      t.ctx.db,
      sql`update remote_actors set fetched_at = now() - interval '2 days' where account_id = ${zoe.id}`,
    );
    await resolveHandle(t.ctx, `@zoe@${new URL(base).host}`);
    expect(await displayName()).toBe('Zoé Fromages');
  });

  it('a server that never answers gives a 404, not a hung request', async () => {
    await expect(resolveHandle(t.ctx, `${base}/slow/users/sleepy`)).rejects.toMatchObject({
      code: 'remote_account_not_found',
    });
  });
});

describe('remote pictures', () => {
  it('copies the avatar into our media store by a job; pages never load it from its server', async () => {
    const zoe = await resolveHandle(t.ctx, `${base}/users/zoe`);
    await queryRows(
      t.ctx.db,
      sql`update remote_actors set fetched_at = now() - interval '2 days' where account_id = ${zoe.id}`,
    );
    await resolveHandle(t.ctx, `${base}/users/zoe`);
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    const [row] = await queryRows<{ path: string | null }>(
      t.ctx.db,
      sql`select avatar_path as path from accounts where id = ${zoe.id}`,
    );
    expect(row?.path).toMatch(/\.webp$/);
    const html = await (await t.app.request(`/@${zoe.username}`)).text();
    expect(html).toContain(`/media/${row!.path!.replace(/\.webp$/, '')}`);
    expect(html).not.toContain(`${base}/avatar.png`);
  });
});

describe('recent posts of a remote profile', () => {
  it("stores the first page of the outbox's own posts, once a day when its profile is shown", async () => {
    const zoe = await resolveHandle(t.ctx, `${base}/users/zoe`);
    // Its page was shown in an earlier test: forget that day's backfill.
    await queryRows(t.ctx.db, sql`delete from federation_kv where key like ${'comptoir%backfilled%'}`);
    imported.length = 0;
    expect(await backfillOutbox(t.ctx, zoe.id)).toBe(1);
    expect(imported).toEqual([`${base}/users/zoe/statuses/1`]);
    imported.length = 0;
    await remoteAccountViewed(t.ctx, zoe.id);
    await remoteAccountViewed(t.ctx, zoe.id);
    expect(imported).toEqual([`${base}/users/zoe/statuses/1`]);
  });

  it('a pasted post URL goes through the importer; without one it is not found', async () => {
    const id = await resolveStatus(t.ctx, `${base}/users/zoe/statuses/1`);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    remoteObjectImporters.unregister('test');
    try {
      await expect(resolveStatus(t.ctx, `${base}/users/zoe/statuses/1`)).rejects.toMatchObject({
        code: 'remote_status_not_found',
      });
    } finally {
      remoteObjectImporters.register({ name: 'test', importObject: async () => null });
    }
    await expect(resolveStatus(t.ctx, 'not a url')).rejects.toMatchObject({ code: 'invalid_url' });
  });

  it('with the real importer, a pasted post URL is stored as its author’s post, once', async () => {
    remoteObjectImporters.unregister('test');
    remoteObjectImporters.register({ name: 'posts', importObject: importPostObject });
    const url = `${base}/users/zoe/statuses/1`;
    const id = await resolveStatus(t.ctx, url);
    expect(await resolveStatus(t.ctx, url)).toBe(id);
    const rows = await queryRows<{ username: string; uri: string }>(
      t.ctx.db,
      sql`select a.username, s.uri from statuses s join accounts a on a.id = s.account_id where s.id = ${id}`,
    );
    expect(rows).toEqual([{ username: `zoe@${new URL(base).host}`, uri: url }]);
  });
});
