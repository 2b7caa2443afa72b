import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { person, shop } from '../../../../test/support/orders';
import { runReviewScan } from './matcher';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  return { status: res.status, body: (await res.json()) as any };
}

describe('watches and places', () => {
  it('match public check-ins at the brand’s places (name, town, comment, @brand) and published tips, labelled as such', async () => {
    const s = await shop(t);
    const place = (
      await call('POST', `/api/v1/brands/${s.brand.id}/places`, s.ownerToken, {
        name: 'Maison Lin',
        address: '12 rue Mercière',
        city: 'Lyon',
        lat: 45.762,
        lon: 4.833,
      })
    ).body;
    const byName = (
      await call('POST', `/api/v1/brands/${s.brand.id}/watches`, s.ownerToken, { name: 'Lin', query: 'Lin' })
    ).body;
    const byBrand = (
      await call('POST', `/api/v1/brands/${s.brand.id}/watches`, s.ownerToken, {
        name: 'Marque',
        query: `@${s.brand.username}`,
      })
    ).body;
    const byWord = (
      await call('POST', `/api/v1/brands/${s.brand.id}/watches`, s.ownerToken, { name: 'Raviolis', query: 'raviolis' })
    ).body;
    const [a, b, c] = await Promise.all([person(t), person(t), person(t)]);
    const at = { lat: place.lat, lon: place.lon };
    const shared = await call('POST', `/api/v1/places/${place.id}/checkins`, a.token, {
      ...at,
      visibility: 'public',
      comment: 'Les raviolis du midi sont incroyables',
    });
    const hidden = await call('POST', `/api/v1/places/${place.id}/checkins`, b.token, {
      ...at,
      visibility: 'private',
      comment: 'Les raviolis encore',
    });
    await t.ctx.db.execute(
      // The brand post-moderates: the clean tip is published at once.
      (await import('drizzle-orm'))
        .sql`insert into moderation_policies (brand_id, mode) values (${s.brand.id}, 'post')`,
    );
    const tip = await call('POST', `/api/v1/places/${place.id}/tips`, c.token, { text: 'Prenez les raviolis vapeur.' });
    expect([shared.status, hidden.status, tip.body.status]).toEqual([201, 201, 'published']);
    await runReviewScan(t.ctx);
    const matches = async (w: { id: string }) =>
      (await call('GET', `/api/v1/brands/${s.brand.id}/watches/${w.id}/matches`, s.ownerToken)).body as {
        id: string;
        type: string;
        url: string;
        text: string;
      }[];
    const named = await matches(byName);
    // The place's name is in both documents; the private check-in is in none.
    expect(named.map((m) => [m.id, m.type]).sort()).toEqual(
      [
        [shared.body.id, 'checkin'],
        [tip.body.id, 'tip'],
      ].sort(),
    );
    const checkin = named.find((m) => m.type === 'checkin')!;
    expect(checkin.text).toBe('Maison Lin\nLes raviolis du midi sont incroyables');
    expect(checkin.url).toBe(`http://localhost:3000/places/${place.id}`);
    expect(new Set((await matches(byBrand)).map((m) => m.type))).toEqual(new Set(['checkin', 'tip']));
    const words = await matches(byWord);
    expect(words.map((m) => [m.id, m.type]).sort()).toEqual(
      [
        [shared.body.id, 'checkin'],
        [tip.body.id, 'tip'],
      ].sort(),
    );
    // A second scan records nothing twice.
    await runReviewScan(t.ctx);
    expect((await matches(byWord)).length).toBe(2);
  });
});
