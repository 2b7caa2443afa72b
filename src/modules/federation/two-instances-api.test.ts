/**
 * Two Comptoir instances on two loopback ports, driven only through the Mastodon API of each, as
 * two people on two servers would: a search that resolves the other's handle, a follow, a post
 * that arrives, a reply, a quote, a like and a repost that reach the author's server, and a deletion that
 * reaches the follower's. (Moves through the API: outbound-move.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/support/catalog';
import { eventually, handleOn, startTwoInstances } from '../../../test/support/federation';
import type { TestServer } from '../../../test/support/server';

type Status = {
  id: string;
  content: string;
  favourites_count: number;
  reblogs_count: number;
  replies_count: number;
  quotes_count?: number;
};
type Account = { id: string; acct: string; followers_count: number };

describe('two instances through their Mastodon APIs', () => {
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    [one, two] = await startTwoInstances();
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
  });

  const json = async <T>(res: Response | Promise<Response>, status = 200): Promise<T> => {
    const r = await res;
    expect(r.status).toBe(status);
    return (await r.json()) as T;
  };

  it('follow, post, reply, quote, like, repost and delete travel between the servers', async () => {
    const ana = await person(one, 'ana');
    const bob = await person(two, 'bob');
    const bobHandle = handleOn(two, bob.account.username);

    // Ana finds Bob by his handle (resolved over WebFinger) and follows him.
    const search = await json<{ accounts: Account[] }>(
      one.call('GET', `/api/v2/search?q=${encodeURIComponent(`@${bobHandle}`)}&resolve=true`, { token: ana.token }),
    );
    const bobThere = search.accounts.find((a) => a.acct === bobHandle);
    expect(bobThere).toBeDefined();
    await json(one.call('POST', `/api/v1/accounts/${bobThere!.id}/follow`, { token: ana.token }));
    await eventually(async () => {
      const me = await json<Account>(two.call('GET', `/api/v1/accounts/${bob.id}`, { token: bob.token }));
      return me.followers_count === 1;
    });

    // Bob posts on his server; it arrives in Ana's home timeline on hers.
    const post = await json<Status>(
      two.call('POST', '/api/v1/statuses', { token: bob.token, body: { status: 'Bonjour le fédivers' } }),
    );
    const arrived = await eventually(async () => {
      const home = await json<Status[]>(one.call('GET', '/api/v1/timelines/home', { token: ana.token }));
      return home.find((s) => s.content.includes('Bonjour le fédivers'));
    });

    // Ana replies, likes and reposts there: Bob's server counts them on his post.
    await json(
      one.call('POST', '/api/v1/statuses', {
        token: ana.token,
        body: { status: `@${bobHandle} merci !`, in_reply_to_id: arrived.id },
      }),
    );
    await json(
      one.call('POST', '/api/v1/statuses', {
        token: ana.token,
        body: { status: 'À lire absolument', quoted_status_id: arrived.id },
      }),
    );
    await json(one.call('POST', `/api/v1/statuses/${arrived.id}/favourite`, { token: ana.token }));
    await json(one.call('POST', `/api/v1/statuses/${arrived.id}/reblog`, { token: ana.token }));
    const counted = await eventually(async () => {
      const s = await json<Status>(two.call('GET', `/api/v1/statuses/${post.id}`, { token: bob.token }));
      return s.favourites_count === 1 && s.reblogs_count === 1 && s.replies_count === 1 && s.quotes_count === 1
        ? s
        : null;
    });
    expect(counted.quotes_count).toBe(1);
    const context = await json<{ descendants: Status[] }>(
      two.call('GET', `/api/v1/statuses/${post.id}/context`, { token: bob.token }),
    );
    expect(context.descendants.map((d) => d.content).join(' ')).toContain('merci');

    // Bob deletes his post: it disappears from Ana's server too.
    await json(two.call('DELETE', `/api/v1/statuses/${post.id}`, { token: bob.token }));
    await eventually(async () => {
      const res = await one.call('GET', `/api/v1/statuses/${arrived.id}`, { token: ana.token });
      return res.status === 404;
    });

    // Ana unfollows: Bob's server forgets the follow.
    await json(one.call('POST', `/api/v1/accounts/${bobThere!.id}/unfollow`, { token: ana.token }));
    await eventually(async () => {
      const me = await json<Account>(two.call('GET', `/api/v1/accounts/${bob.id}`, { token: bob.token }));
      return me.followers_count === 0;
    });
  });
});
