import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { buyerWithCard, orderBody, person, shop, type Person, type Shop } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { updatePolicy } from '../../moderation';
import { follow } from '../../social';

let t: TestApp;
let s: Shop;
let other: Shop;
beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  other = await shop(t);
  // Post-moderation: clean posts publish at once (pre-moderation is tried on its own brand below).
  await updatePolicy(t.ctx.db, s.owner.id, s.brand.id, { mode: 'post' });
  await updatePolicy(t.ctx.db, other.owner.id, other.brand.id, { mode: 'post' });
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: json, headers: res.headers };
}
const ok = (res: { status: number; body: unknown }, status = 200) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as any;
};

let n = 0;
async function space(owner: Shop = s, extra: Record<string, unknown> = {}) {
  return ok(
    await call('POST', `/api/v1/brands/${owner.brand.id}/spaces`, owner.ownerToken, {
      name: `Atelier ${++n}`,
      visibility: 'public',
      ...extra,
    }),
    201,
  ) as { id: string; url: string };
}
async function topic(spaceId: string, who: Person | string, title = 'Quelle taille choisir ?') {
  const token = typeof who === 'string' ? who : who.token;
  return ok(
    await call('POST', `/api/v1/spaces/${spaceId}/topics`, token, { title, text: 'Je chausse du 42, et vous ?' }),
    201,
  ) as { id: string; status: string };
}
async function reply(topicId: string, who: Person | string, text = 'Prenez une taille au-dessus.') {
  const token = typeof who === 'string' ? who : who.token;
  return ok(await call('POST', `/api/v1/topics/${topicId}/replies`, token, { text }), 201) as {
    id: string;
    status: string;
  };
}

describe('spaces', () => {
  it('the team opens a space: 201 with exactly {id, url}; people start topics and reply', async () => {
    const created = await space(s, { description: 'Conseils', charter: 'Soyez aimables.' });
    expect(Object.keys(created).sort()).toEqual(['id', 'url']);
    expect(created.url).toBe(`http://localhost:3000/spaces/${created.id}`);
    const cm = await s.member('community_manager');
    ok(await call('POST', `/api/v1/brands/${s.brand.id}/spaces`, cm.token, { name: 'CM', visibility: 'public' }), 201);
    const staff = await s.member('staff');
    const refused = await call('POST', `/api/v1/brands/${s.brand.id}/spaces`, staff.token, {
      name: 'Staff',
      visibility: 'public',
    });
    expect(refused.status).toBe(403);
    const alice = await person(t);
    const bob = await person(t);
    const tp = await topic(created.id, alice);
    expect(Object.keys(tp).sort()).toEqual(['id', 'status']);
    expect(tp.status).toBe('published');
    const r = await reply(tp.id, bob);
    expect(r.status).toBe('published');
    const list = ok(await call('GET', `/api/v1/spaces/${created.id}/topics`));
    expect(list.map((x: { id: string }) => x.id)).toEqual([tp.id]);
    expect(list[0]).toMatchObject({ replies_count: 1, author: { id: alice.id } });
    const shown = ok(await call('GET', `/api/v1/topics/${tp.id}`));
    expect(shown.replies.map((x: { id: string }) => x.id)).toEqual([r.id]);
    const sp = ok(await call('GET', `/api/v1/spaces/${created.id}`));
    expect(sp).toMatchObject({ charter: 'Soyez aimables.', visibility: 'public', archived: false });
  });

  it('bad input answers a 4xx with a code naming the field', async () => {
    const sp = await space();
    const me = await person(t);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', `/api/v1/brands/${s.brand.id}/spaces`, { visibility: 'public' }, 422, 'missing_name'],
      ['POST', `/api/v1/brands/${s.brand.id}/spaces`, { name: 'x', visibility: 'secret' }, 422, 'invalid_visibility'],
      ['POST', `/api/v1/brands/${s.brand.id}/spaces`, { name: 'x' }, 422, 'missing_visibility'],
      [
        'POST',
        `/api/v1/brands/${s.brand.id}/spaces`,
        { name: 'x'.repeat(81), visibility: 'public' },
        422,
        'name_too_long',
      ],
      ['POST', `/api/v1/spaces/${sp.id}/topics`, { title: '', text: 'a' }, 422, 'missing_title'],
      ['POST', `/api/v1/spaces/${sp.id}/topics`, { title: 'a', text: '  ' }, 422, 'empty_text'],
      ['POST', `/api/v1/spaces/${sp.id}/topics`, { title: 'a', text: 'x'.repeat(10001) }, 422, 'text_too_long'],
      ['POST', `/api/v1/spaces/${sp.id}/topics`, { title: 5, text: 'a' }, 422, 'invalid_title'],
    ];
    for (const [method, url, body, status, code] of cases) {
      const token = url.includes('/brands/') ? s.ownerToken : me.token;
      const res = await call(method, url, token, body);
      expect(res.status, `${url} ${JSON.stringify(body)}`).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const tp = await topic(sp.id, me);
    const empty = await call('POST', `/api/v1/topics/${tp.id}/replies`, me.token, { text: '' });
    expect([empty.status, empty.body.error.code]).toEqual([422, 'empty_text']);
    expect((await call('GET', `/api/v1/brands/${me.id}/spaces`)).status).toBe(404);
    const noAuth = await call('POST', `/api/v1/spaces/${sp.id}/topics`, undefined, { title: 'a', text: 'b' });
    expect(noAuth.status).toBe(401);
    const badAccept = await call('POST', `/api/v1/topics/${tp.id}/accept`, me.token, { reply_id: 'nope' });
    expect([badAccept.status, badAccept.body.error.code]).toEqual([422, 'invalid_reply']);
    const badMove = await call('POST', `/api/v1/topics/${tp.id}/move`, s.ownerToken, { space_id: 'x' });
    expect([badMove.status, badMove.body.error.code]).toEqual([422, 'invalid_space']);
  });

  it('members-only: followers, buyers and invited accounts read it, as the brand chooses; others get 404', async () => {
    const sp = await space(s, { visibility: 'members', admit_followers: true, admit_buyers: false });
    const follower = await person(t);
    await follow(t.ctx, follower.id, s.brand.id);
    const buyer = await buyerWithCard(t);
    ok(await call('POST', '/api/v1/orders', buyer.token, orderBody(s.variantId, buyer.methodId)), 201);
    const [order] = await queryRows<{ status: string }>(
      t.ctx.db,
      sql`select status from orders where buyer_id = ${buyer.id}`,
    );
    expect(['paid', 'preparing', 'shipped', 'delivered']).toContain(order.status);
    const invited = await person(t);
    const stranger = await person(t);
    const tp = await topic(sp.id, follower);

    const reads = async (who: Person | null) =>
      (await call('GET', `/api/v1/spaces/${sp.id}/topics`, who?.token)).status;
    expect(await reads(follower)).toBe(200);
    expect(await reads(buyer)).toBe(404);
    expect(await reads(invited)).toBe(404);
    expect(await reads(stranger)).toBe(404);
    expect(await reads(null)).toBe(404);

    ok(await call('POST', `/api/v1/spaces/${sp.id}/members`, s.ownerToken, { account: `@${invited.username}` }), 201);
    expect(await reads(invited)).toBe(200);
    ok(await call('PATCH', `/api/v1/spaces/${sp.id}`, s.ownerToken, { admit_buyers: true, admit_followers: false }));
    expect(await reads(buyer)).toBe(200);
    expect(await reads(follower)).toBe(404);
    const members = ok(await call('GET', `/api/v1/spaces/${sp.id}/members`, s.ownerToken));
    expect(members.map((m: { id: string }) => m.id)).toEqual([invited.id]);
    expect((await call('DELETE', `/api/v1/spaces/${sp.id}/members/${invited.id}`, s.ownerToken)).status).toBe(204);
    expect(await reads(invited)).toBe(404);

    // Every route and page of the space is a 404 to a non-member.
    for (const [method, url, body] of [
      ['GET', `/api/v1/spaces/${sp.id}`],
      ['GET', `/api/v1/topics/${tp.id}`],
      ['POST', `/api/v1/spaces/${sp.id}/topics`, { title: 'a', text: 'b' }],
      ['POST', `/api/v1/topics/${tp.id}/replies`, { text: 'b' }],
      ['POST', `/api/v1/topics/${tp.id}/accept`, { reply_id: null }],
      ['GET', `/spaces/${sp.id}`],
      ['GET', `/topics/${tp.id}`],
      ['GET', `/spaces/${sp.id}.rss`],
      ['GET', `/topics/${tp.id}/replies`],
    ] as [string, string, unknown?][]) {
      expect((await call(method, url, stranger.token, body)).status, `${method} ${url}`).toBe(404);
    }
    const brandList = ok(await call('GET', `/api/v1/brands/${s.brand.id}/spaces`, stranger.token));
    expect(brandList.map((x: { id: string }) => x.id)).not.toContain(sp.id);
    const teamList = ok(await call('GET', `/api/v1/brands/${s.brand.id}/spaces`, s.ownerToken));
    expect(teamList.map((x: { id: string }) => x.id)).toContain(sp.id);
  });

  it('a locked topic refuses replies with 409 topic_locked; an archived space refuses topics', async () => {
    const sp = await space();
    const alice = await person(t);
    const tp = await topic(sp.id, alice);
    const pinned = ok(await call('POST', `/api/v1/topics/${tp.id}/lock`, s.ownerToken));
    expect(pinned.locked).toBe(true);
    const refused = await call('POST', `/api/v1/topics/${tp.id}/replies`, alice.token, { text: 'encore' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'topic_locked']);
    // Only the team locks.
    expect((await call('POST', `/api/v1/topics/${tp.id}/unlock`, alice.token)).status).toBe(404);
    ok(await call('POST', `/api/v1/topics/${tp.id}/unlock`, s.ownerToken));
    await reply(tp.id, alice);
    ok(await call('PATCH', `/api/v1/spaces/${sp.id}`, s.ownerToken, { archived: true }));
    const archived = await call('POST', `/api/v1/spaces/${sp.id}/topics`, alice.token, { title: 'a', text: 'b' });
    expect([archived.status, archived.body.error.code]).toEqual([409, 'space_archived']);
    expect((await call('GET', `/api/v1/spaces/${sp.id}/topics`)).status).toBe(200);
  });

  it('pinned topics come first; the author or the team accepts an answer, someone else may not', async () => {
    const sp = await space();
    const asker = await person(t);
    const helper = await person(t);
    const first = await topic(sp.id, asker, 'Premier');
    const second = await topic(sp.id, asker, 'Second');
    ok(await call('POST', `/api/v1/topics/${first.id}/pin`, s.ownerToken));
    const list = ok(await call('GET', `/api/v1/spaces/${sp.id}/topics`));
    expect(list.map((x: { id: string }) => x.id)).toEqual([first.id, second.id]);
    expect(list[0].pinned).toBe(true);

    const answer = await reply(second.id, helper, 'La taille 43.');
    const refused = await call('POST', `/api/v1/topics/${second.id}/accept`, helper.token, { reply_id: answer.id });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'not_topic_author']);
    const accepted = ok(await call('POST', `/api/v1/topics/${second.id}/accept`, asker.token, { reply_id: answer.id }));
    expect(accepted.accepted_reply_id).toBe(answer.id);
    const shown = ok(await call('GET', `/api/v1/topics/${second.id}`));
    expect(shown.replies[0]).toMatchObject({ id: answer.id, accepted: true });
    // The team may change it too.
    const teamAnswer = await reply(second.id, s.ownerToken, 'Réponse officielle');
    const byTeam = ok(
      await call('POST', `/api/v1/topics/${second.id}/accept`, s.ownerToken, { reply_id: teamAnswer.id }),
    );
    expect(byTeam.accepted_reply_id).toBe(teamAnswer.id);
    const withTeam = ok(await call('GET', `/api/v1/topics/${second.id}`));
    expect(withTeam.replies.find((r: { id: string }) => r.id === teamAnswer.id)).toMatchObject({ team: true });
    // The page shows the accepted answer first and marked.
    const html = await (await t.call('GET', `/topics/${second.id}`, { headers: { 'accept-language': 'fr' } })).text();
    expect(html.indexOf('Réponse officielle')).toBeLessThan(html.indexOf('La taille 43.'));
    expect(html).toContain('Réponse acceptée');
  });

  it('the team moves a topic to another space of the same brand, never to another brand’s', async () => {
    const a = await space();
    const b = await space();
    const elsewhere = await space(other);
    const tp = await topic(a.id, await person(t));
    const foreign = await call('POST', `/api/v1/topics/${tp.id}/move`, s.ownerToken, { space_id: elsewhere.id });
    expect([foreign.status, foreign.body.error.code]).toEqual([422, 'invalid_space']);
    const moved = ok(await call('POST', `/api/v1/topics/${tp.id}/move`, s.ownerToken, { space_id: b.id }));
    expect(moved.space_id).toBe(b.id);
    expect(ok(await call('GET', `/api/v1/spaces/${b.id}/topics`)).map((x: { id: string }) => x.id)).toEqual([tp.id]);
    expect(ok(await call('GET', `/api/v1/spaces/${a.id}/topics`))).toEqual([]);
  });

  it('pre-moderation holds a topic and a reply (seen by their author and the team) until approved', async () => {
    const held = await shop(t);
    const sp = ok(
      await call('POST', `/api/v1/brands/${held.brand.id}/spaces`, held.ownerToken, {
        name: 'Tenu',
        visibility: 'public',
      }),
      201,
    );
    const alice = await person(t);
    const bob = await person(t);
    const tp = await topic(sp.id, alice);
    expect(tp.status).toBe('pending');
    expect(ok(await call('GET', `/api/v1/spaces/${sp.id}/topics`))).toEqual([]);
    expect((await call('GET', `/api/v1/topics/${tp.id}`, bob.token)).status).toBe(404);
    expect(ok(await call('GET', `/api/v1/topics/${tp.id}`, alice.token)).status).toBe('pending');
    expect(ok(await call('GET', `/api/v1/topics/${tp.id}`, held.ownerToken)).status).toBe('pending');
    const queue = ok(await call('GET', `/api/v1/brands/${held.brand.id}/moderation/queue`, held.ownerToken));
    const item = queue.find((i: { subject_id: string }) => i.subject_id === tp.id);
    expect(item).toMatchObject({ type: 'topic' });
    ok(await call('POST', `/api/v1/moderation/items/${item.id}/approve`, held.ownerToken, {}));
    expect(ok(await call('GET', `/api/v1/topics/${tp.id}`, bob.token)).status).toBe('published');
    const notices = await queryRows<{ detail: string }>(
      t.ctx.db,
      sql`select detail from notifications where account_id = ${alice.id} and type = 'moderation'`,
    );
    expect(notices.map((x) => x.detail)).toContain('topic_published');

    const r = await reply(tp.id, bob, 'Un avis');
    expect(r.status).toBe('pending');
    expect(ok(await call('GET', `/api/v1/topics/${tp.id}`, alice.token)).replies).toEqual([]);
    expect(
      ok(await call('GET', `/api/v1/topics/${tp.id}`, bob.token)).replies.map((x: { id: string }) => x.id),
    ).toEqual([r.id]);
    const queue2 = ok(await call('GET', `/api/v1/brands/${held.brand.id}/moderation/queue`, held.ownerToken));
    const replyItem = queue2.find((i: { subject_id: string }) => i.subject_id === r.id);
    expect(replyItem).toMatchObject({ type: 'topic_reply' });
    ok(
      await call('POST', `/api/v1/moderation/items/${replyItem.id}/reject`, held.ownerToken, { reason: 'advertising' }),
    );
    expect(ok(await call('GET', `/api/v1/topics/${tp.id}`, bob.token)).replies[0].status).toBe('rejected');
    expect(ok(await call('GET', `/api/v1/topics/${tp.id}`, alice.token)).replies).toEqual([]);
    // The team's own posts are never held.
    expect((await topic(sp.id, held.ownerToken)).status).toBe('published');
  });

  it('triage holds a flagged topic or reply even under post-moderation', async () => {
    const sp = await space();
    const alice = await person(t);
    const flagged = ok(
      await call('POST', `/api/v1/spaces/${sp.id}/topics`, alice.token, {
        title: 'Contact',
        text: 'Appelez-moi au 06 12 34 56 78 ou jean.dupont@example.com',
      }),
      201,
    );
    expect(flagged.status).toBe('pending');
    const clean = await topic(sp.id, alice);
    const insult = await reply(clean.id, alice, 'Bande de connards, vous êtes des escrocs');
    expect(insult.status).toBe('pending');
    const [item] = await queryRows<{ type: string; flag_codes: string[] }>(
      t.ctx.db,
      sql`select type, flag_codes from moderation_items where subject_id = ${insult.id}`,
    );
    expect(item).toMatchObject({ type: 'topic_reply', flag_codes: ['insult'] });
  });

  it('RSS and Atom feeds list a space’s published topics, escaped', async () => {
    const sp = await space();
    const alice = await person(t);
    const tp = ok(
      await call('POST', `/api/v1/spaces/${sp.id}/topics`, alice.token, {
        title: 'Chaussures <b>& cuir</b>',
        text: 'Entretien ?',
      }),
      201,
    );
    const rss = await call('GET', `/spaces/${sp.id}.rss`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    expect(rss.body).toContain(`/topics/${tp.id}`);
    // The title is character data (CDATA), never markup of the feed.
    expect(rss.body).toContain('<title><![CDATA[Chaussures <b>& cuir</b>]]></title>');
    const atom = await call('GET', `/spaces/${sp.id}.atom`);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    expect(atom.body).toContain('<feed');
    expect(atom.body).toContain(`/topics/${tp.id}`);
    const members = await space(s, { visibility: 'members' });
    expect((await call('GET', `/spaces/${members.id}.atom`)).status).toBe(404);
  });

  it('the site search finds topics, a members-only space’s by its members only', async () => {
    const open = await space();
    const closed = await space(s, { visibility: 'members', admit_followers: false, admit_buyers: false });
    const alice = await person(t);
    const member = await person(t);
    ok(await call('POST', `/api/v1/spaces/${closed.id}/members`, s.ownerToken, { account: member.id }), 201);
    await topic(open.id, alice, 'Imperméabilisant zorglub ouvert');
    await topic(closed.id, member, 'Imperméabilisant zorglub secret');
    const search = async (who: Person | null) => {
      const browser = new BrowserSession(t);
      if (who) await browser.actAs(who.id);
      return (await browser.page('/search?q=zorglub')).html;
    };
    const visitor = await search(null);
    expect(visitor).toContain('Imperméabilisant zorglub ouvert');
    expect(visitor).not.toContain('zorglub secret');
    expect(visitor).toContain('Sujets des espaces');
    expect(await search(alice)).not.toContain('zorglub secret');
    expect(await search(member)).toContain('Imperméabilisant zorglub secret');
  });

  it('cross-brand: another brand’s owner and a random person get 404 on every team route', async () => {
    const sp = await space();
    const members = await space(s, { visibility: 'members' });
    const alice = await person(t);
    const tp = await topic(sp.id, alice);
    const r = await reply(tp.id, alice);
    const stranger = await person(t);
    const routes: [string, string, unknown?][] = [
      ['PATCH', `/api/v1/spaces/${sp.id}`, { name: 'x' }],
      ['GET', `/api/v1/spaces/${sp.id}/members`],
      ['POST', `/api/v1/spaces/${sp.id}/members`, { account: stranger.id }],
      ['DELETE', `/api/v1/spaces/${sp.id}/members/${alice.id}`],
      ['POST', `/api/v1/topics/${tp.id}/pin`],
      ['POST', `/api/v1/topics/${tp.id}/unpin`],
      ['POST', `/api/v1/topics/${tp.id}/lock`],
      ['POST', `/api/v1/topics/${tp.id}/unlock`],
      ['POST', `/api/v1/topics/${tp.id}/move`, { space_id: members.id }],
      ['GET', `/api/v1/spaces/${members.id}`],
      ['GET', `/api/v1/spaces/${members.id}/topics`],
      ['POST', `/api/v1/spaces/${members.id}/topics`, { title: 'a', text: 'b' }],
    ];
    for (const token of [other.ownerToken, stranger.token]) {
      for (const [method, url, body] of routes)
        expect((await call(method, url, token, body)).status, `${method} ${url}`).toBe(404);
      const create = await call('POST', `/api/v1/brands/${s.brand.id}/spaces`, token, {
        name: 'x',
        visibility: 'public',
      });
      expect(create.status).toBe(404);
      const accept = await call('POST', `/api/v1/topics/${tp.id}/accept`, token, { reply_id: r.id });
      expect(accept.status).toBe(403);
    }
    // Back-office pages: 404 for strangers and other brands.
    for (const who of [other.owner.id, stranger.id]) {
      const browser = new BrowserSession(t);
      await browser.actAs(who);
      expect((await browser.page(`/brands/${s.brand.username}/spaces`)).status).toBe(404);
      expect((await browser.page(`/brands/${s.brand.username}/spaces/${sp.id}`)).status).toBe(404);
    }
  });

  it('escapes the XSS corpus on the space and topic pages', async () => {
    const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
    const sp = await space(s, { description: payloads[1], charter: payloads[2] });
    const alice = await person(t);
    const tp = ok(
      await call('POST', `/api/v1/spaces/${sp.id}/topics`, alice.token, {
        title: payloads[0],
        text: payloads.join(' '),
      }),
      201,
    );
    await reply(tp.id, alice, payloads.join(' '));
    for (const url of [`/spaces/${sp.id}`, `/topics/${tp.id}`, `/topics/${tp.id}/replies`]) {
      const html = await (await t.call('GET', url)).text();
      expect(html, url).not.toContain('<script>alert(1)</script>');
      expect(html, url).not.toContain('<img src=x onerror');
      expect(html, url).not.toContain('<svg onload');
    }
  });

  it('pages: a person starts a topic and replies through the forms; the back office creates and invites', async () => {
    const sp = await space(s, { charter: 'Pas de publicité.' });
    const alice = await person(t);
    const browser = new BrowserSession(t);
    await browser.actAs(alice.id);
    const page = await browser.page(`/spaces/${sp.id}`);
    expect(page.html).toContain('Pas de publicité.');
    expect(page.html).toContain('Nouveau sujet');
    const posted = await browser.post(`/spaces/${sp.id}/topics`, { title: 'Ma question', text: 'Bonjour' });
    expect(posted.status).toBe(303);
    const topicUrl = posted.headers.get('location')!;
    const replied = await browser.post(`${topicUrl}/replies`, { text: 'Je complète' });
    expect(replied.status).toBe(303);
    const shown = await browser.page(topicUrl);
    expect(shown.html).toContain('Je complète');
    expect(shown.html).toContain('hx-trigger="every 5s"');
    const live = await browser.page(`${topicUrl}/replies?after=00000000-0000-7000-8000-000000000000`);
    expect(live.html).toContain('Je complète');

    const team = new BrowserSession(t);
    await team.actAs(s.owner.id);
    const created = await team.post(`/brands/${s.brand.username}/spaces`, {
      name: 'Club',
      visibility: 'members',
      admit_followers: 'false',
      admit_buyers: 'false',
    });
    expect(created.status).toBe(303);
    const spaceUrl = created.headers.get('location')!;
    const invited = await team.post(`${spaceUrl}/invites`, { account: alice.username });
    expect(invited.status).toBe(303);
    expect((await team.page(spaceUrl)).html).toContain(`@${alice.username}`);
    const clubId = spaceUrl.split('/').at(-1)!;
    expect((await browser.page(`/spaces/${clubId}`)).status).toBe(200);
    const profile = await browser.page(`/@${s.brand.username}`);
    expect(profile.html).toContain(`/spaces/${clubId}`);
  });
});
