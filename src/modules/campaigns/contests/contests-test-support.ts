/**
 * Helpers for the contests tests: a brand with its team, people, the brand's post, a contest
 * created through the API, and the draw run the way the worker runs it (the job, once due).
 */
import { webcrypto } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../../../test/support/app';
import { queryRows } from '../../../db/client';
import { jobHandlers } from '../../../jobs/handlers';
import { runDueJobs } from '../../../jobs/queue';
import { createBrand, setMember } from '../../accounts';
import { createStatus } from '../../social';
import { appToken, json, signUpUser, type TestUser } from '../../social/api-test-support';

let n = 0;
export const uniq = () => `${++n}${Math.random().toString(36).slice(2, 6)}`;

export type World = {
  app: string;
  owner: TestUser;
  admin: TestUser;
  cm: TestUser;
  staff: TestUser;
  brand: { id: string; username: string };
  otherOwner: TestUser;
  otherBrand: { id: string; username: string };
  people: TestUser[];
};

export async function makeWorld(t: TestApp, people = 6): Promise<World> {
  const app = await appToken(t);
  const user = (prefix: string) => signUpUser(t, app, `${prefix}_${uniq()}`);
  const [owner, admin, cm, staff, otherOwner] = [
    await user('owner'),
    await user('admin'),
    await user('cm'),
    await user('staff'),
    await user('rival'),
  ];
  const b = await createBrand({ db: t.ctx.db }, owner.id, {
    username: `fromagerie_${uniq()}`,
    displayName: 'Fromagerie',
  });
  await setMember({ db: t.ctx.db }, owner.id, b.id, admin.id, 'admin');
  await setMember({ db: t.ctx.db }, owner.id, b.id, cm.id, 'community_manager');
  await setMember({ db: t.ctx.db }, owner.id, b.id, staff.id, 'staff');
  const o = await createBrand({ db: t.ctx.db }, otherOwner.id, { username: `rival_${uniq()}` });
  const list: TestUser[] = [];
  for (let i = 0; i < people; i++) list.push(await user('p'));
  return {
    app,
    owner,
    admin,
    cm,
    staff,
    brand: { id: b.id, username: b.username },
    otherOwner,
    otherBrand: { id: o.id, username: o.username },
    people: list,
  };
}

export const socialOf = (t: TestApp) => ({ db: t.ctx.db, config: t.ctx.config, events: t.ctx.events });

/** A public post by a brand (its team writes it), through social's service. */
export async function brandPost(t: TestApp, brandId: string, text = 'Concours ! Aimez ce post pour gagner un comté.') {
  return createStatus(socialOf(t), brandId, { text, visibility: 'public' });
}

export const inHours = (t: TestApp, hours: number) =>
  new Date(t.clock.now().getTime() + hours * 3600_000).toISOString();

export async function newContest(
  t: TestApp,
  w: World,
  entry: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; commitment: string }> {
  return json(
    t.call('POST', `/api/v1/brands/${w.brand.id}/contests`, {
      token: w.owner.token,
      body: {
        title: 'Un an de comté',
        rules: 'Tirage au sort parmi les participants.',
        entry,
        ends_at: inHours(t, 2),
        winners: 2,
        ...extra,
      },
    }),
    201,
  );
}

/** Moves the clock past the contest's end and runs its job as the worker does once it is due. */
export async function endAndDraw(t: TestApp, contestId: string, handlers = jobHandlers(t.ctx)) {
  const [row] = await queryRows<{ ends_at: Date | string }>(
    t.ctx.db,
    sql`select ends_at from contests where id = ${contestId}`,
  );
  const end = new Date(row.ends_at).getTime();
  if (t.clock.now().getTime() <= end) t.clock.set(new Date(end + 1000));
  await queryRows(
    t.ctx.db,
    sql`update jobs set run_at = now() where kind = 'contest.draw' and payload->>'contestId' = ${contestId} and done_at is null`,
  );
  for (let i = 0; i < 10 && (await runDueJobs(t.ctx.database, handlers)) > 0; i++);
}

const hex = (bytes: ArrayBuffer) => Buffer.from(bytes).toString('hex');

/**
 * The documented algorithm written again from docs/campaigns-contests.md, with WebCrypto instead
 * of the service's node:crypto code: an independent check of the published draw.
 */
export async function recompute(draw: { seed: string; entries: string[]; winners_count: number }) {
  const subtle = webcrypto.subtle;
  const enc = new TextEncoder();
  const sorted = [...draw.entries].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const entriesHash = hex(await subtle.digest('SHA-256', enc.encode(sorted.join('\n'))));
  const seed = Buffer.from(draw.seed, 'hex');
  const commitment = hex(await subtle.digest('SHA-256', seed));
  const key = await subtle.importKey('raw', seed, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  let counter = 0;
  const next = async () => {
    const mac = new DataView(await subtle.sign('HMAC', key, enc.encode(`${entriesHash}:${counter}`)));
    counter += 1;
    return BigInt(mac.getUint32(0, false));
  };
  const pool = [...sorted];
  const winners: string[] = [];
  const count = Math.min(draw.winners_count, pool.length);
  for (let i = 0; i < count; i++) {
    const m = BigInt(pool.length - i);
    const bound = ((1n << 32n) / m) * m;
    let x = await next();
    while (x >= bound) x = await next();
    const j = i + Number(x % m);
    const picked = pool[j];
    pool[j] = pool[i];
    pool[i] = picked;
    winners.push(picked);
  }
  return { commitment, entriesHash, sorted, winners };
}
