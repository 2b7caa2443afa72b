import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { runJobs } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { createAccount, oauth, signUp } from '../../accounts';

/**
 * A closed account's followers on other servers hear of it once: a signed `Delete` of its actor
 * reaches each server's inbox, sent with the keys those servers know; then the keys are erased.
 */

const PASSWORD = 'correct horse battery';
let t: TestApp;
const received: { path: string; signature: string; body: any }[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        signature: `${req.headers.signature ?? ''} ${req.headers['signature-input'] ?? ''}`,
        body: JSON.parse(body || '{}'),
      });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({ federation: true, federationAllowPrivate: true });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A remote account on the loopback server, following `followeeId` here. */
async function remoteFollower(name: string, followeeId: string) {
  const host = new URL(base).host;
  const account = await createAccount({ db: t.ctx.db }, { kind: 'person', username: `${name}_${Date.now() % 100000}` });
  // A remote account's username is its whole handle.
  await queryRows(
    t.ctx.db,
    sql`update accounts set username = ${`${name}@${host}`}, domain = ${host} where id = ${account.id}`,
  );
  await queryRows(
    t.ctx.db,
    sql`insert into remote_actors (account_id, uri, actor_type, inbox_url, shared_inbox_url)
        values (${account.id}, ${`${base}/users/${name}`}, 'Person', ${`${base}/users/${name}/inbox`}, ${`${base}/inbox`})`,
  );
  await queryRows(t.ctx.db, sql`insert into follows (follower_id, followee_id) values (${account.id}, ${followeeId})`);
  return account;
}

describe('closing an account with followers on another server', () => {
  it('sends one signed Delete of the actor to their shared inbox, then erases the keys', async () => {
    const username = `fed_${Date.now().toString(36)}`;
    const me = await signUp(t.ctx, { username, email: `${username}@example.test`, password: PASSWORD });
    const { accessToken } = await oauth.issueToken({ db: t.ctx.db }, null, me.id, 'read write');
    // The keys the followers' servers know (made when the actor was first served).
    const actorDoc = await t.app.request(`/users/${username}`, { headers: { accept: 'application/activity+json' } });
    expect(actorDoc.status).toBe(200);
    const doc = (await actorDoc.json()) as { id: string; publicKey: { id: string } };
    const actorId = doc.id;
    await remoteFollower('ana', me.id);
    await remoteFollower('bob', me.id);

    const res = await t.call('DELETE', '/api/v1/account', { token: accessToken, body: { password: PASSWORD } });
    expect(res.status).toBe(202);
    await runJobs(t);

    const deletes = received.filter((r) => r.body.type === 'Delete');
    // One server, two followers: one delivery to its shared inbox.
    expect(deletes).toHaveLength(1);
    expect(deletes[0].path).toBe('/inbox');
    expect(deletes[0].body.actor).toBe(actorId);
    expect(deletes[0].body.object).toBe(actorId);
    // Signed with the key the actor published (HTTP Message Signatures or draft-cavage).
    expect(deletes[0].signature.toLowerCase()).toContain(`keyid="${doc.publicKey.id.toLowerCase()}"`);
    const keys = await queryRows(t.ctx.db, sql`select 1 from federation_keys where account_id = ${me.id}`);
    expect(keys).toEqual([]);
    // The next run of the erasure (queued for later) sweeps the finished deliveries that named the actor.
    const sweep = await queryRows(
      t.ctx.db,
      sql`select 1 from jobs where kind = 'privacy.erase' and done_at is null and payload ->> 'accountId' = ${me.id}`,
    );
    expect(sweep).toHaveLength(1);
    await queryRows(t.ctx.db, sql`update jobs set run_at = now() where kind = 'privacy.erase' and done_at is null`);
    await runJobs(t);
    const naming = await queryRows(t.ctx.db, sql`select kind from jobs where payload::text like ${`%${username}%`}`);
    expect(naming).toEqual([]);
    // The old actor is gone for everyone.
    expect(
      (await t.app.request(`/users/${username}`, { headers: { accept: 'application/activity+json' } })).status,
    ).toBe(404);
  });

  it('sends nothing when no follower is on another server', async () => {
    const before = received.length;
    const username = `solo_${Date.now().toString(36)}`;
    const me = await signUp(t.ctx, { username, email: `${username}@example.test`, password: PASSWORD });
    const { accessToken } = await oauth.issueToken({ db: t.ctx.db }, null, me.id, 'read write');
    expect(
      (await t.call('DELETE', '/api/v1/account', { token: accessToken, body: { password: PASSWORD } })).status,
    ).toBe(202);
    await runJobs(t);
    expect(received.length).toBe(before);
    const queued = await queryRows(
      t.ctx.db,
      sql`select 1 from jobs where kind = 'federation.delete_actor' and payload ->> 'accountId' = ${me.id}`,
    );
    expect(queued).toEqual([]);
  });
});
