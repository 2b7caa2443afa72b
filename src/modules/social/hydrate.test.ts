/**
 * The one-statement hydration (hydrate.ts) against the statements it replaced
 * (hydrate-reference.test-support.ts), on a generated world (src/cli/bulk.ts) plus everything a
 * post may carry: reposts, quotes, images, polls and votes, tags, mentions, blocks either way,
 * mutes, private and direct posts, remote authors on suspended, silenced and personally blocked
 * servers, products, link cards, posts held by moderation, likes and bookmarks. Same Hydrated,
 * same rules, same Mastodon JSON, for many viewers and pages.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { generateBulk } from '../../cli/bulk';
import { queryRows } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { shop, shoppablePost } from '../../links/testing';
import { appToken, json, signUpUser, type TestUser } from './api-test-support';
import { applyRules, hydrateStatuses } from './hydrate';
import { hydrateStatusesReference } from './hydrate-reference.test-support';
import { presentStatuses } from './present';
import { homeSkeleton } from './timelines';

let t: TestApp;
let app: string;
const fixtures: string[] = [];
const viewers: (string | null)[] = [null];

const post = async (u: TestUser, body: Record<string, unknown>) => {
  const s = await json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token: u.token, body }));
  fixtures.push(s.id);
  return s;
};
const act = (u: TestUser, path: string, body?: unknown) => json(t.call('POST', path, { token: u.token, body }));
const reblog = async (u: TestUser, id: string) => {
  fixtures.push((await json<{ id: string }>(t.call('POST', `/api/v1/statuses/${id}/reblog`, { token: u.token }))).id);
};

async function remoteAccount(domain: string, name: string): Promise<string> {
  const id = uuidv7();
  await queryRows(
    t.ctx.db,
    sql`insert into accounts (id, kind, username, domain, uri, url)
        values (${id}, 'person', ${`${name}@${domain}`}, ${domain}, ${`https://${domain}/users/${name}`}, ${`https://${domain}/@${name}`})`,
  );
  return id;
}

async function remotePost(accountId: string, domain: string, visibility = 'public'): Promise<string> {
  const id = uuidv7();
  await queryRows(
    t.ctx.db,
    sql`insert into statuses (id, account_id, text, content_html, visibility, uri, url, language)
        values (${id}, ${accountId}, 'Bonjour de loin', '<p>Bonjour de loin</p>', ${visibility},
                ${`https://${domain}/statuses/${id}`}, ${`https://${domain}/@x/${id}`}, 'fr')`,
  );
  fixtures.push(id);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
  await generateBulk(t.ctx.database, { accounts: 40, posts: 1200, follows: 15, seed: 7 });

  const [a, b, c, d] = [
    await signUpUser(t, app, 'hya'),
    await signUpUser(t, app, 'hyb'),
    await signUpUser(t, app, 'hyc'),
    await signUpUser(t, app, 'hyd'),
  ];
  const s = await shop(t, app);
  viewers.push(a.id, b.id, c.id, d.id);
  for (const [who, whom] of [
    [a, b],
    [a, c],
    [a, d],
    [b, a],
    [c, a],
    [d, b],
  ] as const)
    await act(who, `/api/v1/accounts/${whom.id}/follow`);
  await act(a, `/api/v1/accounts/${s.brand.id}/follow`);

  const plain = await post(b, { status: `Bonjour @${a.username} et @${c.username} #fromage #Comté` });
  await post(b, { status: 'Entre nous #secret', visibility: 'private' });
  const direct = await post(c, { status: `@${a.username} rien que pour toi`, visibility: 'direct' });
  const poll = await post(c, { status: 'Lequel ?', poll: { options: ['comté', 'brie', 'bleu'], expires_in: 3600 } });
  const pollId = (
    await json<{ poll: { id: string } }>(t.call('GET', `/api/v1/statuses/${poll.id}`, { token: c.token }))
  ).poll.id;
  await act(a, `/api/v1/polls/${pollId}/votes`, { choices: [1] });
  const quote = await post(d, { status: 'Je cite', quoted_status_id: plain.id });
  await post(a, { status: 'Je cite une citation', quoted_status_id: quote.id });
  const linked = await post(d, { status: 'Voir https://example.org/fromages #lien' });
  await queryRows(
    t.ctx.db,
    sql`insert into preview_cards (url, state, title, fetched_at) values ('https://example.org/fromages', 'ok', 'Fromages', now())
        on conflict do nothing`,
  );
  const pictured = await post(b, { status: 'En images' });
  for (const position of [1, 0])
    await queryRows(
      t.ctx.db,
      sql`insert into media_attachments (id, account_id, status_id, position, path, preview_path, width, height, description)
          values (${uuidv7()}, ${b.id}, ${pictured.id}, ${position}, ${`m/${position}.webp`}, ${`m/${position}-s.webp`}, 640, 480, 'une meule')`,
    );
  const shoppable = await shoppablePost(t, s);
  fixtures.push(shoppable.id);
  for (const id of [plain.id, poll.id, quote.id, shoppable.id]) await reblog(a, id);
  for (const id of [plain.id, poll.id, shoppable.id]) await reblog(d, id);
  await act(a, `/api/v1/statuses/${plain.id}/favourite`);
  await act(a, `/api/v1/statuses/${linked.id}/bookmark`);
  const held = await post(c, { status: 'Retenu par la modération' });
  await queryRows(
    t.ctx.db,
    sql`insert into moderation_hidden_statuses (status_id, reason) values (${held.id}, 'rejected') on conflict do nothing`,
  );
  // Blocks either way and mutes: c blocks d, d is muted by b.
  await act(c, `/api/v1/accounts/${d.id}/block`);
  await act(b, `/api/v1/accounts/${d.id}/mute`);
  // Remote authors: a suspended server, a silenced one, one that a blocks, one with no rule.
  for (const [domain, severity] of [
    ['suspendu.example', 'suspend'],
    ['muet.example', 'silence'],
  ])
    await queryRows(t.ctx.db, sql`insert into domain_blocks (domain, severity) values (${domain}, ${severity})`);
  await queryRows(
    t.ctx.db,
    sql`insert into account_domain_blocks (account_id, domain) values (${a.id}, 'bloque.example')`,
  );
  for (const domain of ['suspendu.example', 'muet.example', 'bloque.example', 'libre.example']) {
    const remote = await remoteAccount(domain, 'loin');
    await queryRows(t.ctx.db, sql`insert into follows (follower_id, followee_id) values (${a.id}, ${remote})`);
    const id = await remotePost(remote, domain);
    await remotePost(remote, domain, 'private');
    await reblog(b, id).catch(() => undefined);
  }
  await post(b, { status: `Une réponse @${direct.id ? a.username : ''}`, in_reply_to_id: plain.id });
  await queryRows(t.ctx.db, sql`analyze`);
});
afterAll(() => t.close());

async function compare(viewerId: string | null, ids: string[]) {
  const fresh = await hydrateStatuses(t.ctx, viewerId, ids);
  const reference = await hydrateStatusesReference(t.ctx, viewerId, ids);
  expect(fresh).toEqual(reference);
  for (const keepMuted of [false, true]) {
    const visible = applyRules(fresh, ids, { keepMuted });
    expect(visible).toEqual(applyRules(reference, ids, { keepMuted }));
    expect(JSON.stringify(presentStatuses(t.ctx.config, fresh, visible))).toBe(
      JSON.stringify(presentStatuses(t.ctx.config, reference, visible)),
    );
  }
  return fresh;
}

describe('hydration in one statement', () => {
  it('gives what the former statements gave, for every kind of post and viewer', async () => {
    const all = [...fixtures, ...fixtures.slice(0, 3), uuidv7()];
    let reposts = 0;
    for (const viewerId of viewers)
      for (let i = 0; i < all.length; i += 20) {
        const h = await compare(viewerId, all.slice(i, i + 20));
        reposts += [...h.statuses.values()].filter((s) => s.reblogOfId).length;
      }
    expect(reposts).toBeGreaterThan(0);
    // Inside a transaction (no prepared form): the same answer.
    const inTx = await t.ctx.db.transaction((tx) =>
      hydrateStatuses({ db: tx as never }, viewers[1]!, all.slice(0, 20)),
    );
    expect(inTx).toEqual(await hydrateStatusesReference(t.ctx, viewers[1]!, all.slice(0, 20)));
    const withData = await hydrateStatuses(t.ctx, viewers[1]!, fixtures);
    for (const name of ['products', 'card', 'moderation'])
      expect(withData.extensions.get(name)?.size).toBeGreaterThan(0);
    await compare(viewers[1]!, []);
    await compare(null, []);
  });

  it('gives the same home pages on the generated world', async () => {
    const bulk = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from accounts where following_count > 0 order by id limit 25`,
    );
    let posts = 0;
    for (const viewerId of [...viewers.slice(1), ...bulk.map((r) => r.id)] as string[]) {
      let maxId: string | undefined;
      for (let page = 0; page < 3; page++) {
        const ids = await homeSkeleton(t.ctx.db, viewerId, { limit: 20, maxId });
        if (ids.length === 0) break;
        posts += (await compare(viewerId, ids)).statuses.size;
        maxId = ids[ids.length - 1];
      }
    }
    expect(posts).toBeGreaterThan(500);
  });
});
