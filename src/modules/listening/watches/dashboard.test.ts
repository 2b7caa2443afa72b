/**
 * The watch dashboard as a brand's team reads it: the watch's name as heading, the charts before
 * the feed links, days written in the page's language, and figures that follow new matches at
 * once (they are kept between visits only while the matches stay the same).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { jobHandlers } from '../../../jobs/handlers';
import { runDueJobs } from '../../../jobs/queue';
import { createBrand } from '../../accounts';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';

let t: TestApp;
let owner: TestUser;
let author: TestUser;
let brand: { id: string; username: string };
const word = `brillat${Math.random().toString(36).slice(2, 7)}`;

const runJobs = async () => {
  for (let i = 0; i < 20; i++) if ((await runDueJobs(t.ctx.database, jobHandlers(t.ctx))) === 0) break;
};
const post = (status: string) =>
  json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token: author.token, body: { status } }));

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  owner = await signUpUser(t, app, `dash_owner_${word}`);
  author = await signUpUser(t, app, `dash_author_${word}`);
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: `dash_${word}`, displayName: 'Laiterie Dash' });
  brand = { id: b.id, username: b.username };
});
afterAll(() => t.close());

describe('watch dashboard page', () => {
  it('shows the watch’s name, charts first, days in the page’s language, and new matches at once', async () => {
    const { id } = await json<{ id: string }>(
      t.call('POST', `/api/v1/brands/${brand.id}/watches`, {
        token: owner.token,
        body: { name: 'Brillat en ville', query: word },
      }),
      201,
    );
    await post(`Le ${word} de la laiterie est délicieux`);
    await runJobs();
    const team = new BrowserSession(t);
    await team.actAs(owner.id);
    const url = `/brands/${brand.username}/watches/${id}`;
    const first = await (await team.get(url)).text();
    expect(first).toMatch(/<h1>Brillat en ville<\/h1>/);
    expect(first.indexOf('watch-chart')).toBeLessThan(first.indexOf('watch-feeds'));
    const month = new Intl.DateTimeFormat('fr', { month: 'short', timeZone: 'UTC' }).format(new Date());
    expect(first).toContain(month);
    expect(first).not.toMatch(/>\d\d-\d\d</);
    expect(first).toContain('Mentions (1)');

    await post(`Encore un ${word} parfait`);
    await runJobs();
    const second = await (await team.get(url)).text();
    expect(second).toContain('Mentions (2)');

    const english = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'en' });
    await english.actAs(owner.id);
    const en = await (await english.get(`${url}?lang=en`)).text();
    const enMonth = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(new Date());
    expect(en).toContain(enMonth);
  });
});
