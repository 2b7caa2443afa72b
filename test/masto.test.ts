/**
 * Conformance: the unmodified `masto` client library (v7) against a real listening Comptoir, over
 * TCP on 127.0.0.1. If a Mastodon client library works end to end, so do Mastodon apps.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createOAuthAPIClient, createRestAPIClient, type mastodon } from 'masto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app';
import { WAIT_LIMIT_MS } from './support/wait';

let t: TestApp;
let server: ServerType;
let url: string;

beforeAll(async () => {
  t = await createTestApp();
  // Served as src/main.ts serves it. @hono/node-server then swaps the global Response for its own
  // class; masto (a separate process in real life) tells HTTP errors apart with
  // `instanceof Response` on what fetch returns, so give this process Node's own Response back.
  // Taken from what fetch answers, not from the global: an earlier test file of this worker may
  // have served already (workers keep their modules and globals from one file to the next).
  const nativeResponse = (await fetch('data:,')).constructor;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  Object.defineProperty(globalThis, 'Response', { value: nativeResponse, writable: true, configurable: true });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

const SCOPES = 'read write follow push';

async function signUp(appClient: mastodon.rest.Client, username: string) {
  const token = await appClient.v1.accounts.create({
    username,
    email: `${username}@example.com`,
    password: 'correct horse battery',
    agreement: true,
    locale: 'fr',
  });
  const client = createRestAPIClient({ url, accessToken: token.accessToken });
  const account = await client.v1.accounts.verifyCredentials();
  return { client, account };
}

describe('masto.js against a live server', () => {
  it('registers an app, signs up, posts, follows, reads timelines and notifications, reacts, votes, uploads', async () => {
    const registered = await createRestAPIClient({ url }).v1.apps.create({
      clientName: 'masto conformance',
      redirectUris: 'urn:ietf:wg:oauth:2.0:oob',
      scopes: SCOPES,
    });
    expect(registered.clientId).toBeTruthy();
    const oauth = createOAuthAPIClient({ url });
    const appToken = await oauth.token.create({
      grantType: 'client_credentials',
      clientId: registered.clientId!,
      clientSecret: registered.clientSecret!,
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      scope: SCOPES,
    });
    const appClient = createRestAPIClient({ url, accessToken: appToken.accessToken });
    const alice = await signUp(appClient, 'alice');
    const bob = await signUp(appClient, 'bob');
    expect(alice.account.username).toBe('alice');

    // Follow, post, home timeline.
    const relationship = await bob.client.v1.accounts.$select(alice.account.id).follow();
    expect(relationship.following).toBe(true);
    const [rel] = await bob.client.v1.accounts.relationships.fetch({ id: [alice.account.id] });
    expect(rel).toMatchObject({ id: alice.account.id, following: true });
    const first = await alice.client.v1.statuses.create({
      status: 'Bonjour @bob, du #comté ?',
      visibility: 'public',
      language: 'fr',
    });
    expect(first.content).toContain('Bonjour');
    expect(first.mentions.map((m) => m.id)).toEqual([bob.account.id]);
    const second = await alice.client.v1.statuses.create({ status: 'Deuxième', inReplyToId: first.id });
    expect(second.inReplyToId).toBe(first.id);
    const home = await bob.client.v1.timelines.home.list({ limit: 20 });
    expect(home.map((s) => s.id)).toEqual([second.id, first.id]);
    expect((await alice.client.v1.timelines.tag.$select('comté').list()).map((s) => s.id)).toEqual([first.id]);
    expect((await alice.client.v1.statuses.$select(second.id).context.fetch()).ancestors.map((s) => s.id)).toEqual([
      first.id,
    ]);

    // Paging by the Link header, one post per page, until the server says there is no more.
    const pages: string[][] = [];
    for await (const page of bob.client.v1.timelines.home.list({ limit: 1 })) {
      pages.push(page.map((s) => s.id));
      if (pages.length > 5) break;
    }
    expect(pages.flat()).toEqual([second.id, first.id]);

    // Reactions.
    const favourited = await bob.client.v1.statuses.$select(first.id).favourite();
    expect(favourited).toMatchObject({ favourited: true, favouritesCount: 1 });
    const reblog = await bob.client.v1.statuses.$select(first.id).reblog();
    expect(reblog.reblog?.id).toBe(first.id);
    const bookmarked = await bob.client.v1.statuses.$select(first.id).bookmark();
    expect(bookmarked.bookmarked).toBe(true);
    expect((await bob.client.v1.bookmarks.list()).map((s) => s.id)).toEqual([first.id]);
    expect((await bob.client.v1.favourites.list()).map((s) => s.id)).toEqual([first.id]);
    expect((await alice.client.v1.statuses.$select(first.id).favouritedBy.list()).map((a) => a.id)).toEqual([
      bob.account.id,
    ]);

    // Notifications.
    const notifications = await alice.client.v1.notifications.list();
    expect(notifications.map((n) => n.type)).toEqual(['reblog', 'favourite', 'follow']);
    expect(notifications[0].status?.id).toBe(first.id);
    const mentions = await bob.client.v1.notifications.list({ types: ['mention'] });
    expect(mentions.map((n) => n.status?.id)).toEqual([first.id]);
    const one = await alice.client.v1.notifications.$select(notifications[0].id).fetch();
    expect(one.id).toBe(notifications[0].id);

    // Polls.
    const pollPost = await alice.client.v1.statuses.create({
      status: 'Quel fromage ?',
      poll: { options: ['Comté', 'Brie'], expiresIn: 600 },
    });
    const poll = await bob.client.v1.polls.$select(pollPost.poll!.id).votes.create({ choices: [1] });
    expect(poll).toMatchObject({ voted: true, ownVotes: [1], votesCount: 1 });
    expect((await bob.client.v1.polls.$select(poll.id).fetch()).ownVotes).toEqual([1]);

    // Media: v2 upload (masto then polls GET /api/v1/media/:id until it has a URL), then a post.
    const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#fc0' } })
      .png()
      .toBuffer();
    const media = await alice.client.v2.media.create({
      file: new Blob([png], { type: 'image/png' }),
      description: 'Un carré jaune',
    });
    expect(media).toMatchObject({ type: 'image', description: 'Un carré jaune' });
    expect(media.url).toMatch(/\.webp$/);
    const withMedia = await alice.client.v1.statuses.create({ status: 'Photo', mediaIds: [media.id] });
    expect(withMedia.mediaAttachments.map((m) => m.id)).toEqual([media.id]);

    // Unfollow, delete; errors come back as MastoHttpError with the server's message.
    await bob.client.v1.accounts.$select(alice.account.id).unfollow();
    const deleted = await alice.client.v1.statuses.$select(second.id).remove();
    expect(deleted.text).toBe('Deuxième');
    await expect(bob.client.v1.statuses.$select(second.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    await expect(alice.client.v1.statuses.create({ status: 'x'.repeat(501) })).rejects.toMatchObject({
      statusCode: 422,
      message: expect.stringMatching(/500/),
    });
    const statuses = await alice.client.v1.accounts.$select(alice.account.id).statuses.list({ excludeReplies: true });
    expect(statuses.map((s) => s.id)).toEqual([withMedia.id, pollPost.id, first.id]);
  });

  it('streams over a real socket and lets go of the event bus when the client hangs up', async () => {
    let listeners = 0;
    const subscribe = t.ctx.events.subscribe.bind(t.ctx.events);
    t.ctx.events.subscribe = (handler) => {
      listeners++;
      const off = subscribe(handler);
      return () => {
        listeners--;
        off();
      };
    };
    const registered = await createRestAPIClient({ url }).v1.apps.create({
      clientName: 'stream',
      redirectUris: 'urn:ietf:wg:oauth:2.0:oob',
      scopes: SCOPES,
    });
    const appToken = await createOAuthAPIClient({ url }).token.create({
      grantType: 'client_credentials',
      clientId: registered.clientId!,
      clientSecret: registered.clientSecret!,
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      scope: SCOPES,
    });
    const carol = await signUp(createRestAPIClient({ url, accessToken: appToken.accessToken }), 'carol');

    const hangUp = new AbortController();
    const res = await fetch(`${url}/api/v1/streaming?stream=public:local`, { signal: hangUp.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    expect(listeners).toBe(1);
    const posted = await carol.client.v1.statuses.create({ status: 'En direct' });
    let text = '';
    while (!text.includes(posted.id)) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: update');
    hangUp.abort();
    // The server notices the hang-up when it next writes or reads: wait for that, however long the machine takes.
    await expect.poll(() => listeners, { timeout: WAIT_LIMIT_MS, interval: 20 }).toBe(0);
  });
});
