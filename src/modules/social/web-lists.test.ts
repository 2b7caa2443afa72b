import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import { createAccount } from '../accounts';
import * as social from './index';

let t: TestApp;
let ctx: social.SocialContext;
beforeAll(async () => {
  t = await createTestApp();
  ctx = { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events };
});
afterAll(() => t.close());

const person = (username: string) => createAccount({ db: t.ctx.db }, { kind: 'person', username });

describe('list pages', () => {
  it('creates a list, adds a followed account by @handle (refuses others, says why), reads its timeline, removes, renames and deletes it', async () => {
    const lea = await person('lp_lea');
    const max = await person('lp_max');
    const noe = await person('lp_noe');
    await social.follow(ctx, lea.id, max.id);
    await social.createStatus(ctx, max.id, { text: 'Tomme de Savoie au marché' });
    await social.createStatus(ctx, noe.id, { text: 'Noé que Léa ne suit pas' });
    const browser = new BrowserSession(t);
    await browser.actAs(lea.id);
    expect((await browser.page('/home')).html).toContain('href="/lists"');
    expect((await browser.page('/lists')).html).toContain('Aucune liste');
    const made = await browser.post('/lists', { title: 'Marché' });
    expect(made.status).toBe(303);
    const url = made.headers.get('location')!;
    expect(url).toMatch(/^\/lists\/[0-9a-f-]{36}$/);
    expect((await browser.post(`${url}/members`, { username: '@lp_max' })).status).toBe(303);
    const refused = await browser.post(`${url}/members`, { username: 'lp_noe' });
    expect(refused.status).toBe(422);
    expect(await browser.html(refused)).toContain('Seuls les comptes que vous suivez');
    const page = await browser.page(url);
    expect(page.html).toContain('Tomme de Savoie au marché');
    expect(page.html).not.toContain('Noé que Léa ne suit pas');
    expect(page.html).toContain('@lp_max');
    expect((await browser.post(`${url}/settings`, { title: 'Marché du samedi', replies_policy: 'none' })).status).toBe(
      303,
    );
    expect((await browser.page('/lists')).html).toContain('Marché du samedi');
    expect((await browser.post(`${url}/members/remove`, { account_id: max.id })).status).toBe(303);
    expect((await browser.page(url)).html).not.toContain('Tomme de Savoie');
    // Someone else's list does not exist for them.
    const other = new BrowserSession(t);
    await other.actAs(max.id);
    expect((await other.page(url)).status).toBe(404);
    expect((await browser.post(`${url}/delete`)).headers.get('location')).toBe('/lists');
    expect((await browser.page(url)).status).toBe(404);
    expect((await new BrowserSession(t).page('/lists')).status).toBe(303);
  });
});
