/**
 * Auto-triage of posts in a brand's space (src/links/moderated-posts.ts): after commit, the
 * `status.published` job analyses replies to, mentions of and posts by a brand; flagged ones
 * join its queue once, clean ones and posts outside any brand's space do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { jobHandlers } from '../../jobs/handlers';
import { runDueJobs } from '../../jobs/queue';
import { triagePost } from '../../links/moderated-posts';
import { createBrand } from '../accounts';
import { appToken, json, signUpUser, type TestUser } from '../social/api-test-support';

let t: TestApp;
let owner: TestUser, alice: TestUser, mod: TestUser;
let brand: { id: string; username: string };
const runJobs = async () => {
  for (let i = 0; i < 10; i++) if ((await runDueJobs(t.ctx.database, jobHandlers(t.ctx))) === 0) break;
};
const post = (who: TestUser, status: string, extra: Record<string, unknown> = {}) =>
  json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token: who.token, body: { status, ...extra } }));
const itemsOf = (statusId: string) =>
  queryRows<{ type: string; brand_id: string; flag_codes: string[]; status: string }>(
    t.ctx.db,
    sql`select type, brand_id, flag_codes, status from moderation_items where subject_id = ${statusId}`,
  );

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  [owner, alice, mod] = await Promise.all(['tr_owner', 'tr_alice', 'tr_mod'].map((u) => signUpUser(t, app, u)));
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: 'tr_brand' });
  brand = { id: b.id, username: b.username };
});
afterAll(() => t.close());

describe('auto-triage of posts in a brand’s space', () => {
  it('queues a flagged reply to the brand with its flags, once, and leaves clean ones alone', async () => {
    const announce = await post(owner, 'Nouvelle collection', { as_account_id: brand.id });
    const rude = await post(alice, 'Bande de connards, rendez-moi mon argent', { in_reply_to_id: announce.id });
    const clean = await post(alice, 'Super collection, bravo !', { in_reply_to_id: announce.id });
    const mention = await post(alice, `@${brand.username} appelez-moi au 06 12 34 56 78`);
    const elsewhere = await post(alice, 'Appelez-moi au 06 12 34 56 78, bande de connards');
    await runJobs();
    const [item] = await itemsOf(rude.id);
    expect(item).toMatchObject({ type: 'reply', brand_id: brand.id, status: 'pending' });
    expect(item.flag_codes).toContain('insult');
    expect(await itemsOf(clean.id)).toEqual([]);
    expect((await itemsOf(mention.id))[0]).toMatchObject({ type: 'post', brand_id: brand.id });
    expect((await itemsOf(mention.id))[0].flag_codes).toContain('personal_data');
    expect(await itemsOf(elsewhere.id)).toEqual([]);
    // The job may run again (crash, retry): still one item, even after a decision.
    expect(await triagePost(t.ctx.db, rude.id)).toBeNull();
    await queryRows(t.ctx.db, sql`update moderation_items set status = 'approved' where subject_id = ${rude.id}`);
    expect(await triagePost(t.ctx.db, rude.id)).toBeNull();
    expect(await itemsOf(rude.id)).toHaveLength(1);
  });

  it('a triaged reply shows in the brand queue with its text and flags', async () => {
    const announce = await post(owner, 'Soldes', { as_account_id: brand.id });
    const spam = await post(alice, 'Promo -50% sur www.arnaque-shop.biz achetez maintenant', {
      in_reply_to_id: announce.id,
    });
    await runJobs();
    const queue = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brand.id}/moderation/queue?flag=advertising`, { token: owner.token }),
    );
    const item = queue.find((i) => i.subject_id === spam.id);
    expect(item.subject.text).toContain('arnaque-shop');
    expect(item.flags[0]).toMatchObject({ code: 'advertising' });
    expect((await t.call('GET', `/api/v1/brands/${brand.id}/moderation/queue`, { token: mod.token })).status).toBe(403);
  });
});
