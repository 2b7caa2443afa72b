// First start: the server answers while the demo world is built, listens on this machine only by
// default, and describes itself with active counts that never exceed its total of people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { createPersonWithPasswordHash } from '../cli/demo-world';
import { loadConfig } from '../config';
import { createBrand } from '../modules/accounts';
import { createStatus } from '../modules/social';
import { buildingGate, buildingLanguage, type Building } from './building';

const step = { name: 'follows', index: 3, steps: 7, done: 120, total: 545 } as const;

describe('while the demo world is built', () => {
  const building: Building = { step: null };
  const gate = buildingGate<undefined>(building);
  const get = (path: string, headers: Record<string, string> = {}) =>
    gate.fetch(new Request(`http://localhost${path}`, { headers }), undefined);

  it('pages say the server is starting, then which step of the demo world is being built', async () => {
    const starting = await get('/');
    expect(starting.status).toBe(503);
    expect(starting.headers.get('content-type')).toContain('text/html');
    expect(await starting.text()).toContain('Comptoir démarre');

    building.step = { ...step };
    const page = await get('/@chloe', { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    const html = await page.text();
    expect(html).toContain('Le monde de démonstration se construit… (étape 3/7)');
    expect(html).toContain('120 / 545');
    expect(html).toContain('http-equiv="refresh"');
    expect(html).toContain('<html lang="fr">');
    expect(html.match(/<main>/g)).toHaveLength(1);

    const english = await (await get('/explore', { 'accept-language': 'en-GB,en;q=0.9' })).text();
    expect(english).toContain('The demo world is being built… (step 3/7)');
  });

  it('the API answers 503 with Retry-After and a JSON error', async () => {
    building.step = { ...step };
    for (const path of ['/api/v1/timelines/home', '/oauth/token', '/.well-known/nodeinfo', '/nodeinfo/2.0']) {
      const res = await get(path);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ code: 'starting', step: { index: 3, steps: 7 } });
    }
  });

  it('once open, every request goes to the application', async () => {
    gate.open(() => new Response('the application', { status: 200 }));
    for (const path of ['/', '/api/v1/timelines/home']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('the application');
    }
  });

  it('speaks French unless the browser prefers English', () => {
    expect(buildingLanguage(null)).toBe('fr');
    expect(buildingLanguage('de-DE,de;q=0.9')).toBe('fr');
    expect(buildingLanguage('en-US,en;q=0.9,fr;q=0.8')).toBe('en');
    expect(buildingLanguage('fr;q=0.5,en;q=0.9')).toBe('en');
    expect(buildingLanguage('fr-CA,en;q=0.5')).toBe('fr');
  });
});

describe('settings', () => {
  it('listens on this machine only unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('NodeInfo counts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const hash = 'not-a-login';
    const ana = await createPersonWithPasswordHash(
      { db: t.ctx.db },
      { username: 'ana', email: 'ana@example.test' },
      hash,
    );
    await createPersonWithPasswordHash({ db: t.ctx.db }, { username: 'bob', email: 'bob@example.test' }, hash);
    const brand = await createBrand({ db: t.ctx.db }, ana.id, { username: 'ana_shop', displayName: 'Ana Shop' });
    const social = { db: t.ctx.db, config: t.ctx.config, events: t.ctx.events };
    await createStatus(social, ana.id, { text: 'Bonjour' });
    await createStatus(social, brand.id, { text: 'Nouvelle collection' }, ana.id);
  });
  afterAll(() => t?.close());

  it('counts active people among the people: never more active users than users', async () => {
    const res = await t.call('GET', '/nodeinfo/2.0');
    const body = (await res.json()) as { usage: { users: Record<string, number> } };
    // Two people, one of whom posted; the brand's post counts neither as a user nor as an active one.
    expect(body.usage.users).toEqual({ total: 2, activeMonth: 1, activeHalfyear: 1 });
  });
});
