/**
 * Two Comptoir instances on loopback: a person moves from the first to the second through the
 * API (aliases first, as Mastodon asks), their actor then names where they went, and their
 * followers' servers receive a signed Move. Resolving a handle of the other instance also checks
 * that each instance's actors are readable by the other.
 */
import { lookupObject, Move, Person } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../../../test/support/browser-session';
import { person } from '../../../test/support/catalog';
import { eventually, handleOn, startTwoInstances } from '../../../test/support/federation';
import type { TestServer } from '../../../test/support/server';
import { queryRows } from '../../db/client';
import { follow } from '../social';
import { federationContext } from './federation';
import { documentLoader, recordingInbox } from './inbox-test-support';
import { persistActor } from './remote';

const lookup = (url: string) => lookupObject(url, { documentLoader, contextLoader: documentLoader });

describe('moving an account to another server', () => {
  let one: TestServer;
  let two: TestServer;
  let inbox: Awaited<ReturnType<typeof recordingInbox>>;

  beforeAll(async () => {
    [one, two] = await startTwoInstances();
    inbox = await recordingInbox();
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop(), inbox?.close()]);
  });

  it('the new account lists the old one, the old one moves: movedTo and a Move to its followers', async () => {
    const old = await person(one, 'ana');
    const next = await person(two, 'ana');
    const oldUri = `${one.url}/users/${old.account.username}`;
    const nextUri = `${two.url}/users/${next.account.username}`;
    // A follower of the old account on a third server.
    const follower = await persistActor(
      federationContext(one.ctx),
      new Person({
        id: new URL(`${inbox.url}/users/zoe`),
        preferredUsername: 'zoe',
        inbox: new URL(`${inbox.url}/inbox`),
      }),
    );
    await follow(one.ctx, follower.id, old.id);

    // Moving before the new account names the old one is refused.
    const early = await one.call('POST', '/api/v1/accounts/migration', {
      token: old.token,
      body: { target_acct: handleOn(two, next.account.username) },
    });
    expect(early.status).toBe(422);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe('not_aliased');

    const aliased = await two.call('POST', '/api/v1/accounts/aliases', {
      token: next.token,
      body: { acct: handleOn(one, old.account.username) },
    });
    expect(aliased.status).toBe(200);
    expect(await aliased.json()).toEqual({ aliases: [oldUri] });
    const nextActor = (await lookup(nextUri)) as Person;
    expect(nextActor.aliasIds.map(String)).toEqual([oldUri]);

    const moved = await one.call('POST', '/api/v1/accounts/migration', {
      token: old.token,
      body: { target_acct: handleOn(two, next.account.username) },
    });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { moved_to: { uri: string } }).moved_to.uri).toBe(nextUri);
    const oldActor = (await lookup(oldUri)) as Person;
    expect(oldActor.successorId?.href).toBe(nextUri);

    const got = await eventually(async () => inbox.received.find((r) => r.json.type === 'Move'));
    expect(got.signer).toBe(oldUri);
    const move = await Move.fromJsonLd(got.json, { documentLoader, contextLoader: documentLoader });
    expect(move.objectId?.href).toBe(oldUri);
    expect(move.targetId?.href).toBe(nextUri);
  });

  it('bad handles are 422 with a code', async () => {
    const someone = await person(one, 'bad');
    const ask = (acct: string) =>
      one.call('POST', '/api/v1/accounts/aliases', { token: someone.token, body: { acct } });
    const codes = [];
    for (const acct of ['nobody', `nobody@${new URL(one.url).host}`, `ghost@${new URL(two.url).host}`]) {
      const res = await ask(acct);
      expect(res.status).toBe(422);
      codes.push(((await res.json()) as { error: { code: string } }).error.code);
    }
    expect(codes).toEqual(['invalid_handle', 'local_account', 'account_not_found']);
  });

  it('the settings page adds an alias, and says why a move is refused, in French', async () => {
    const browser = new BrowserSession(two);
    await browser.signUp({ username: 'lea' });
    const other = await person(one, 'lea');
    expect((await browser.get('/settings/migration')).status).toBe(200);
    const bad = await browser.post('/settings/migration/aliases', { acct: 'personne' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Écrivez le compte sous la forme nom@serveur.');
    const added = await browser.post('/settings/migration/aliases', { acct: handleOn(one, other.account.username) });
    expect(added.status).toBe(303);
    const page = await (await browser.get('/settings/migration?saved=alias')).text();
    expect(page).toContain('Alias ajouté.');
    expect(page).toContain(`${one.url}/users/${other.account.username}`);
    const refused = await browser.post('/settings/migration/move', {
      target_acct: handleOn(one, other.account.username),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Le nouveau compte doit d’abord nommer celui-ci parmi ses alias.');
  });

  it("a follow from one instance is delivered to the other's inbox, signed and accepted", async () => {
    const ines = await person(one, 'ines');
    const bea = await person(two, 'bea');
    const ctx = federationContext(one.ctx);
    const actor = await ctx.lookupObject(`${two.url}/users/${bea.account.username}`);
    expect(actor).toBeInstanceOf(Person);
    const remote = await persistActor(ctx, actor as Person);
    await follow(one.ctx, ines.id, remote.id);
    // The delivery task ran without an error: instance two verified the signature and took it.
    const done = await eventually(async () => {
      const rows = await queryRows<{ done: boolean; error: string | null }>(
        one.ctx.db,
        sql`select done_at is not null as done, last_error as error from jobs
            where kind = 'federation.task' and payload::text like ${`%${two.url}/users/${bea.account.username}/inbox%`}`,
      );
      return rows.length && rows.every((r) => r.done || r.error) ? rows : null;
    });
    expect(done.map((r) => r.error)).toEqual(done.map(() => null));
    const [sent] = await queryRows<{ activity_uri: string }>(
      one.ctx.db,
      sql`select activity_uri from federation_follows where follower_id = ${ines.id} and followee_id = ${remote.id}`,
    );
    expect(sent.activity_uri).toContain(`${one.url}/users/${ines.account.username}#follows/`);
  });
});
