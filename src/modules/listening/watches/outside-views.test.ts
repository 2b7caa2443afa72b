/**
 * Outside items where a watch's matches are shown: the watch page (labelled "via <source>",
 * hostile text escaped), its RSS/Atom feeds, and its alerts (webhook payload, e-mail, in-app).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xml2js } from 'xml-js';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { queryRows } from '../../../db/client';
import { outboxDir } from '../../../lib/mailer';
import { createBrand } from '../../accounts';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';
import { deliverAlert, runDigests } from './alerts';
import { scanOutsideItems } from './outside-items';
import { insertOutsideItem, listenTo } from './outside-test-support';

const decodeQuotedPrintable = (raw: string) =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

let t: TestApp;
let owner: TestUser;
let brand: { id: string; username: string };
const word = `expresso${Math.random().toString(36).slice(2, 7).replace(/\d/g, 'q')}`;
const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)> ${word} horrible, une honte`;
let watchId: string;
let itemId: string;
let brandSourceId: string;

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  owner = await signUpUser(t, app, `ov_owner_${word}`);
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: `ov_${word}`, displayName: 'Brûlerie' });
  brand = { id: b.id, username: b.username };
  await json(
    t.call('POST', `/api/v1/brands/${brand.id}/webhooks`, {
      token: owner.token,
      body: { url: 'http://127.0.0.1:9/hook', events: ['*'] },
    }),
    201,
  );
  watchId = (
    await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${brand.id}/watches`, {
        token: owner.token,
        body: { name: 'Brûlerie dehors', query: word },
      }),
      201,
    )
  ).id;
  await json(
    t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${watchId}`, {
      token: owner.token,
      body: { alert_mode: 'immediate', alert_webhook: true, alert_email: true, alert_in_app: true },
    }),
  );
  const source = await listenTo(t.ctx.db, brand.id, 'Forum <b>des</b> amateurs');
  brandSourceId = source.brandSourceId;
  itemId = await insertOutsideItem(t.ctx.db, source.sourceId, {
    title: '<b>Avis</b>',
    text: hostile,
    language: 'fr',
    url: 'https://forum.example/t/42?a=1&b=2',
  });
  await scanOutsideItems(t.ctx);
});
afterAll(() => t.close());

describe('outside items on the watch page', () => {
  it('labels them “via <source>” linking out, in French and English, and escapes their text', async () => {
    const team = new BrowserSession(t);
    await team.actAs(owner.id);
    const url = `/brands/${brand.username}/watches/${watchId}`;
    const fr = await (await team.get(url)).text();
    expect(fr).toContain('via Forum &lt;b&gt;des&lt;/b&gt; amateurs');
    expect(fr).toContain('Source externe');
    expect(fr).toContain('href="https://forum.example/t/42?a=1&amp;b=2"');
    expect(fr).toContain('rel="nofollow noopener noreferrer ugc"');
    expect(fr).not.toContain('<script>alert');
    expect(fr).not.toContain('<img src=x');
    expect(fr).not.toContain('<b>Avis');
    expect(fr).toContain('&lt;script&gt;');
    const english = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' });
    await english.actAs(owner.id);
    const en = await (await english.get(`${url}?lang=en`)).text();
    expect(en).toContain('Outside source');
    expect(en).toContain('via Forum &lt;b&gt;des&lt;/b&gt; amateurs');
  });
});

describe('outside items in the watch’s feeds', () => {
  it('RSS and Atom link to the outside page, name the source, and escape the text', async () => {
    const watch = await json<{ rss_url: string; atom_url: string }>(
      t.call('GET', `/api/v1/brands/${brand.id}/watches/${watchId}`, { token: owner.token }),
    );
    for (const feedUrl of [watch.rss_url, watch.atom_url]) {
      const u = new URL(feedUrl);
      const res = await t.app.request(`${u.pathname}${u.search}`);
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).toContain('https://forum.example/t/42?a=1&amp;b=2');
      // Well-formed XML, the source's name in a category (its markup characters dropped).
      const doc = xml2js(xml, { compact: true }) as any;
      const item = feedUrl === watch.rss_url ? doc.rss.channel.item : doc.feed.entry;
      expect(JSON.stringify(item.category)).toContain('source:Forum bdes/b amateurs');
      // Titles and descriptions are HTML to readers: the outside's markup arrives as text.
      expect(xml).toContain('via Forum &lt;b&gt;des&lt;/b&gt; amateurs');
      expect(xml).toContain('&lt;script&gt;alert');
      expect(xml).toContain(`urn:uuid:${itemId}`);
      expect(xml).not.toContain('<script>');
      expect(xml).not.toContain('<img src=x');
    }
  });
});

describe('outside items in alerts', () => {
  it('an immediate alert carries the source and the link in the webhook, the e-mail and the in-app notice', async () => {
    const [alert] = await queryRows<{ id: string; item_ids: string[] | string }>(
      t.ctx.db,
      sql`select id, item_ids from watch_alerts where watch_id = ${watchId} and kind = 'match'`,
    );
    expect(alert).toBeDefined();
    const ids = typeof alert.item_ids === 'string' ? JSON.parse(alert.item_ids) : alert.item_ids;
    expect(ids).toEqual([itemId]);
    const outbox = outboxDir(t.ctx.config.dataDir);
    const before = fs.existsSync(outbox) ? new Set(fs.readdirSync(outbox)) : new Set<string>();
    await deliverAlert(t.ctx, alert.id);

    const [delivery] = await queryRows<{ payload: any }>(
      t.ctx.db,
      sql`select d.payload from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where e.brand_id = ${brand.id} and d.event = 'watch.match'`,
    );
    const payload = typeof delivery.payload === 'string' ? JSON.parse(delivery.payload) : delivery.payload;
    expect(payload.data.items).toEqual([
      expect.objectContaining({
        id: itemId,
        type: 'outside',
        url: 'https://forum.example/t/42?a=1&b=2',
        author: null,
        source: { id: brandSourceId, name: 'Forum <b>des</b> amateurs' },
        sentiment: 'negative',
      }),
    ]);

    const mails = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml') && !before.has(f));
    // A plain-text mail (quoted-printable): nothing in it is markup.
    const text = mails.map((f) => decodeQuotedPrintable(fs.readFileSync(path.join(outbox, f), 'utf8'))).join('\n');
    expect(text).toContain('Content-Type: text/plain');
    expect(text).toContain('via Forum <b>des</b> amateurs');
    expect(text).toContain('https://forum.example/t/42?a=1&b=2');

    const notes = await queryRows(
      t.ctx.db,
      sql`select 1 from notifications where type = 'watch' and subject_id = ${watchId} and account_id = ${owner.id}`,
    );
    expect(notes).toHaveLength(1);
  });
});

describe('outside items in digests', () => {
  it('count on the day they were read, even when the feed says they were published days before', async () => {
    const digestWord = `${word}digest`;
    const { id } = await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${brand.id}/watches`, {
        token: owner.token,
        body: { name: 'Digest', query: digestWord },
      }),
      201,
    );
    await json(
      t.call('PATCH', `/api/v1/brands/${brand.id}/watches/${id}`, {
        token: owner.token,
        body: { alert_mode: 'digest', alert_in_app: true },
      }),
    );
    const source = await listenTo(t.ctx.db, brand.id, 'Archives');
    const old = await insertOutsideItem(t.ctx.db, source.sourceId, {
      text: `Un vieux ${digestWord}`,
      publishedAt: new Date(Date.now() - 5 * 86_400_000),
    });
    await scanOutsideItems(t.ctx);
    // Tomorrow's run digests today, the day the item was read.
    await runDigests(t.ctx, new Date(Date.now() + 86_400_000));
    const [digest] = await queryRows<{ item_ids: string[] | string; detail: any }>(
      t.ctx.db,
      sql`select item_ids, detail from watch_alerts where watch_id = ${id} and kind = 'digest'`,
    );
    const ids = typeof digest.item_ids === 'string' ? JSON.parse(digest.item_ids) : digest.item_ids;
    expect(ids).toEqual([old]);
  });
});
