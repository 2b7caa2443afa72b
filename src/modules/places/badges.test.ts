import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { person } from '../../../test/support/orders';
import { badgesOf, badgeWords } from './badges';
import { addPlace, at, brandWithPlaces, checkinAt, people } from './fun-testing';
import { createTip } from './tips';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const codes = (r: { badges: { code: string }[] }) => r.badges.map((b) => b.code);

describe('badges', () => {
  it('first check-in (a private one counts), named in the person’s language, earned once', async () => {
    const b = await brandWithPlaces(t, 1, 'cafe');
    const fr = await person(t, { locale: 'fr' });
    const en = await person(t, { locale: 'en' });
    const first = await checkinAt(t, fr, b.places[0], at(0), 'private');
    expect(first.badges).toEqual([{ code: 'first_checkin', name: 'Premier pas' }]);
    expect((await checkinAt(t, en, b.places[0], at(0, 5))).badges).toEqual([
      { code: 'first_checkin', name: 'First step' },
    ]);
    expect(codes(await checkinAt(t, fr, b.places[0], at(1)))).toEqual([]);
    const mine = await badgesOf(t.ctx.db, fr.id, 'en');
    expect(mine.map((x) => [x.code, x.name])).toEqual([['first_checkin', 'First step']]);
    expect(mine[0].placeId).toBe(b.places[0].id);
  });

  it('5 and 25 distinct places; 10 check-ins at one brand’s places', async () => {
    const b = await brandWithPlaces(t, 25);
    const [p] = await people(t, 1);
    const earned: string[][] = [];
    for (const [i, place] of b.places.entries()) earned.push(codes(await checkinAt(t, p, place, at(0, i))));
    expect(earned[0]).toEqual(['first_checkin']);
    expect(earned[2]).toEqual(['explorer_shop']);
    expect(earned[4]).toEqual(['places_5']);
    expect(earned[9]).toEqual(['brand_10']);
    expect(earned[24]).toEqual(['places_25']);
    expect(earned.flat().length).toBe(5);
  });

  it('10 check-ins at one brand count across days; another brand’s places do not add up', async () => {
    const b = await brandWithPlaces(t, 2);
    const other = await brandWithPlaces(t, 1);
    const [p] = await people(t, 1);
    const got: string[] = [];
    for (let day = 0; day < 4; day++) got.push(...codes(await checkinAt(t, p, other.places[0], at(day, 0))));
    for (let day = 0; day < 5; day++) {
      got.push(...codes(await checkinAt(t, p, b.places[0], at(day, 10))));
      got.push(...codes(await checkinAt(t, p, b.places[1], at(day, 20))));
    }
    expect(got.filter((c) => c === 'brand_10').length).toBe(1);
    // The 10th check-in at b's places was the second one on the fifth day.
    const earnedAt = (await badgesOf(t.ctx.db, p.id)).find((x) => x.code === 'brand_10')!.earnedAt.getTime();
    expect(earnedAt).toBeGreaterThanOrEqual(at(4, 20).getTime());
    expect(earnedAt).toBeLessThan(at(4, 21).getTime());
  });

  it('three Paris days in a row at the same place, not with a day missing, across midnight in Paris', async () => {
    const b = await brandWithPlaces(t, 2);
    const [p, q] = await people(t, 2);
    // 23:30 Paris (21:30 UTC) then 00:30 Paris the next day (22:30 UTC): two days in a row.
    const late = (days: number) => new Date(at(days).getTime() + (13 * 60 + 30) * 60_000);
    expect(codes(await checkinAt(t, p, b.places[0], late(0)))).toContain('first_checkin');
    await checkinAt(t, p, b.places[0], new Date(late(0).getTime() + 60 * 60_000));
    expect(codes(await checkinAt(t, p, b.places[0], at(2)))).toEqual(['streak_3']);
    // q skips a day, and a day at another place does not fill the gap.
    await checkinAt(t, q, b.places[0], at(0));
    await checkinAt(t, q, b.places[1], at(1));
    expect(codes(await checkinAt(t, q, b.places[0], at(2)))).toEqual([]);
    expect(codes(await checkinAt(t, q, b.places[0], at(3)))).toEqual([]);
    expect(codes(await checkinAt(t, q, b.places[0], at(4)))).toEqual(['streak_3']);
  });

  it('an explorer badge per category (three places of it)', async () => {
    const b = await brandWithPlaces(t, 3, 'bakery');
    const cafe = await addPlace(t, b, 40, 'cafe');
    const [p] = await people(t, 1);
    await checkinAt(t, p, cafe, at(0, 0));
    await checkinAt(t, p, b.places[0], at(0, 10));
    expect(codes(await checkinAt(t, p, b.places[1], at(0, 20)))).toEqual([]);
    const third = await checkinAt(t, p, b.places[2], at(0, 30));
    expect(third.badges).toEqual([{ code: 'explorer_bakery', name: 'Explorateur : Boulangerie' }]);
    expect(badgeWords('explorer_bakery', 'en').name).toBe('Explorer: Bakery');
  });

  it('first tip: when a tip is published, not while it waits for a moderator', async () => {
    const suggested = await brandWithPlaces(t, 1);
    const [p] = await people(t, 1);
    // The brand pre-moderates (the default): the tip waits, no badge yet.
    const held = await createTip(t.ctx, p.id, suggested.places[0].id, { text: 'Le comté de 24 mois est excellent.' });
    expect(held.status).toBe('pending');
    expect((await badgesOf(t.ctx.db, p.id)).map((x) => x.code)).toEqual([]);
    const { moderationSubjects } = await import('../moderation');
    await t.ctx.db.transaction((tx) =>
      moderationSubjects.get('tip')!.onDecision!(tx, held.id, { action: 'approve', moderatorId: suggested.owner.id }),
    );
    expect((await badgesOf(t.ctx.db, p.id)).map((x) => x.code)).toEqual(['first_tip']);
  });
});
