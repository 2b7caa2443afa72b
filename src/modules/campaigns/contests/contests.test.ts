import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { createAppContext } from '../../../boot';
import { queryRows } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { jobHandlers } from '../../../jobs/handlers';
import { createLog } from '../../../lib/log';
import { suspendAccount } from '../../accounts';
import { block } from '../../social';
import { json, signUpUser } from '../../social/api-test-support';
import {
  brandPost,
  endAndDraw,
  inHours,
  makeWorld,
  newContest,
  recompute,
  uniq,
  type World,
} from './contests-test-support';
import { runContestDraw } from './draw';
import { VERIFY_SCRIPT } from './verify-script';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t, 8);
});
afterAll(() => t.close());
// Each test starts on real time: contests start "now", and the posts and likes are stamped by the database.
beforeEach(() => t.clock.set(new Date()));

const seedOf = async (id: string) =>
  (await queryRows<{ seed: string }>(t.ctx.db, sql`select seed from contests where id = ${id}`))[0].seed;
const draw = (id: string) => json<any>(t.call('GET', `/api/v1/contests/${id}/draw`));
const like = (token: string, statusId: string) =>
  json(t.call('POST', `/api/v1/statuses/${statusId}/favourite`, { token }));
const create = (body: Record<string, unknown>, token = w.owner.token, brandId = w.brand.id) =>
  t.call('POST', `/api/v1/brands/${brandId}/contests`, { token, body });

async function expectDrawVerifies(id: string) {
  const d = await draw(id);
  const again = await recompute(d);
  expect(again.commitment).toBe(d.commitment);
  expect(createHash('sha256').update(Buffer.from(d.seed, 'hex')).digest('hex')).toBe(d.commitment);
  expect(again.sorted).toEqual(d.entries);
  expect(again.entriesHash).toBe(d.entries_hash);
  expect(again.winners).toEqual(d.winners);
  return d;
}

describe('creating a contest', () => {
  it('answers exactly {id, commitment}; the commitment is public, the seed is not, before the end', async () => {
    const post = await brandPost(t, w.brand.id);
    const created = await newContest(t, w, { kind: 'like', status_id: post.id });
    expect(Object.keys(created).sort()).toEqual(['commitment', 'id']);
    expect(created.commitment).toMatch(/^[0-9a-f]{64}$/);
    const seed = await seedOf(created.id);
    expect(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex')).toBe(created.commitment);

    const shown = await json<any>(t.call('GET', `/api/v1/contests/${created.id}`));
    expect(shown).toMatchObject({
      id: created.id,
      title: 'Un an de comté',
      entry: { kind: 'like', status_id: post.id, place_id: null },
      winners: 2,
      commitment: created.commitment,
      entries_count: 0,
      status: 'open',
    });
    expect(JSON.stringify(shown)).not.toContain(seed);
    const before = await t.call('GET', `/api/v1/contests/${created.id}/draw`);
    expect(before.status).toBe(409);
    expect((await before.json()).error.code).toBe('contest_not_drawn');
    const page = await (await t.app.request(`/contests/${created.id}`)).text();
    expect(page).toContain(created.commitment);
    expect(page).not.toContain(seed);
    const list = await json<any[]>(t.call('GET', `/api/v1/brands/${w.brand.id}/contests`, { token: w.owner.token }));
    expect(JSON.stringify(list)).not.toContain(seed);
  });

  it('answers 404 for a contest that does not exist', async () => {
    expect((await t.call('GET', `/api/v1/contests/${uuidv7()}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/contests/${uuidv7()}/draw`)).status).toBe(404);
    expect((await t.app.request(`/contests/${uuidv7()}`)).status).toBe(404);
  });

  it('refuses bad input with a 422 naming the field, and writes nothing', async () => {
    const own = await brandPost(t, w.brand.id);
    const foreign = await brandPost(t, w.otherBrand.id);
    const valid = {
      title: 'T',
      rules: 'R',
      entry: { kind: 'like', status_id: own.id },
      ends_at: inHours(t, 1),
      winners: 1,
    };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ends_at: new Date(t.clock.now().getTime() - 60_000).toISOString() }, 'ends_at', 'ends_in_past'],
      [{ ends_at: 'tomorrow' }, 'ends_at', 'invalid_date'],
      [{ winners: 0 }, 'winners', 'invalid_winners'],
      [{ winners: 1.5 }, 'winners', 'invalid_winners'],
      [{ entry: { kind: 'like', status_id: foreign.id } }, 'entry.status_id', 'invalid_status'],
      [{ entry: { kind: 'reply' } }, 'entry.status_id', 'status_required'],
      [{ entry: { kind: 'repost', status_id: 'nope' } }, 'entry.status_id', 'invalid_status'],
      [{ entry: { kind: 'checkin' } }, 'entry.place_id', 'place_required'],
      [{ entry: { kind: 'checkin', place_id: uuidv7() } }, 'entry.place_id', 'invalid_place'],
      [{ entry: { kind: 'lottery' } }, 'entry.kind', 'invalid_entry_kind'],
      [{ entry: undefined }, 'entry.kind', 'invalid_entry_kind'],
      [{ title: '' }, 'title', 'title_required'],
      [{ rules: undefined }, 'rules', 'rules_required'],
    ];
    const [{ n: before }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from contests`);
    for (const [change, field, code] of cases) {
      const res = await create({ ...valid, ...change });
      const body = await res.json();
      expect([res.status, body.error.code, body.error.details?.field]).toEqual([422, code, field]);
    }
    const [{ n: after }] = await queryRows<{ n: number }>(t.ctx.db, sql`select count(*)::int as n from contests`);
    expect(after).toBe(before);
  });

  it('lets the owner and admins create (campaigns.manage), not a community manager nor another brand', async () => {
    const post = await brandPost(t, w.brand.id);
    const body = {
      title: 'T',
      rules: 'R',
      entry: { kind: 'like', status_id: post.id },
      ends_at: inHours(t, 1),
      winners: 1,
    };
    expect((await create(body, w.admin.token)).status).toBe(201);
    const cm = await create(body, w.cm.token);
    expect([cm.status, (await cm.json()).error.code]).toEqual([403, 'role_not_allowed']);
    const rival = await create(body, w.otherOwner.token);
    expect([rival.status, (await rival.json()).error.code]).toEqual([403, 'not_a_member']);
    expect((await create(body, w.owner.token, uuidv7())).status).toBe(404);
    expect((await create(body, w.people[0].token)).status).toBe(403);
    expect((await t.call('POST', `/api/v1/brands/${w.brand.id}/contests`, { body })).status).toBe(401);
    // Community managers announce campaigns: they read the list; staff do not.
    expect((await t.call('GET', `/api/v1/brands/${w.brand.id}/contests`, { token: w.cm.token })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/brands/${w.brand.id}/contests`, { token: w.staff.token })).status).toBe(403);
  });
});

describe('entries and exclusions', () => {
  it('a like contest: one entry per person, the exclusions applied, the draw recomputed from its published data', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 3 });
    const [p0, p1, p2, p3, p4, p5] = w.people;
    for (const p of [p0, p1, p2, p3, p4, p5, w.admin]) await like(p.token, post.id);
    const late = await signUpUser(t, w.app, `late_${uniq()}`);
    await like(late.token, post.id);
    // After their like: the brand blocks p3, p4 blocks the brand, p5 is suspended by the platform.
    await block({ db: t.ctx.db }, w.brand.id, p3.id);
    await json(t.call('POST', `/api/v1/accounts/${w.brand.id}/block`, { token: p4.token }));
    await suspendAccount(t.ctx.db, p5.id, 'spam');
    // A like on another post does not count.
    const other = await brandPost(t, w.brand.id, 'Autre chose');
    await like(p1.token, other.id);
    expect((await json<any>(t.call('GET', `/api/v1/contests/${c.id}`))).entries_count).toBe(3);

    await endAndDraw(t, c.id);
    const d = await expectDrawVerifies(c.id);
    expect(d.entries).toEqual([p0.id, p1.id, p2.id].sort());
    expect(d.excluded_count).toBe(5);
    expect(d.winners).toHaveLength(3);
    expect([...d.winners].sort()).toEqual(d.entries);
    expect(d.algorithm).toMatch(/^comptoir-draw-v1/);
    const reasons = await queryRows<{ account_id: string; excluded: string | null }>(
      t.ctx.db,
      sql`select account_id, excluded from contest_entries where contest_id = ${c.id}`,
    );
    const why = Object.fromEntries(reasons.map((r) => [r.account_id, r.excluded]));
    expect(why).toEqual({
      [p0.id]: null,
      [p1.id]: null,
      [p2.id]: null,
      [p3.id]: 'blocked',
      [p4.id]: 'blocked',
      [p5.id]: 'suspended',
      [w.admin.id]: 'team',
      [late.id]: 'late_account',
    });
    // Winners are told (campaign notification from the brand); the brand posts the result.
    const told = await queryRows<{ account_id: string }>(
      t.ctx.db,
      sql`select account_id from notifications where type = 'campaign' and subject_id = ${c.id} and detail = 'contest_won'`,
    );
    expect(told.map((r) => r.account_id).sort()).toEqual([...d.winners].sort());
    const [contest] = await queryRows<{ result_status_id: string | null }>(
      t.ctx.db,
      sql`select result_status_id from contests where id = ${c.id}`,
    );
    const [result] = await queryRows<{ account_id: string; text: string }>(
      t.ctx.db,
      sql`select account_id, text from statuses where id = ${contest.result_status_id}`,
    );
    expect(result.account_id).toBe(w.brand.id);
    expect(result.text).toContain(`/contests/${c.id}`);
    expect((await json<any>(t.call('GET', `/api/v1/contests/${c.id}`))).status).toBe('drawn');
  });

  it('a reply contest counts a person once however many replies; a repost contest counts reposts', async () => {
    const post = await brandPost(t, w.brand.id);
    const replies = await newContest(t, w, { kind: 'reply', status_id: post.id }, { winners: 1 });
    const reposts = await newContest(t, w, { kind: 'repost', status_id: post.id }, { winners: 1 });
    const [p0, p1, p2] = w.people;
    for (const text of ['Moi !', 'Encore moi', 'Et moi']) {
      await json(
        t.call('POST', '/api/v1/statuses', { token: p0.token, body: { status: text, in_reply_to_id: post.id } }),
      );
    }
    await json(
      t.call('POST', '/api/v1/statuses', { token: p1.token, body: { status: 'Je tente', in_reply_to_id: post.id } }),
    );
    await json(t.call('POST', `/api/v1/statuses/${post.id}/reblog`, { token: p2.token }));
    await json(t.call('POST', `/api/v1/statuses/${post.id}/reblog`, { token: p1.token }));
    await endAndDraw(t, replies.id);
    await endAndDraw(t, reposts.id);
    expect((await expectDrawVerifies(replies.id)).entries).toEqual([p0.id, p1.id].sort());
    expect((await expectDrawVerifies(reposts.id)).entries).toEqual([p1.id, p2.id].sort());
  });

  it('a check-in contest counts counted check-ins at its place between start and end', async () => {
    const placeOf = async (brandId: string) => {
      const id = uuidv7();
      await queryRows(
        t.ctx.db,
        sql`insert into places (id, brand_id, name, address, lat, lon) values (${id}, ${brandId}, 'Boutique', '1 rue du Lait', 45.76, 4.83)`,
      );
      return id;
    };
    const place = await placeOf(w.brand.id);
    const elsewhere = await placeOf(w.brand.id);
    const c = await newContest(t, w, { kind: 'checkin', place_id: place }, { winners: 1 });
    const foreign = await placeOf(w.otherBrand.id);
    const bad = await create({
      title: 'T',
      rules: 'R',
      entry: { kind: 'checkin', place_id: foreign },
      ends_at: inHours(t, 1),
      winners: 1,
    });
    expect(bad.status).toBe(422);
    const checkin = (accountId: string, placeId: string, counted: boolean, day: string) =>
      queryRows(
        t.ctx.db,
        sql`insert into checkins (id, place_id, account_id, lat, lon, counted, local_day)
            values (${uuidv7()}, ${placeId}, ${accountId}, 45.76, 4.83, ${counted}, ${day})`,
      );
    const [p0, p1, p2] = w.people;
    await checkin(p0.id, place, true, '2026-01-01');
    await checkin(p0.id, place, true, '2026-01-02');
    await checkin(p1.id, place, false, '2026-01-01');
    await checkin(p2.id, elsewhere, true, '2026-01-01');
    await endAndDraw(t, c.id);
    expect((await expectDrawVerifies(c.id)).entries).toEqual([p0.id]);
  });

  it('a like made after the end (a draw run late) is not an entry', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 1 });
    await like(w.people[0].token, post.id);
    await like(w.people[1].token, post.id);
    // The database stamps the like: put the second one after the contest's end, as if the worker were behind.
    await queryRows(
      t.ctx.db,
      sql`update favourites set created_at = (select ends_at from contests where id = ${c.id}) + interval '1 minute'
          where account_id = ${w.people[1].id} and status_id = ${post.id}`,
    );
    await endAndDraw(t, c.id);
    expect((await expectDrawVerifies(c.id)).entries).toEqual([w.people[0].id]);
  });

  it('fewer entries than winners: everyone wins', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 5 });
    await like(w.people[0].token, post.id);
    await like(w.people[1].token, post.id);
    await endAndDraw(t, c.id);
    const d = await expectDrawVerifies(c.id);
    expect([...d.winners].sort()).toEqual([w.people[0].id, w.people[1].id].sort());
  });

  it('no entries: a draw with no winner', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id });
    await endAndDraw(t, c.id);
    const d = await expectDrawVerifies(c.id);
    expect([d.entries, d.winners]).toEqual([[], []]);
  });
});

describe('form entries', () => {
  const enter = (id: string, token?: string) => t.call('POST', `/api/v1/contests/${id}/entries`, { token });

  it('enters once; twice is 409 already_entered, after the end 409 contest_ended; the team is not eligible', async () => {
    const c = await newContest(t, w, { kind: 'form' }, { winners: 1 });
    const first = await json<any>(enter(c.id, w.people[0].token), 201);
    expect(first).toMatchObject({ contest_id: c.id, account_id: w.people[0].id });
    const again = await enter(c.id, w.people[0].token);
    expect([again.status, (await again.json()).error.code]).toEqual([409, 'already_entered']);
    const team = await enter(c.id, w.cm.token);
    expect([team.status, (await team.json()).error.code]).toEqual([403, 'not_eligible']);
    const late = await signUpUser(t, w.app, `late_${uniq()}`);
    expect((await enter(c.id, late.token)).status).toBe(403);
    expect((await enter(c.id)).status).toBe(401);
    await json(enter(c.id, w.people[1].token), 201);
    t.clock.advance(3 * 3600_000);
    const ended = await enter(c.id, w.people[2].token);
    expect([ended.status, (await ended.json()).error.code]).toEqual([409, 'contest_ended']);
    await endAndDraw(t, c.id);
    expect((await expectDrawVerifies(c.id)).entries).toEqual([w.people[0].id, w.people[1].id].sort());
  });

  it('one entry per person under concurrency', async () => {
    const c = await newContest(t, w, { kind: 'form' });
    const results = await Promise.all(Array.from({ length: 12 }, () => enter(c.id, w.people[6].token)));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    const [{ n }] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from contest_entries where contest_id = ${c.id}`,
    );
    expect(n).toBe(1);
  });

  it('a form entry is refused on a contest entered by an action', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id });
    const res = await enter(c.id, w.people[0].token);
    expect([res.status, (await res.json()).error.code]).toEqual([409, 'entry_by_action']);
  });
});

describe('the draw job', () => {
  it('is due at the end and runs after a restart, even when a dead worker had claimed it', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 1 });
    await like(w.people[0].token, post.id);
    const [job] = await queryRows<{ run_at: Date | string }>(
      t.ctx.db,
      sql`select run_at from jobs where kind = 'contest.draw' and payload->>'contestId' = ${c.id}`,
    );
    const shown = await json<any>(t.call('GET', `/api/v1/contests/${c.id}`));
    expect(new Date(job.run_at).toISOString()).toBe(shown.ends_at);
    // A worker claimed it and died mid-run: its lock has expired.
    await queryRows(
      t.ctx.db,
      sql`update jobs set attempts = 1, locked_until = now() - interval '1 minute'
          where kind = 'contest.draw' and payload->>'contestId' = ${c.id}`,
    );
    // A new process on the same database: a fresh context and its job handlers.
    const restarted = await createAppContext(t.ctx.config, t.ctx.database, {
      clock: t.clock,
      log: createLog('silent'),
    });
    await endAndDraw(t, c.id, jobHandlers(restarted));
    const d = await expectDrawVerifies(c.id);
    expect(d.winners).toEqual([w.people[0].id]);
    // Run again (a retry): nothing changes, no second result post.
    await queryRows(
      t.ctx.db,
      sql`update jobs set done_at = null, run_at = now() where kind = 'contest.draw' and payload->>'contestId' = ${c.id}`,
    );
    await endAndDraw(t, c.id);
    expect(await draw(c.id)).toEqual(d);
    const posts = await queryRows(
      t.ctx.db,
      sql`select id from statuses where account_id = ${w.brand.id} and text like ${`%/contests/${c.id}%`}`,
    );
    expect(posts).toHaveLength(1);
  });

  it('posts the result once when the draw job runs twice at once, or again after the post', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 1 });
    await like(w.people[1].token, post.id);
    t.clock.set(
      new Date(new Date((await json<any>(t.call('GET', `/api/v1/contests/${c.id}`))).ends_at).getTime() + 1000),
    );
    // Two workers (a retry racing the first run): the post and its record are one transaction.
    await Promise.all([runContestDraw(t.ctx, { contestId: c.id }), runContestDraw(t.ctx, { contestId: c.id })]);
    await runContestDraw(t.ctx, { contestId: c.id });
    const posts = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from statuses where account_id = ${w.brand.id} and text like ${`%/contests/${c.id}%`}`,
    );
    expect(posts).toHaveLength(1);
    const [contest] = await queryRows<{ result_status_id: string }>(
      t.ctx.db,
      sql`select result_status_id from contests where id = ${c.id}`,
    );
    expect(contest.result_status_id).toBe(posts[0].id);
  });

  it('run before the end, it waits: nothing is drawn and the seed stays secret', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id });
    await queryRows(
      t.ctx.db,
      sql`update jobs set run_at = now() where kind = 'contest.draw' and payload->>'contestId' = ${c.id}`,
    );
    const { runDueJobs } = await import('../../../jobs/queue');
    await runDueJobs(t.ctx.database, jobHandlers(t.ctx));
    expect((await t.call('GET', `/api/v1/contests/${c.id}/draw`)).status).toBe(409);
    const pending = await queryRows(
      t.ctx.db,
      sql`select id from jobs where kind = 'contest.draw' and payload->>'contestId' = ${c.id} and done_at is null`,
    );
    expect(pending).toHaveLength(1);
  });

  it('the script shown on the page verifies a draw', async () => {
    const post = await brandPost(t, w.brand.id);
    const c = await newContest(t, w, { kind: 'like', status_id: post.id }, { winners: 2 });
    for (const p of w.people.slice(0, 3)) await like(p.token, post.id);
    await endAndDraw(t, c.id);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contest-verify-'));
    fs.writeFileSync(path.join(dir, 'verify-draw.cjs'), VERIFY_SCRIPT);
    fs.writeFileSync(path.join(dir, 'draw.json'), JSON.stringify(await draw(c.id)));
    const out = execFileSync(process.execPath, [path.join(dir, 'verify-draw.cjs'), path.join(dir, 'draw.json')], {
      encoding: 'utf8',
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(out).toMatch(/^commitment OK\nentries_hash OK\nwinners OK /);
  });
});
