import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { appToken, json, signUpUser, until, type TestUser } from './api-test-support';

let s: TestServer;
let app: string;
const user = (name: string) => signUpUser(s, app, name);
const post = (u: TestUser, body: Record<string, unknown>) =>
  json<{ id: string }>(s.call('POST', '/api/v1/statuses', { token: u.token, body }));
const wsUrl = (query = '') => `${s.url.replace(/^http/, 'ws')}/api/v1/streaming${query}`;

type Message = { stream?: string[]; event?: string; payload?: string; error?: string; status?: number };
/** An open socket and everything it has received so far. */
async function connect(query = '', protocols?: string[]) {
  const ws = new WebSocket(wsUrl(query), protocols);
  const received: Message[] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return { ws, received, send: (m: object) => ws.send(JSON.stringify(m)) };
}
const updates = (received: Message[], stream: string) =>
  received
    .filter((m) => m.event === 'update' && m.stream?.join(':') === stream)
    .map((m) => JSON.parse(m.payload!).id as string);

/**
 * A subscription is in place once an event reaches it; the server does not acknowledge one (as
 * Mastodon). So: post probes until one arrives on every stream named. A probe lost because it came
 * before the subscription is followed by another one; a slow machine only means more waiting.
 */
async function probeUntilSubscribed(received: Message[], author: TestUser, streams: string[], text: string) {
  const probes: string[] = [];
  for (;;) {
    probes.push((await post(author, { status: `${text} ${probes.length}` })).id);
    const arrived = () => streams.every((stream) => probes.some((id) => updates(received, stream).includes(id)));
    if (
      await until(arrived, 3000).then(
        () => true,
        () => false,
      )
    )
      return;
    if (probes.length >= 40) throw new Error(`no probe reached ${streams.join(', ')}`);
  }
}

/** Messages on one socket are handled in order, and an unsubscribe at once: an error answered to a
 * later bad message proves the server has handled everything sent before it. */
async function handled(received: Message[], send: (m: object) => void) {
  const errors = received.filter((m) => m.error).length;
  send({ type: 'barrier' });
  await until(() => received.filter((m) => m.error).length > errors);
}

beforeAll(async () => {
  s = await startTestServer();
  app = await appToken(s);
});
afterAll(() => s.stop());

describe('streaming (WebSocket, as Mastodon clients use it)', () => {
  it('streams public posts to an anonymous socket opened with ?stream=public', async () => {
    const ana = await user('ws_ana');
    const { ws, received } = await connect('?stream=public');
    const hello = await post(ana, { status: 'Bonjour la ville' });
    const hidden = await post(ana, { status: 'Pour mes abonnés', visibility: 'private' });
    await until(() => updates(received, 'public').includes(hello.id));
    expect(updates(received, 'public')).not.toContain(hidden.id);
    ws.close();
  });

  it('takes the token as subprotocol, many streams on one socket, subscribe and unsubscribe; refuses a bad token', async () => {
    const amy = await user('ws_amy');
    const bob = await user('ws_bob');
    await json(s.call('POST', `/api/v1/accounts/${bob.id}/follow`, { token: amy.token }));
    const { ws, received, send } = await connect('', [amy.token]);
    send({ type: 'subscribe', stream: 'user' });
    send({ type: 'subscribe', stream: 'hashtag', tag: 'Soldes' });
    await probeUntilSubscribed(received, bob, ['user', 'hashtag:soldes'], 'Essai #soldes');
    const fromBob = await post(bob, { status: 'Nouveautés #soldes' });
    await until(
      () => updates(received, 'user').includes(fromBob.id) && updates(received, 'hashtag:soldes').includes(fromBob.id),
    );
    const mention = await post(bob, { status: `@${amy.username} tu viens ?` });
    await until(() =>
      received.some((m) => m.event === 'notification' && JSON.parse(m.payload!).status?.id === mention.id),
    );
    send({ type: 'unsubscribe', stream: 'hashtag', tag: 'soldes' });
    await handled(received, send);
    const later = await post(bob, { status: 'Encore #soldes' });
    await until(() => updates(received, 'user').includes(later.id));
    expect(updates(received, 'hashtag:soldes')).not.toContain(later.id);
    ws.close();

    await expect(connect('?access_token=not-a-token&stream=user')).rejects.toThrow('HTTP 401');
    const wrongPath = new WebSocket(`${s.url.replace(/^http/, 'ws')}/api/v1/elsewhere`);
    await expect(
      new Promise((_, reject) =>
        wrongPath.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`))),
      ),
    ).rejects.toThrow('HTTP 404');
  });

  it('streams a list: its members’ posts only, and (exclusive list) not on the user stream; someone else’s list is a 404 on the socket', async () => {
    const kim = await user('ws_kim');
    const lou = await user('ws_lou');
    const mia = await user('ws_mia');
    for (const target of [lou, mia])
      await json(s.call('POST', `/api/v1/accounts/${target.id}/follow`, { token: kim.token }));
    const list = await json<{ id: string }>(
      s.call('POST', '/api/v1/lists', { token: kim.token, body: { title: 'Vélo', exclusive: true } }),
    );
    await json(
      s.call('POST', `/api/v1/lists/${list.id}/accounts`, { token: kim.token, body: { account_ids: [lou.id] } }),
    );
    const { ws, received, send } = await connect(`?access_token=${kim.token}`);
    send({ type: 'subscribe', stream: 'list', list: list.id });
    send({ type: 'subscribe', stream: 'user' });
    await probeUntilSubscribed(received, lou, [`list:${list.id}`], 'Essai liste');
    await probeUntilSubscribed(received, mia, ['user'], 'Essai fil');
    const inList = await post(lou, { status: 'Sortie vélo dimanche' });
    const outside = await post(mia, { status: 'Pas dans la liste' });
    await until(
      () => updates(received, `list:${list.id}`).includes(inList.id) && updates(received, 'user').includes(outside.id),
    );
    // Each event goes through every stream of the socket, in order, before the next event: once
    // `outside` (posted last) arrived, nothing more can come for either post.
    expect(updates(received, `list:${list.id}`)).not.toContain(outside.id);
    expect(updates(received, 'user')).not.toContain(inList.id);
    ws.close();
    const other = await connect(`?access_token=${lou.token}`);
    other.send({ type: 'subscribe', stream: 'list', list: list.id });
    await until(() => other.received.some((m) => m.error));
    expect(other.received.find((m) => m.error)?.status).toBe(404);
    other.ws.close();
  });

  it('answers bad messages and anonymous user streams with an error, and keeps the socket', async () => {
    const { ws, received, send } = await connect('?stream=public:local');
    ws.send('not json');
    send({ type: 'dance' });
    send({ type: 'subscribe', stream: 'user' });
    send({ type: 'subscribe', stream: 'nope' });
    await until(() => received.filter((m) => m.error).length === 4);
    expect(
      received
        .filter((m) => m.error)
        .map((m) => m.status)
        .sort(),
    ).toEqual([400, 400, 400, 401]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('works with a Mastodon client library (masto): the instance’s streaming URL, the token as subprotocol, the user stream', async () => {
    const { createRestAPIClient, createStreamingAPIClient } = await import('masto');
    const cy = await user('ws_cy');
    const dee = await user('ws_dee');
    await json(s.call('POST', `/api/v1/accounts/${dee.id}/follow`, { token: cy.token }));
    const rest = createRestAPIClient({ url: s.url, accessToken: cy.token });
    const instance = await rest.v2.instance.fetch();
    const streaming = createStreamingAPIClient({
      streamingApiUrl: instance.configuration.urls.streaming,
      accessToken: cy.token,
      retry: false,
    });
    // Count the sockets listening to the event bus, to post only once the library's is there.
    let listening = 0;
    const subscribe = s.ctx.events.subscribe.bind(s.ctx.events);
    s.ctx.events.subscribe = (handler) => {
      listening++;
      return subscribe(handler);
    };
    const subscription = streaming.user.subscribe();
    // The library hands out events as they are read: read before posting.
    const first = (async () => {
      for await (const event of subscription) if (event.event === 'update') return event.payload;
      return null;
    })();
    await until(() => listening > 0);
    // The library's subscription is in place once an update reaches it: post until one does.
    const posted: string[] = [];
    let news: Awaited<typeof first> = null;
    while (!news && posted.length < 40) {
      posted.push((await post(dee, { status: `Arrivage du jour ${posted.length}` })).id);
      news = await Promise.race([first, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
    }
    expect(posted).toContain(news?.id);
    expect(news).toMatchObject({ content: expect.stringContaining('Arrivage du jour'), account: { id: dee.id } });
    subscription.unsubscribe();
    streaming.close();
    s.ctx.events.subscribe = subscribe;
  });
});
