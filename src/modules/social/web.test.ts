import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession, unescapeHtml } from '../../../test/support/browser-session';
import { createAccount, createBrand, updateProfile, type Account } from '../accounts';
import * as social from './index';
import { WAIT_LIMIT_MS } from '../../../test/support/wait';

let t: TestApp;
let ctx: social.SocialContext;

beforeAll(async () => {
  t = await createTestApp();
  ctx = { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events };
});
afterAll(() => t.close());

const person = (username: string, displayName?: string) =>
  createAccount({ db: t.ctx.db }, { kind: 'person', username, displayName });

async function browserAs(account: Account | null): Promise<BrowserSession> {
  const browser = new BrowserSession(t);
  if (account) await browser.actAs(account.id);
  return browser;
}

const htmx = { 'HX-Request': 'true' };
const meta = (html: string, property: string) => {
  const m = new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`).exec(html);
  return m ? unescapeHtml(m[1]) : null;
};

describe('timelines', () => {
  it('home shows the posts of followed accounts, with the composer and live stream; visitors are sent to log in', async () => {
    const alice = await person('alice_h', 'Alice');
    const bob = await person('bob_h', 'Bob');
    const carol = await person('carol_h');
    await social.follow(ctx, alice.id, bob.id);
    await social.createStatus(ctx, bob.id, { text: 'Bonjour depuis la boulangerie #pain' });
    await social.createStatus(ctx, carol.id, { text: 'Carol, que personne ne suit' });
    const browser = await browserAs(alice);
    const { status, html } = await browser.page('/home');
    expect(status).toBe(200);
    expect(html).toContain('Bonjour depuis la boulangerie');
    expect(html).not.toContain('Carol, que personne ne suit');
    expect(html).toContain('data-live-stream="home"');
    expect(html).toMatch(/<textarea[^>]*name="text"[^>]*data-max-chars="500"/);
    expect(html).toContain('action="/statuses"');

    const visitor = await browserAs(null);
    const res = await visitor.get('/home');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fhome');
  });

  it('local and hashtag timelines work for visitors, with link previews and keyset paging', async () => {
    const dora = await person('dora_l');
    for (let i = 0; i < 22; i++) await social.createStatus(ctx, dora.id, { text: `Message numéro ${i} #comté` });
    const visitor = await browserAs(null);
    const local = await visitor.page('/local');
    expect(local.status).toBe(200);
    expect(local.html).toContain('Message numéro 21');
    expect(local.html).toContain('data-live-stream="local"');
    const older = /href="(\/local\?max_id=[0-9a-f-]+)"/.exec(local.html)?.[1];
    expect(older).toBeTruthy();
    const page2 = await visitor.page(unescapeHtml(older!));
    expect(page2.html).toContain('Message numéro 1 ');
    expect(page2.html).not.toContain('Message numéro 21');
    expect(page2.html).not.toContain('data-live-stream');

    const tag = await visitor.page(`/tags/${encodeURIComponent('comté')}`);
    expect(tag.status).toBe(200);
    expect(tag.html).toContain('Message numéro 21');
    expect(meta(tag.html, 'og:title')).toBe('#comté');
    expect(tag.html).toContain('data-live-stream="tag:comté"');
  });
});

describe('posts', () => {
  it('shows HTML typed in a post as text, on its page and in timelines', async () => {
    const mallory = await person('mallory_x');
    const viewer = await person('viewer_x');
    await social.follow(ctx, viewer.id, mallory.id);
    const post = await social.createStatus(ctx, mallory.id, {
      text: '<script>alert(1)</script> <img src=x onerror=alert(1)> "quoted"',
    });
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;';
    const visitor = await browserAs(null);
    const browser = await browserAs(viewer);
    for (const [b, url] of [
      [visitor, `/@mallory_x/${post.id}`],
      [visitor, '/local'],
      [visitor, '/@mallory_x'],
      [browser, '/home'],
    ] as const) {
      const { status, html } = await b.page(url);
      expect(status, url).toBe(200);
      expect(html, url).toContain(escaped);
      expect(html, url).not.toContain('<script>alert(1)');
      expect(html, url).not.toContain('<img src=x');
      expect(html, url).not.toContain('onerror=alert(1)>');
    }
    const page = await visitor.page(`/@mallory_x/${post.id}`);
    expect(meta(page.html, 'og:description')).toContain('<script>alert(1)</script>');
    expect(page.html).not.toMatch(/<meta[^>]*content="[^"]*<script/);
  });

  it('a post page shows its thread, link preview tags and a reply form that posts a reply', async () => {
    const erin = await person('erin_t', 'Erin');
    const finn = await person('finn_t', 'Finn');
    const root = await social.createStatus(ctx, erin.id, { text: 'Quel est votre fromage préféré ?' });
    const answer = await social.createStatus(ctx, finn.id, { text: 'Le comté, évidemment', inReplyToId: root.id });
    const visitor = await browserAs(null);
    const page = await visitor.page(`/@erin_t/${root.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Le comté, évidemment');
    expect(meta(page.html, 'og:title')).toBe('Message de Erin');
    expect(meta(page.html, 'og:description')).toBe('Quel est votre fromage préféré ?');
    expect(meta(page.html, 'og:url')).toBe(`http://localhost:3000/@erin_t/${root.id}`);
    expect(meta(page.html, 'og:image')).toBe('http://localhost:3000/static/avatar.svg');
    expect(meta(page.html, 'twitter:card')).toBeTruthy();
    expect(page.html).not.toContain('name="in_reply_to_id"');

    const reply = await visitor.page(`/@finn_t/${answer.id}`);
    const main = reply.html.slice(reply.html.indexOf('<main'));
    expect(main.indexOf('Quel est votre fromage')).toBeGreaterThan(0);
    expect(main.indexOf('Quel est votre fromage')).toBeLessThan(main.indexOf('Le comté, évidemment'));

    const browser = await browserAs(finn);
    const own = await browser.page(`/@erin_t/${root.id}`);
    expect(own.html).toContain(`name="in_reply_to_id" value="${root.id}"`);
    expect(own.html).toContain('@erin_t </textarea>');
    const res = await browser.post('/statuses', {
      text: '@erin_t Et le brie aussi',
      in_reply_to_id: root.id,
      next: `/@erin_t/${root.id}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/@erin_t/${root.id}#status-[0-9a-f-]+$`));
    const after = await visitor.page(`/@erin_t/${root.id}`);
    expect(after.html).toContain('Et le brie aussi');

    const quote = await browser.page(`/@erin_t/${root.id}?quote=1`);
    expect(quote.html).toContain(`name="quote_of_id" value="${root.id}"`);
    const quoted = await browser.post('/statuses', { text: 'Bonne question', quote_of_id: root.id, next: '/home' });
    expect(quoted.status).toBe(303);
    const home = await browser.page('/home');
    expect(home.html).toContain('class="quote"');
    expect(home.html).toContain('Quel est votre fromage préféré ?');
  });

  it('the composer keeps the text and explains the error when a post is refused', async () => {
    const gina = await person('gina_c');
    const browser = await browserAs(gina);
    await browser.get('/home');
    const text = `Trop long ${'x'.repeat(495)}`;
    const res = await browser.post('/statuses', { text, next: '/home' });
    expect(res.status).toBe(422);
    const html = await browser.html(res);
    expect(html).toContain('Un message fait au plus 500 caractères.');
    expect(html).toContain(`>${text}</textarea>`);
    expect(html).toContain('role="alert"');

    const empty = await browser.post('/statuses', { text: '   ' });
    expect(empty.status).toBe(422);
    expect(await browser.html(empty)).toContain('Écrivez quelque chose');

    const ok = await browser.post('/statuses', { text: 'Enfin publié', next: '/local' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/local');
    expect((await browser.page('/local')).html).toContain('Enfin publié');

    const noToken = await browser.post('/statuses', { text: 'sans jeton' }, { csrf: false });
    expect(noToken.status).toBe(403);
  });

  it('publishes images with their alt text, and polls', async () => {
    const hugo = await person('hugo_m');
    const browser = await browserAs(hugo);
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c2410c' } })
      .png()
      .toBuffer();
    const res = await browser.post('/statuses', {
      text: 'Nos croissants du matin',
      media_0: new File([new Uint8Array(png)], 'croissant.png', { type: 'image/png' }),
      alt_0: 'Trois croissants dorés sur un plateau',
      next: '/home',
    });
    expect(res.status).toBe(303);
    const [post] = await social.accountSkeleton(t.ctx.db, hugo.id, hugo.id, {});
    const page = await browser.page(`/@hugo_m/${post}`);
    expect(page.html).toMatch(/<img[^>]*alt="Trois croissants dorés sur un plateau"/);
    expect(page.html).toContain('data-count="1"');
    expect(meta(page.html, 'og:image')).toMatch(
      /^http:\/\/localhost:3000\/media\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]+\.webp$/,
    );

    const poll = await browser.post('/statuses', {
      text: 'Quelle viennoiserie ?',
      poll_option_0: 'Croissant',
      poll_option_1: 'Pain au chocolat',
      poll_expires_in: '3600',
      next: '/home',
    });
    expect(poll.status).toBe(303);
    const [pollPost] = await social.accountSkeleton(t.ctx.db, hugo.id, hugo.id, {});
    const row = await social.getStatusRow(t.ctx.db, pollPost);
    expect(row?.text).toBe('Quelle viennoiserie ?');

    const both = await browser.post('/statuses', {
      text: 'Les deux',
      poll_option_0: 'A',
      poll_option_1: 'B',
      media_0: new File([new Uint8Array(png)], 'x.png', { type: 'image/png' }),
    });
    expect(both.status).toBe(422);
    expect(await browser.html(both)).toContain('à la fois un sondage et des images');
  });

  it('posts as a brand for a team member with post permission, and refuses others', async () => {
    const owner = await person('owner_b');
    const stranger = await person('stranger_b');
    const brand = await createBrand({ db: t.ctx.db }, owner.id, {
      username: 'boulangerie_b',
      displayName: 'Boulangerie',
    });
    const browser = await browserAs(owner);
    const home = await browser.page('/home');
    expect(home.html).toContain('name="post_as"');
    expect(home.html).toContain('value="boulangerie_b"');
    const res = await browser.post('/statuses', { text: 'Pain frais à 7 h', post_as: 'boulangerie_b' });
    expect(res.status).toBe(303);
    const [id] = await social.accountSkeleton(t.ctx.db, null, brand.id, {});
    const row = await social.getStatusRow(t.ctx.db, id);
    expect(row).toMatchObject({ accountId: brand.id, writtenById: owner.id });

    const other = await browserAs(stranger);
    expect((await other.page('/home')).html).not.toContain('name="post_as"');
    const refused = await other.post('/statuses', { text: 'Usurpation', post_as: 'boulangerie_b' });
    expect(refused.status).toBe(403);
  });
});

describe('actions', () => {
  it('like through htmx answers the action bar with the new count; without htmx it redirects back', async () => {
    const ines = await person('ines_a');
    const jules = await person('jules_a');
    const post = await social.createStatus(ctx, ines.id, { text: 'Aimez-moi' });
    const browser = await browserAs(jules);
    const res = await browser.post(`/statuses/${post.id}/like`, { next: '/local' }, { headers: htmx });
    expect(res.status).toBe(200);
    const fragment = await res.text();
    expect(fragment.startsWith('<footer class="status-actions"')).toBe(true);
    expect(fragment).not.toContain('<html');
    expect(fragment).toMatch(/class="action like" aria-pressed="true"[\s\S]*?<span class="count">1<\/span>/);
    expect(fragment).toContain(`action="/statuses/${post.id}/unlike"`);
    expect((await social.getStatusRow(t.ctx.db, post.id))?.favouritesCount).toBe(1);

    const plain = await browser.post(`/statuses/${post.id}/unlike`, { next: '/local' });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/local#status-${post.id}`);
    expect((await social.getStatusRow(t.ctx.db, post.id))?.favouritesCount).toBe(0);

    for (const action of ['repost', 'bookmark'])
      expect((await browser.post(`/statuses/${post.id}/${action}`, {}, { headers: htmx })).status).toBe(200);
    expect((await browser.page('/bookmarks')).html).toContain('Aimez-moi');
    const home = await browser.page('/home');
    expect(home.html).toContain('a reposté');

    const visitor = await browserAs(null);
    const anonymous = await visitor.post(`/statuses/${post.id}/like`, {});
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);
  });

  it('deletes one’s own post (htmx answers an empty fragment) and refuses others’', async () => {
    const kim = await person('kim_d');
    const leo = await person('leo_d');
    const post = await social.createStatus(ctx, kim.id, { text: 'À supprimer' });
    const intruder = await browserAs(leo);
    expect((await intruder.post(`/statuses/${post.id}/delete`, {})).status).toBe(403);
    const browser = await browserAs(kim);
    const res = await browser.post(`/statuses/${post.id}/delete`, {}, { headers: htmx });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await social.getStatusRow(t.ctx.db, post.id)).toBeNull();
  });

  it('votes in a poll once, and shows the results', async () => {
    const mia = await person('mia_p');
    const noah = await person('noah_p');
    const post = await social.createStatus(ctx, mia.id, {
      text: 'Thé ou café ?',
      poll: { options: ['Thé', 'Café'], expiresIn: 3600 },
    });
    const { hydrated } = await social.loadVisible(ctx, noah.id, [post.id]);
    const pollId = hydrated.polls.get(post.id)!.id;
    const browser = await browserAs(noah);
    const before = await browser.page(`/@mia_p/${post.id}`);
    expect(before.html).toContain(`action="/polls/${pollId}/vote"`);
    expect(before.html).toMatch(/<input type="radio" name="choices\[\]" value="1"/);
    const res = await browser.post(`/polls/${pollId}/vote`, { 'choices[]': '1', next: `/@mia_p/${post.id}` });
    expect(res.status).toBe(303);
    const after = await browser.page(`/@mia_p/${post.id}`);
    expect(after.html).not.toContain(`action="/polls/${pollId}/vote"`);
    expect(after.html).toContain('100 %');
    expect(after.html).toContain('votre choix');
    const again = await browser.post(`/polls/${pollId}/vote`, { 'choices[]': '0' }, { headers: htmx });
    expect(await again.text()).toContain('Vous avez déjà voté');

    const visitor = await browserAs(null);
    const seen = await visitor.page(`/@mia_p/${post.id}`);
    expect(seen.html).toContain('1 votant');
  });
});

describe('profiles', () => {
  it('a brand profile wears its colours, a Brand badge and link preview tags', async () => {
    const owner = await person('owner_p');
    const brand = await createBrand({ db: t.ctx.db }, owner.id, {
      username: 'fromagerie_p',
      displayName: 'La Fromagerie',
    });
    await updateProfile({ db: t.ctx.db }, brand.id, {
      primaryColor: '#1d4ed8',
      accentColor: '#be123c',
      note: 'Fromages affinés <b>à Lyon</b>',
      location: 'Lyon',
      website: 'https://fromagerie.example',
    });
    await social.createStatus(ctx, brand.id, { text: 'Arrivage de saint-marcellin' });
    const visitor = await browserAs(null);
    const { status, html } = await visitor.page('/@fromagerie_p');
    expect(status).toBe(200);
    expect(meta(html, 'og:title')).toBe('La Fromagerie (@fromagerie_p)');
    expect(meta(html, 'og:description')).toBe('Fromages affinés <b>à Lyon</b>');
    expect(meta(html, 'og:type')).toBe('profile');
    expect(meta(html, 'twitter:card')).toBeTruthy();
    expect(html).toMatch(/<body[^>]*style="[^"]*--brand-primary:#1d4ed8/);
    expect(html).toMatch(/<body[^>]*style="[^"]*--brand-accent:#be123c/);
    expect(html).toContain('class="badge badge-brand">Marque<');
    expect(html).toContain('Fromages affinés &lt;b&gt;à Lyon&lt;/b&gt;');
    expect(html).toContain('Arrivage de saint-marcellin');
    expect(html).toMatch(/href="https:\/\/fromagerie\.example\/?" rel="me nofollow/);
    expect(html).toContain(`data-live-stream="account:${brand.id}"`);
    for (const tab of ['with_replies', 'media', 'followers', 'following'])
      expect((await visitor.get(`/@fromagerie_p/${tab}`)).status, tab).toBe(200);
    expect((await visitor.get('/@nobody_here')).status).toBe(404);

    const english = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' });
    expect((await english.page('/@fromagerie_p')).html).toContain('class="badge badge-brand">Brand<');
  });

  it('follows and unfollows with htmx fragments; lists followers', async () => {
    const olga = await person('olga_f', 'Olga');
    const paul = await person('paul_f');
    const browser = await browserAs(olga);
    const res = await browser.post('/@paul_f/follow', { next: '/@paul_f' }, { headers: htmx });
    expect(res.status).toBe(200);
    const fragment = await res.text();
    expect(fragment.startsWith('<div class="profile-actions"')).toBe(true);
    expect(fragment).toContain('action="/@paul_f/unfollow"');
    const followers = await browser.page('/@paul_f/followers');
    expect(followers.html).toContain('href="/@olga_f"');
    const plain = await browser.post('/@paul_f/unfollow', {});
    expect(plain.status).toBe(303);
    const [r] = await social.relationships(t.ctx.db, olga.id, [paul.id]);
    expect(r.following).toBe(false);
  });
});

describe('blocks, mutes and notifications', () => {
  it('blocked and muted accounts vanish from home and notifications', async () => {
    const dan = await person('dan_n');
    const eve = await person('eve_n', 'Eve');
    const fay = await person('fay_n', 'Fay');
    const gil = await person('gil_n', 'Gil');
    const browser = await browserAs(dan);
    for (const who of ['eve_n', 'fay_n', 'gil_n']) expect((await browser.post(`/@${who}/follow`, {})).status).toBe(303);
    await social.createStatus(ctx, eve.id, { text: '@dan_n message de Eve' });
    await social.createStatus(ctx, fay.id, { text: '@dan_n message de Fay' });
    await social.createStatus(ctx, gil.id, { text: '@dan_n message de Gil' });
    await social.follow(ctx, eve.id, dan.id);

    let home = await browser.page('/home');
    for (const name of ['Eve', 'Fay', 'Gil']) expect(home.html).toContain(`message de ${name}`);
    const before = await browser.page('/notifications');
    expect(before.html).toContain('id="notifications-list"');
    expect(before.html).toContain('vous a mentionné');
    expect(before.html).toContain('vous suit');
    expect(before.html).toContain('is-unread');
    expect(await social.unreadCount(ctx, dan.id)).toBe(0);

    expect((await browser.post('/@eve_n/block', {})).status).toBe(303);
    expect((await browser.post('/@fay_n/mute', {})).status).toBe(303);
    home = await browser.page('/home');
    expect(home.html).toContain('message de Gil');
    expect(home.html).not.toContain('message de Eve');
    expect(home.html).not.toContain('message de Fay');
    const after = await browser.page('/notifications');
    expect(after.html).toContain('message de Gil');
    // Their names, links and messages, as a notification shows them (a bare "Fay" can occur inside
    // the page's random CSRF token, which once failed this test).
    for (const [name, handle] of [
      ['Eve', 'eve_n'],
      ['Fay', 'fay_n'],
    ]) {
      expect(after.html).not.toContain(`>${name}<`);
      expect(after.html).not.toContain(`/@${handle}`);
      expect(after.html).not.toContain(`message de ${name}`);
    }
    expect(after.html).not.toContain('is-unread');
  });
});

describe('live updates', () => {
  async function readUntil(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    pattern: RegExp,
    timeoutMs = WAIT_LIMIT_MS,
  ) {
    const decoder = new TextDecoder();
    let text = '';
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; got: ${text}`);
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got: ${text}`)), left),
        ),
      ]);
      if (chunk.done) throw new Error(`stream ended; got: ${text}`);
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text;
  }

  function events(text: string) {
    return text
      .split('\n\n')
      .map((block) => ({
        event: /^event: (.+)$/m.exec(block)?.[1],
        data: block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n'),
      }))
      .filter((e) => e.event);
  }

  it('delivers a followed author’s new post as rendered HTML, and notifications with the unread count', async () => {
    const quinn = await person('quinn_l');
    const rose = await person('rose_l', 'Rose');
    const sam = await person('sam_l');
    await social.follow(ctx, quinn.id, rose.id);
    const browser = await browserAs(quinn);
    const res = await browser.get('/live?stream=home');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    try {
      await readUntil(reader, /: connected/);
      await social.createStatus(ctx, sam.id, { text: 'Pas suivi, pas montré' });
      const post = await social.createStatus(ctx, rose.id, { text: 'En direct de <la> boutique' });
      const text = await readUntil(reader, /event: status/);
      const [status] = events(text).filter((e) => e.event === 'status');
      const data = JSON.parse(status.data);
      expect(data.id).toBe(post.id);
      expect(data.html).toContain(`id="status-${post.id}"`);
      expect(data.html).toContain('En direct de &lt;la&gt; boutique');
      expect(data.html).toContain('<article class="status"');
      expect(text).not.toContain('Pas suivi');

      await social.favourite(ctx, rose.id, (await social.createStatus(ctx, quinn.id, { text: 'Mon message' })).id);
      const more = await readUntil(reader, /event: notification/);
      const notification = events(more).find((e) => e.event === 'notification')!;
      const payload = JSON.parse(notification.data);
      expect(payload.unread).toBeGreaterThanOrEqual(1);
      expect(payload.html).toContain('a aimé votre message');

      await social.deleteStatus(ctx, [rose.id], post.id);
      const gone = await readUntil(reader, /event: delete/);
      expect(JSON.parse(events(gone).find((e) => e.event === 'delete')!.data)).toEqual({ id: post.id });
    } finally {
      await reader.cancel();
    }
  });

  it('hides posts of muted accounts from a tag stream and refuses bad streams', async () => {
    const tess = await person('tess_l');
    const uma = await person('uma_l');
    const vic = await person('vic_l');
    await social.mute(ctx, tess.id, uma.id);
    const browser = await browserAs(tess);
    const res = await browser.get('/live?stream=tag:fromage');
    const reader = res.body!.getReader();
    try {
      await readUntil(reader, /: connected/);
      await social.createStatus(ctx, uma.id, { text: 'Masqué #fromage' });
      await social.createStatus(ctx, vic.id, { text: 'Visible #fromage' });
      const text = await readUntil(reader, /event: status/);
      expect(text).toContain('Visible ');
      expect(text).not.toContain('Masqué');
    } finally {
      await reader.cancel();
    }
    expect((await browser.get('/live?stream=nope')).status).toBe(400);
    expect((await (await browserAs(null)).get('/live?stream=home')).status).toBe(401);
  });
});
