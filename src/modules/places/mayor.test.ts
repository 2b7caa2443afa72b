import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { browserSession } from '../accounts/api-testing';
import { at, brandWithPlaces, checkinAt, people } from './fun-testing';
import { sweepMayors } from './mayor';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const mayorOf = async (placeId: string) =>
  (await queryRows<{ mayor_id: string | null }>(t.ctx.db, sql`select mayor_id from places where id = ${placeId}`))[0]
    .mayor_id;
const placeNotices = (accountId: string) =>
  queryRows<{ detail: string; subject_id: string; from_account_id: string }>(
    t.ctx.db,
    sql`select detail, subject_id, from_account_id from notifications where account_id = ${accountId} and type = 'place' order by id`,
  );

describe('the mayor', () => {
  it('is the person with the most days; the incumbent keeps the title on a tie', async () => {
    const b = await brandWithPlaces(t);
    const place = b.places[0];
    const [ana, ben] = await people(t, 2);
    expect((await checkinAt(t, ana, place, at(0))).mayor).toBe(true);
    // Ben ties (one day each): Ana keeps it.
    expect((await checkinAt(t, ben, place, at(0, 30))).mayor).toBe(false);
    expect((await checkinAt(t, ben, place, at(1))).mayor).toBe(true); // 2 days against 1
    expect((await checkinAt(t, ana, place, at(1, 30))).mayor).toBe(false); // 2 against 2: Ben keeps it
    expect(await mayorOf(place.id)).toBe(ben.id);
    // A second check-in the same day does not count and adds no day.
    expect((await checkinAt(t, ana, place, at(1, 50))).counted).toBe(false);
    expect(await mayorOf(place.id)).toBe(ben.id);
    expect((await checkinAt(t, ana, place, at(2))).mayor).toBe(true);
  });

  it('becoming and losing the title notifies both people', async () => {
    const b = await brandWithPlaces(t);
    const place = b.places[0];
    const [ana, ben] = await people(t, 2);
    await checkinAt(t, ana, place, at(0));
    expect(await placeNotices(ana.id)).toEqual([
      { detail: 'mayor_gained', subject_id: place.id, from_account_id: b.brand.id },
    ]);
    await checkinAt(t, ben, place, at(0, 10), 'public');
    await checkinAt(t, ben, place, at(1), 'public');
    expect(await placeNotices(ben.id)).toEqual([
      { detail: 'mayor_gained', subject_id: place.id, from_account_id: b.brand.id },
    ]);
    expect((await placeNotices(ana.id)).map((n) => [n.detail, n.from_account_id])).toEqual([
      ['mayor_gained', b.brand.id],
      ['mayor_lost', ben.id],
    ]);
    // Her notifications page says it in words, names the place and links to it.
    const { cookie } = await browserSession(t, ana.id);
    const page = await (await t.app.request('/notifications', { headers: { cookie } })).text();
    expect(page).toContain('Vous êtes maintenant maire de ce lieu.');
    expect(page).toContain('vous a pris la place de maire.');
    expect(page).toContain(`href="/places/${place.id}"`);
    expect(page).toContain(place.name);
    // Cara takes it with private check-ins only: Ben is told he lost it, not by whom.
    const [cara] = await people(t, 1);
    for (let day = 2; day < 5; day++) await checkinAt(t, cara, place, at(day));
    expect(await mayorOf(place.id)).toBe(cara.id);
    expect((await placeNotices(ben.id)).map((n) => [n.detail, n.from_account_id])).toEqual([
      ['mayor_gained', b.brand.id],
      ['mayor_lost_quiet', b.brand.id],
    ]);
    const bens = await browserSession(t, ben.id);
    const benPage = await (await t.app.request('/notifications', { headers: { cookie: bens.cookie } })).text();
    expect(benPage).toContain('Vous n’êtes plus maire de ce lieu.');
    expect(benPage).not.toContain(cara.username);
  });

  it('counts the last 60 Paris days: a mayor who stopped coming loses the title when the window slides', async () => {
    const b = await brandWithPlaces(t);
    const place = b.places[0];
    const [ana, ben] = await people(t, 2);
    for (let day = 0; day < 3; day++) await checkinAt(t, ana, place, at(day));
    for (let day = 40; day < 42; day++) await checkinAt(t, ben, place, at(day, 10));
    expect(await mayorOf(place.id)).toBe(ana.id);
    // Day 61: Ana's first day has left the window (2 days left against Ben's 2): she keeps it on the tie.
    t.clock.set(at(60));
    await sweepMayors(t.ctx);
    expect(await mayorOf(place.id)).toBe(ana.id);
    // Day 62: one day left against two.
    t.clock.set(at(61));
    await sweepMayors(t.ctx);
    expect(await mayorOf(place.id)).toBe(ben.id);
    // Ben only checked in privately: Ana is not told who took it.
    expect((await placeNotices(ana.id)).map((n) => n.detail)).toEqual(['mayor_gained', 'mayor_lost_quiet']);
    // Day 102: Ben's days have left too: nobody.
    t.clock.set(at(102));
    await sweepMayors(t.ctx);
    expect(await mayorOf(place.id)).toBe(null);
    expect((await placeNotices(ben.id)).map((n) => [n.detail, n.from_account_id])).toEqual([
      ['mayor_gained', b.brand.id],
      ['mayor_lost_quiet', b.brand.id],
    ]);
  });
});
