import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { follow } from '../social';
import { at, brandWithPlaces, checkinAt, people, type Brand } from './fun-testing';
import { createSpecial, deactivateSpecial, type SpecialInput } from './specials';
import { CODE_ALPHABET } from './unlocks';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const special = (b: Brand, input: SpecialInput, place = b.places[0]) =>
  createSpecial(t.ctx, b.owner.id, place.id, { title: `Offre ${input.kind}`, ...input });
const codesOf = async (specialId: string) =>
  queryRows<{ account_id: string; code: string }>(
    t.ctx.db,
    sql`select account_id, code from special_unlocks where special_id = ${specialId} order by unlocked_at`,
  );

describe('the seven kinds of specials', () => {
  it('newbie: the first counted check-in ever at the place, not the next ones', async () => {
    const b = await brandWithPlaces(t);
    const s = await special(b, { kind: 'newbie' });
    const [p] = await people(t, 1);
    const first = await checkinAt(t, p, b.places[0], at(0));
    expect(first.specials).toEqual([expect.objectContaining({ id: s.id, kind: 'newbie', title: 'Offre newbie' })]);
    expect(first.specials[0].code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    expect((await checkinAt(t, p, b.places[0], at(1))).specials).toEqual([]);
  });

  it('check_in: every counted check-in, not one that does not count', async () => {
    const b = await brandWithPlaces(t);
    const s = await special(b, { kind: 'check_in' });
    const [p] = await people(t, 1);
    expect((await checkinAt(t, p, b.places[0], at(0))).specials.map((x) => x.id)).toEqual([s.id]);
    const again = await checkinAt(t, p, b.places[0], at(0, 30));
    expect(again.counted).toBe(false);
    expect(again.specials).toEqual([]);
    expect((await checkinAt(t, p, b.places[0], at(1))).specials.map((x) => x.id)).toEqual([s.id]);
  });

  it('loyalty: every Nth counted check-in at the place', async () => {
    const b = await brandWithPlaces(t);
    await special(b, { kind: 'loyalty', every_n: 3 });
    const [p] = await people(t, 1);
    const got: number[] = [];
    for (let day = 0; day < 7; day++) got.push((await checkinAt(t, p, b.places[0], at(day))).specials.length);
    expect(got).toEqual([0, 0, 1, 0, 0, 1, 0]);
  });

  it('flash: the first N people per Paris day, from the start time of day', async () => {
    const b = await brandWithPlaces(t);
    // Starts at 10:30 Paris (08:30 UTC in summer).
    const s = await special(b, { kind: 'flash', first_n: 2, starts_at: at(0, 30).toISOString() });
    const crowd = await people(t, 4);
    expect((await checkinAt(t, crowd[0], b.places[0], at(0, 10))).specials).toEqual([]); // before the start
    const after = [];
    for (const p of crowd.slice(1)) after.push((await checkinAt(t, p, b.places[0], at(0, 40))).specials.length);
    expect(after).toEqual([1, 1, 0]);
    // Next day, before 10:30: nothing; after: the first two again.
    expect((await checkinAt(t, crowd[3], b.places[0], at(1, 0))).specials).toEqual([]);
    expect((await checkinAt(t, crowd[0], b.places[0], at(1, 45))).specials.map((x) => x.id)).toEqual([s.id]);
    expect((await codesOf(s.id)).length).toBe(3);
  });

  it('swarm: once N people are there within the window, each of them gets a code', async () => {
    const b = await brandWithPlaces(t);
    const s = await special(b, { kind: 'swarm', min_people: 3, window_minutes: 60 });
    const [a, bb, c, late] = await people(t, 4);
    expect((await checkinAt(t, a, b.places[0], at(0, 0))).specials).toEqual([]);
    expect((await checkinAt(t, bb, b.places[0], at(0, 20))).specials).toEqual([]);
    const third = await checkinAt(t, c, b.places[0], at(0, 40));
    expect(third.specials.map((x) => x.id)).toEqual([s.id]);
    expect(new Set((await codesOf(s.id)).map((r) => r.account_id))).toEqual(new Set([a.id, bb.id, c.id]));
    // Two hours later the first three are outside the window: alone, no swarm.
    expect((await checkinAt(t, late, b.places[0], at(0, 160))).specials).toEqual([]);
  });

  it('friends: checking in with N people one follows, within the window', async () => {
    const b = await brandWithPlaces(t);
    const s = await special(b, { kind: 'friends', min_people: 2, window_minutes: 30 });
    const [x, y, f1, f2, stranger] = await people(t, 5);
    for (const target of [f1, f2]) await follow(t.ctx, x.id, target.id);
    await follow(t.ctx, y.id, f1.id);
    await checkinAt(t, f1, b.places[0], at(0, 0));
    await checkinAt(t, stranger, b.places[0], at(0, 5));
    await checkinAt(t, f2, b.places[0], at(0, 10));
    expect((await checkinAt(t, x, b.places[0], at(0, 20))).specials.map((z) => z.id)).toEqual([s.id]);
    // y follows only one of the people there (the stranger does not count).
    expect((await checkinAt(t, y, b.places[0], at(0, 25))).specials).toEqual([]);
  });

  it('mayor: the mayor after the check-in, nobody else', async () => {
    const b = await brandWithPlaces(t);
    const s = await special(b, { kind: 'mayor' });
    const [m, other] = await people(t, 2);
    const first = await checkinAt(t, m, b.places[0], at(0));
    expect(first.mayor).toBe(true);
    expect(first.specials.map((x) => x.id)).toEqual([s.id]);
    const second = await checkinAt(t, other, b.places[0], at(0, 30));
    expect(second.mayor).toBe(false);
    expect(second.specials).toEqual([]);
  });

  it('runs only between starts_at and ends_at, and while active', async () => {
    const b = await brandWithPlaces(t);
    const later = await special(b, { kind: 'check_in', starts_at: at(2).toISOString() });
    const ended = await special(b, {
      kind: 'check_in',
      starts_at: at(-3).toISOString(),
      ends_at: at(-1).toISOString(),
    });
    const stopped = await special(b, { kind: 'check_in' });
    await deactivateSpecial(t.ctx.db, b.owner.id, stopped.id);
    const [p] = await people(t, 1);
    expect((await checkinAt(t, p, b.places[0], at(0))).specials).toEqual([]);
    expect((await checkinAt(t, p, b.places[0], at(2, 10))).specials.map((x) => x.id)).toEqual([later.id]);
    expect(await codesOf(ended.id)).toEqual([]);
  });

  it('20 people checking in at once against a flash special for 5: exactly 5 codes', async () => {
    const b = await brandWithPlaces(t);
    const s = await special(b, { kind: 'flash', first_n: 5 });
    const crowd = await people(t, 20);
    t.clock.set(at(0, 60));
    const { checkIn } = await import('./checkin');
    const place = b.places[0];
    const results = await Promise.all(
      crowd.map((p) => checkIn(t.ctx, p.id, place.id, { lat: place.lat, lon: place.lon, visibility: 'private' })),
    );
    expect(results.every((r) => r.counted)).toBe(true);
    expect(results.filter((r) => r.specials.length === 1).length).toBe(5);
    const codes = await codesOf(s.id);
    expect(codes.length).toBe(5);
    expect(new Set(codes.map((c) => c.code)).size).toBe(5);
  });
});

describe('creating specials', () => {
  it('refuses a zero or negative N, a missing parameter, an end before the start (422 naming the field)', async () => {
    const b = await brandWithPlaces(t);
    const fails = async (input: SpecialInput) => {
      try {
        await special(b, input);
      } catch (error) {
        return {
          code: (error as { code: string }).code,
          field: (error as { details: { field: string } }).details.field,
        };
      }
      throw new Error('accepted');
    };
    expect(await fails({ kind: 'loyalty', every_n: 0 })).toEqual({ code: 'invalid_special', field: 'every_n' });
    expect(await fails({ kind: 'flash', first_n: -5 })).toEqual({ code: 'invalid_special', field: 'first_n' });
    expect(await fails({ kind: 'check_in', min_people: -1 })).toEqual({ code: 'invalid_special', field: 'min_people' });
    expect(await fails({ kind: 'swarm', min_people: 3 })).toEqual({
      code: 'missing_parameter',
      field: 'window_minutes',
    });
    expect(await fails({ kind: 'bogus' })).toEqual({ code: 'invalid_special', field: 'kind' });
    expect(await fails({ kind: 'newbie', starts_at: at(2).toISOString(), ends_at: at(1).toISOString() })).toEqual({
      code: 'invalid_special',
      field: 'ends_at',
    });
  });

  it('is for the brand’s team only', async () => {
    const b = await brandWithPlaces(t);
    const other = await brandWithPlaces(t);
    const staff = await b.member('staff');
    const cm = await b.member('community_manager');
    await expect(
      createSpecial(t.ctx, other.owner.id, b.places[0].id, { kind: 'newbie', title: 'x' }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(createSpecial(t.ctx, staff.id, b.places[0].id, { kind: 'newbie', title: 'x' })).rejects.toMatchObject({
      code: 'role_not_allowed',
    });
    expect((await createSpecial(t.ctx, cm.id, b.places[0].id, { kind: 'newbie', title: 'x' })).kind).toBe('newbie');
  });
});
