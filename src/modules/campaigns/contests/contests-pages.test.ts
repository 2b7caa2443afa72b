import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { browserSession, postForm } from '../../accounts/api-testing';
import { json } from '../../social/api-test-support';
import { brandPost, endAndDraw, inHours, makeWorld, newContest, type World } from './contests-test-support';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t, 3);
});
afterAll(() => t.close());
beforeEach(() => t.clock.set(new Date()));

const page = async (path: string, cookie?: string) => {
  const res = await t.app.request(path, { headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
};

describe('the contest page', () => {
  it('shows the rules with free entry and the exclusions, how to enter, the end and the commitment (FR/EN)', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(
      t,
      w,
      { kind: 'like', status_id: post.id },
      { title: 'Gagnez <b>un comté</b>', prizes: 'Un comté 24 mois' },
    );
    const fr = await page(`/contests/${c.id}`);
    expect(fr.status).toBe(200);
    expect(fr.html).toContain('sans obligation d’achat');
    expect(fr.html).toContain('les comptes créés après le début du concours');
    expect(fr.html).toContain('les membres de son équipe');
    expect(fr.html).toContain('les comptes suspendus');
    expect(fr.html).toContain('bloqués');
    expect(fr.html).toContain(`/@${w.brand.username}/${post.id}`);
    expect(fr.html).toContain(c.commitment);
    expect(fr.html).toContain('data-relative');
    expect(fr.html).toContain('Gagnez &lt;b&gt;un comté&lt;/b&gt;');
    expect(fr.html).toContain('Un comté 24 mois');
    expect(fr.html).not.toContain('contest-seed');
    const en = await page(`/contests/${c.id}?lang=en`);
    expect(en.html).toContain('no purchase required');
    expect(en.html).toContain('accounts created after the contest started');
  });

  it('a form contest: sign in to enter, then the button, then "you are in"', async () => {
    const c = await newContest(t, w, { kind: 'form' });
    expect((await page(`/contests/${c.id}`)).html).toContain(`/login?next=/contests/${c.id}`);
    const s = await browserSession(t, w.people[0].id);
    expect((await page(`/contests/${c.id}`, s.cookie)).html).toContain(`action="/contests/${c.id}/enter"`);
    const res = await postForm(t, `/contests/${c.id}/enter`, { _csrf: s.csrf }, { cookie: s.cookie });
    expect(res.status).toBe(303);
    expect((await page(`/contests/${c.id}`, s.cookie)).html).toContain('Vous participez');
    const again = await postForm(t, `/contests/${c.id}/enter`, { _csrf: s.csrf }, { cookie: s.cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Vous participez déjà à ce concours.');
    const noCsrf = await postForm(t, `/contests/${c.id}/enter`, {}, { cookie: s.cookie });
    expect(noCsrf.status).toBe(403);
  });

  it('after the draw: the seed, the entries hash, the winners, how to verify and the JSON link', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 1 });
    await json(t.call('POST', `/api/v1/statuses/${post.id}/favourite`, { token: w.people[1].token }));
    await endAndDraw(t, c.id);
    const d = await json<any>(t.call('GET', `/api/v1/contests/${c.id}/draw`));
    const { html } = await page(`/contests/${c.id}`);
    expect(html).toContain(d.seed);
    expect(html).toContain(d.entries_hash);
    expect(html).toContain(`/@${w.people[1].username}`);
    expect(html).toContain('Vérifier le tirage');
    expect(html).toContain('createHmac');
    expect(html).toContain(`/api/v1/contests/${c.id}/draw`);
    expect(html).toContain('comptoir-draw-v1');
    // The winner's notification links to the contest's page.
    const winner = await browserSession(t, w.people[1].id);
    const notifications = await page('/notifications', winner.cookie);
    expect(notifications.html).toContain(`href="/contests/${c.id}"`);
    expect(notifications.html).toContain('Vous avez gagné le concours de Fromagerie');
  });

  it('an ended contest whose job has not run yet is drawn when its page or its draw is read', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 1 });
    t.clock.advance(3 * 3600_000);
    const d = await json<any>(t.call('GET', `/api/v1/contests/${c.id}/draw`));
    expect(d.commitment).toBe(c.commitment);
    expect((await page(`/contests/${c.id}`)).html).toContain(d.seed);
  });
});

describe('the brand back-office', () => {
  it('lists contests; the owner creates one with the form; a community manager reads; staff may not', async () => {
    const owner = await browserSession(t, w.owner.id);
    const list = await page(`/brands/${w.brand.username}/contests`, owner.cookie);
    expect(list.status).toBe(200);
    expect(list.html).toContain('contest-new-form');
    const post = await brandPost(t, w.brand.id);
    const res = await postForm(
      t,
      `/brands/${w.brand.username}/contests`,
      {
        _csrf: owner.csrf,
        title: 'Concours de Noël',
        rules: 'Un tirage parmi les « j’aime ».',
        kind: 'like',
        status_id: post.id,
        ends_at: inHours(t, 5).slice(0, 16), // a datetime-local value, read as Paris time
        winners: '2',
      },
      { cookie: owner.cookie },
    );
    expect(res.status).toBe(303);
    const id = res.headers.get('location')!.split('/').pop()!;
    const [row] = await queryRows<{ title: string; winners_count: number }>(
      t.ctx.db,
      sql`select title, winners_count from contests where id = ${id}`,
    );
    expect(row).toEqual({ title: 'Concours de Noël', winners_count: 2 });
    expect((await page(`/brands/${w.brand.username}/contests`, owner.cookie)).html).toContain('Concours de Noël');

    const bad = await postForm(
      t,
      `/brands/${w.brand.username}/contests`,
      { _csrf: owner.csrf, title: 'X', rules: 'Y', kind: 'reply', ends_at: inHours(t, 5).slice(0, 16), winners: '1' },
      { cookie: owner.cookie },
    );
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('field-error');
    expect(badHtml).toContain('Indiquez la publication de la marque sur laquelle participer.');

    const cm = await browserSession(t, w.cm.id);
    const cmList = await page(`/brands/${w.brand.username}/contests`, cm.cookie);
    expect(cmList.status).toBe(200);
    expect(cmList.html).not.toContain('contest-new-form');
    const cmPost = await postForm(
      t,
      `/brands/${w.brand.username}/contests`,
      { _csrf: cm.csrf, title: 'X', rules: 'Y', kind: 'form', ends_at: inHours(t, 5).slice(0, 16), winners: '1' },
      { cookie: cm.cookie },
    );
    expect(cmPost.status).toBe(403);
    const staff = await browserSession(t, w.staff.id);
    expect((await page(`/brands/${w.brand.username}/contests`, staff.cookie)).status).toBe(403);
    const rival = await browserSession(t, w.otherOwner.id);
    expect((await page(`/brands/${w.brand.username}/contests`, rival.cookie)).status).toBe(403);
    expect((await page(`/brands/nobody_${Date.now()}/contests`, owner.cookie)).status).toBe(404);
  });
});
