import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { queryRows } from '../../db/client';
import { jobHandlers } from '../../jobs/handlers';
import { runDueJobs } from '../../jobs/queue';
import { authenticate, createBrand, setMember } from '../accounts';
import { browserSession } from '../accounts/api-testing';
import { appToken, json, signUpUser, type TestUser } from '../social/api-test-support';
import { grantPlatformRole } from './platform';
import { WAIT_LIMIT_MS } from '../../../test/support/wait';

let t: TestApp;
let app: string;
let owner: TestUser,
  mod: TestUser,
  cm: TestUser,
  staff: TestUser,
  otherMod: TestUser,
  alice: TestUser,
  bob: TestUser,
  nobody: TestUser,
  platformMod: TestUser;
let brandId: string;
let otherBrandId: string;
let n = 0;

const post = async (who: TestUser, text: string, extra: Record<string, unknown> = {}) =>
  json<{ id: string }>(t.call('POST', '/api/v1/statuses', { token: who.token, body: { status: text, ...extra } }));
/** A post by alice replying to the brand, queued as the brand's `reply` item (as triage would). */
async function queuedReply(text = `Réponse ${++n}`, flags = [{ code: 'insult', confidence: 0.9, reason: 'test' }]) {
  const brandPost = await post(owner, `Annonce ${++n}`, { as_account_id: brandId });
  const reply = await post(alice, `@${'brand_mod'} ${text}`, { in_reply_to_id: brandPost.id });
  const { submitForModeration } = await import('./submit');
  const item = await t.ctx.db.transaction((tx) =>
    submitForModeration(tx, { brandId, type: 'reply', subjectId: reply.id, authorId: alice.id, flags: flags as never }),
  );
  return { itemId: item.id, statusId: reply.id };
}
const decide = (who: TestUser, itemId: string, action: string, body: unknown = {}) =>
  t.call('POST', `/api/v1/moderation/items/${itemId}/${action}`, { token: who.token, body });
const itemStatus = async (id: string) =>
  (await queryRows<{ status: string }>(t.ctx.db, sql`select status from moderation_items where id = ${id}`))[0]?.status;

beforeAll(async () => {
  t = await createTestApp();
  app = await appToken(t);
  [owner, mod, cm, staff, otherMod, alice, bob, nobody, platformMod] = await Promise.all(
    ['m_owner', 'm_mod', 'm_cm', 'm_staff', 'm_other', 'm_alice', 'm_bob', 'm_nobody', 'm_platform'].map((u) =>
      signUpUser(t, app, u),
    ),
  );
  brandId = (await createBrand({ db: t.ctx.db }, owner.id, { username: 'brand_mod', displayName: 'Brand' })).id;
  otherBrandId = (await createBrand({ db: t.ctx.db }, otherMod.id, { username: 'brand_other' })).id;
  await setMember({ db: t.ctx.db }, owner.id, brandId, mod.id, 'moderator');
  await setMember({ db: t.ctx.db }, owner.id, brandId, cm.id, 'community_manager');
  await setMember({ db: t.ctx.db }, owner.id, brandId, staff.id, 'staff');
  await grantPlatformRole(t.ctx.db, 'm_platform');
});
afterAll(() => t.close());

describe('the queue', () => {
  it('lists pending items oldest first with waiting time, filters and keyset pages', async () => {
    const a = await queuedReply('un', [{ code: 'insult', confidence: 0.9, reason: 'x' }]);
    const b = await queuedReply('deux', [{ code: 'advertising', confidence: 0.7, reason: 'y' }]);
    const c = await queuedReply('trois', [{ code: 'insult', confidence: 0.6, reason: 'z' }]);
    const page = await json<any[]>(t.call('GET', `/api/v1/brands/${brandId}/moderation/queue`, { token: mod.token }));
    const ids = page.map((i) => i.id);
    expect(ids.indexOf(a.itemId)).toBeLessThan(ids.indexOf(b.itemId));
    expect(ids.indexOf(b.itemId)).toBeLessThan(ids.indexOf(c.itemId));
    const first = page.find((i) => i.id === a.itemId);
    expect(first).toMatchObject({
      type: 'reply',
      subject_id: a.statusId,
      flags: [{ code: 'insult', confidence: 0.9 }],
      status: 'pending',
    });
    expect(first.waiting_seconds).toBeGreaterThanOrEqual(0);
    expect(first.subject.text).toContain('un');
    const insults = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?flag=insult`, { token: mod.token }),
    );
    expect(insults.map((i) => i.id)).toContain(c.itemId);
    expect(insults.map((i) => i.id)).not.toContain(b.itemId);
    const one = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?limit=1&after=${a.itemId}`, { token: mod.token }),
    );
    expect(one.map((i) => i.id)).toEqual([ids[ids.indexOf(a.itemId) + 1]]);
    expect(
      await json<any[]>(t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?older_than=1`, { token: mod.token })),
    ).toEqual([]);
    await json(t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?type=review`, { token: mod.token }));
    expect(
      (await t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?flag=nope`, { token: mod.token })).status,
    ).toBe(400);
    expect(
      (await t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?type=nope`, { token: mod.token })).status,
    ).toBe(400);
  });

  it('is closed to non-moderators (403) and hidden from other brands’ moderators (404)', async () => {
    const { itemId } = await queuedReply();
    const url = `/api/v1/brands/${brandId}/moderation/queue`;
    expect((await t.call('GET', url, { token: staff.token })).status).toBe(403);
    expect((await t.call('GET', url, { token: nobody.token })).status).toBe(403);
    expect((await t.call('GET', url, { token: otherMod.token })).status).toBe(404);
    expect((await t.call('GET', url)).status).toBe(401);
    expect((await decide(staff, itemId, 'approve')).status).toBe(403);
    expect((await decide(nobody, itemId, 'approve')).status).toBe(403);
    expect((await decide(otherMod, itemId, 'approve')).status).toBe(404);
    expect((await t.call('GET', `/api/v1/moderation/items/${itemId}`, { token: otherMod.token })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/brands/${otherBrandId}/moderation/queue`, { token: mod.token })).status).toBe(
      404,
    );
    expect(await itemStatus(itemId)).toBe('pending');
  });

  it('counters: pending, oldest age, past delay, handled today per moderator', async () => {
    const { itemId } = await queuedReply();
    await json(decide(cm, itemId, 'approve'));
    const c = await json<any>(t.call('GET', `/api/v1/brands/${brandId}/moderation/counters`, { token: mod.token }));
    expect(c.pending).toBeGreaterThan(0);
    expect(c.oldest_seconds).toBeGreaterThanOrEqual(0);
    expect(c.past_max_delay).toBe(0);
    expect(c.max_delay_hours).toBe(48);
    expect(c.handled_today).toContainEqual(expect.objectContaining({ username: 'm_cm', count: expect.any(Number) }));
  });
});

describe('decisions', () => {
  it('reject needs one of the brand’s reasons (422), hides the post and tells its author', async () => {
    const { itemId, statusId } = await queuedReply('texte à refuser');
    expect((await decide(mod, itemId, 'reject', { reason: 'not_a_reason' })).status).toBe(422);
    expect((await decide(mod, itemId, 'reject', {})).status).toBe(422);
    expect(await itemStatus(itemId)).toBe('pending');
    const done = await json<any>(decide(mod, itemId, 'reject', { reason: 'insult', note: 'grossier' }));
    expect(done).toMatchObject({ status: 'rejected', reason: 'insult', decided_by: mod.id });
    expect((await t.call('GET', `/api/v1/statuses/${statusId}`, { token: bob.token })).status).toBe(404);
    const [note] = await queryRows<{ detail: string }>(
      t.ctx.db,
      sql`select detail from notifications where account_id = ${alice.id} and type = 'moderation' and subject_id = ${statusId}`,
    );
    expect(note.detail).toBe('post_rejected:insult');
    expect((await t.call('GET', '/api/v1/notifications', { token: alice.token })).status).toBe(200);
    const audit = await json<any[]>(t.call('GET', `/api/v1/brands/${brandId}/moderation/audit`, { token: mod.token }));
    expect(audit.find((a) => a.item_id === itemId && a.action === 'reject')).toMatchObject({
      actor_username: 'm_mod',
      reason: 'insult',
      note: 'grossier',
    });
  });

  it('two moderators deciding one item at once: exactly one wins, the others get 409 already_decided', async () => {
    for (let round = 0; round < 3; round++) {
      const { itemId } = await queuedReply();
      const calls = [mod, cm, owner, mod, cm, owner].map((who, i) =>
        decide(who, itemId, i % 2 ? 'reject' : 'approve', { reason: 'insult' }),
      );
      const responses = await Promise.all(calls);
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(5);
      const bodies = await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.json() as Promise<any>));
      for (const b of bodies) expect(b.error.code).toBe('already_decided');
      const [audit] = await queryRows<{ n: number }>(
        t.ctx.db,
        sql`select count(*)::int as n from moderation_actions where item_id = ${itemId} and action in ('approve', 'reject')`,
      );
      expect(audit.n).toBe(1);
    }
  });

  it('bulk: each item decided once, the result says which were not', async () => {
    const items = await Promise.all([queuedReply(), queuedReply(), queuedReply()]).then((xs) =>
      xs.map((x) => x.itemId),
    );
    await json(decide(mod, items[1], 'approve'));
    const { results } = await json<any>(
      t.call('POST', '/api/v1/moderation/items/bulk', {
        token: cm.token,
        body: { ids: items, action: 'reject', reason: 'advertising' },
      }),
    );
    expect(results).toEqual([
      { id: items[0], status: 200, item_status: 'rejected' },
      { id: items[1], status: 409, code: 'already_decided' },
      { id: items[2], status: 200, item_status: 'rejected' },
    ]);
    expect(
      (
        await t.call('POST', '/api/v1/moderation/items/bulk', {
          token: cm.token,
          body: { ids: [items[0]], action: 'reject', reason: 'zzz' },
        })
      ).status,
    ).toBe(422);
    expect(
      (await t.call('POST', '/api/v1/moderation/items/bulk', { token: cm.token, body: { ids: [], action: 'approve' } }))
        .status,
    ).toBe(422);
    expect(
      (
        await t.call('POST', '/api/v1/moderation/items/bulk', {
          token: cm.token,
          body: { ids: items, action: 'explode' },
        })
      ).status,
    ).toBe(422);
    const { results: foreign } = await json<any>(
      t.call('POST', '/api/v1/moderation/items/bulk', {
        token: otherMod.token,
        body: { ids: [items[0]], action: 'approve' },
      }),
    );
    expect(foreign).toEqual([{ id: items[0], status: 404, code: 'not_found' }]);
  });

  it('the author appeals a rejection once; the appeal comes back to the queue; approving it shows the post again', async () => {
    const { itemId, statusId } = await queuedReply('à revoir');
    await json(decide(mod, itemId, 'reject', { reason: 'insult' }));
    expect(
      (
        await t.call('POST', `/api/v1/moderation/items/${itemId}/appeal`, {
          token: bob.token,
          body: { text: 'pas moi' },
        })
      ).status,
    ).toBe(404);
    const mine = await json<any[]>(t.call('GET', '/api/v1/moderation/decisions/mine', { token: alice.token }));
    expect(mine.find((d) => d.id === itemId)).toMatchObject({ status: 'rejected', reason: 'insult', can_appeal: true });
    const appealed = await json<any>(
      t.call('POST', `/api/v1/moderation/items/${itemId}/appeal`, {
        token: alice.token,
        body: { text: 'Ce n’était pas une insulte' },
      }),
      201,
    );
    expect(appealed).toMatchObject({ status: 'pending', appeal_of: itemId });
    const again = await t.call('POST', `/api/v1/moderation/items/${itemId}/appeal`, {
      token: alice.token,
      body: { text: 'encore' },
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe('already_appealed');
    const queue = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?limit=100`, { token: mod.token }),
    );
    expect(queue.find((i) => i.id === appealed.id)).toMatchObject({
      appeal_of: itemId,
      appeal_text: 'Ce n’était pas une insulte',
      subject_id: statusId,
    });
    await json(decide(cm, appealed.id, 'reject', { reason: 'insult' }));
    expect(
      (await t.call('POST', `/api/v1/moderation/items/${appealed.id}/appeal`, { token: alice.token, body: {} })).status,
    ).toBe(409);

    const second = await queuedReply('autre');
    await json(decide(mod, second.itemId, 'reject', { reason: 'insult' }));
    const a2 = await json<any>(
      t.call('POST', `/api/v1/moderation/items/${second.itemId}/appeal`, { token: alice.token, body: {} }),
      201,
    );
    await json(decide(mod, a2.id, 'approve'));
    await json(t.call('GET', `/api/v1/statuses/${second.statusId}`, { token: bob.token }));
    const pending = await queuedReply();
    expect(
      (await t.call('POST', `/api/v1/moderation/items/${pending.itemId}/appeal`, { token: alice.token, body: {} }))
        .status,
    ).toBe(422);
  });

  it('escalation sends the item to the platform queue; only platform moderators decide it then', async () => {
    const { itemId } = await queuedReply();
    expect((await t.call('GET', '/api/v1/moderation/queue', { token: mod.token })).status).toBe(403);
    await json(decide(mod, itemId, 'escalate', { note: 'unsure' }));
    const platform = await json<any[]>(
      t.call('GET', '/api/v1/moderation/queue?limit=100', { token: platformMod.token }),
    );
    expect(platform.map((i) => i.id)).toContain(itemId);
    const brandQueue = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?limit=100`, { token: mod.token }),
    );
    expect(brandQueue.map((i) => i.id)).not.toContain(itemId);
    const refused = await decide(mod, itemId, 'approve');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.code).toBe('escalated');
    await json(decide(platformMod, itemId, 'approve'));
    expect(await itemStatus(itemId)).toBe('approved');
  });
});

describe('reports', () => {
  it('a report joins the brand’s queue; more reports join the same item; the reporters see the outcome', async () => {
    const brandPost = await post(owner, 'Nos soldes', { as_account_id: brandId });
    const reply = await post(alice, 'réponse douteuse', { in_reply_to_id: brandPost.id });
    const r1 = await json<any>(
      t.call('POST', '/api/v1/moderation/reports', {
        token: bob.token,
        body: { target_type: 'reply', target_id: reply.id, reason: 'spam', comment: 'pub' },
      }),
      201,
    );
    const r2 = await json<any>(
      t.call('POST', '/api/v1/moderation/reports', {
        token: nobody.token,
        body: { target_type: 'reply', target_id: reply.id, reason: 'insult' },
      }),
      201,
    );
    expect(r1.item_id).toBe(r2.item_id);
    expect(r1).toMatchObject({ status: 'pending', outcome: null });
    const queue = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?type=report`, { token: mod.token }),
    );
    const item = queue.find((i) => i.id === r1.item_id);
    expect(item.subject.text).toContain('réponse douteuse');
    expect(item.subject.title).toContain('2 ×');
    await json(decide(mod, r1.item_id, 'reject', { reason: 'advertising' }));
    expect((await t.call('GET', `/api/v1/statuses/${reply.id}`, { token: bob.token })).status).toBe(404);
    const mine = await json<any[]>(t.call('GET', '/api/v1/moderation/reports/mine', { token: bob.token }));
    expect(mine.find((r) => r.id === r1.id)).toMatchObject({ outcome: 'removed', status: 'decided' });
    const notes = await queryRows<{ account_id: string; detail: string }>(
      t.ctx.db,
      sql`select account_id, detail from notifications where type = 'moderation' and subject_id in (${r1.id}, ${r2.id})`,
    );
    expect(notes.map((x) => x.account_id).sort()).toEqual([bob.id, nobody.id].sort());
    expect(notes.every((x) => x.detail === 'report_removed')).toBe(true);
  });

  it('parallel reports of one target join one item; the content’s author (not the reporter) appeals the removal', async () => {
    const brandPost = await post(owner, 'Jeu concours', { as_account_id: brandId });
    const reply = await post(alice, 'réponse signalée', { in_reply_to_id: brandPost.id });
    const reporters = [bob, nobody, mod, cm, owner];
    const reports = await Promise.all(
      reporters.map((who) =>
        json<any>(
          t.call('POST', '/api/v1/moderation/reports', {
            token: who.token,
            body: { target_type: 'reply', target_id: reply.id, reason: 'spam' },
          }),
          201,
        ),
      ),
    );
    expect(new Set(reports.map((r) => r.item_id)).size).toBe(1);
    const itemId = reports[0].item_id;
    await json(decide(mod, itemId, 'reject', { reason: 'advertising' }));
    // The report's item is the first reporter's: not appealable (422); the others' 404.
    for (const who of reporters)
      expect([404, 422]).toContain(
        (await t.call('POST', `/api/v1/moderation/items/${itemId}/appeal`, { token: who.token, body: {} })).status,
      );
    const [own] = await queryRows<{ id: string; status: string; author_id: string }>(
      t.ctx.db,
      sql`select id, status, author_id from moderation_items where type = 'reply' and subject_id = ${reply.id}`,
    );
    expect(own).toMatchObject({ status: 'rejected', author_id: alice.id });
    const appealed = await json<any>(
      t.call('POST', `/api/v1/moderation/items/${own.id}/appeal`, {
        token: alice.token,
        body: { text: 'Ce n’est pas de la pub' },
      }),
      201,
    );
    await json(decide(cm, appealed.id, 'approve'));
    await json(t.call('GET', `/api/v1/statuses/${reply.id}`, { token: bob.token }));
    const audit = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/audit?limit=200`, { token: mod.token }),
    );
    expect(
      audit
        .filter((a) => a.item_id === own.id || a.item_id === appealed.id)
        .map((a) => a.action)
        .sort(),
    ).toEqual(['appealed', 'approve', 'reject']);
  });

  it('refuses bad reports clearly', async () => {
    const mine = await post(bob, 'mon post');
    const call = (body: unknown) => t.call('POST', '/api/v1/moderation/reports', { token: bob.token, body });
    expect((await call({ target_type: 'post', target_id: mine.id, reason: 'spam' })).status).toBe(422);
    expect((await call({ target_type: 'thing', target_id: mine.id, reason: 'spam' })).status).toBe(422);
    expect((await call({ target_type: 'post', target_id: mine.id, reason: 'whatever' })).status).toBe(422);
    expect(
      (await call({ target_type: 'post', target_id: '0190aaaa-0000-7000-8000-000000000000', reason: 'spam' })).status,
    ).toBe(404);
    expect((await call({ target_type: 'post', target_id: 'nope', reason: 'spam' })).status).toBe(404);
    expect((await call({ target_type: 'post' })).status).toBe(400);
    expect(
      (
        await t.call('POST', '/api/v1/moderation/reports', {
          body: { target_type: 'post', target_id: mine.id, reason: 'spam' },
        })
      ).status,
    ).toBe(401);
  });

  it('Mastodon POST /api/v1/reports: posts go to the brand’s queue, an account report to the platform’s', async () => {
    const brandPost = await post(owner, 'Question du jour', { as_account_id: brandId });
    const reply = await post(alice, 'spam spam', { in_reply_to_id: brandPost.id });
    const res = await json<any>(
      t.call('POST', '/api/v1/reports', {
        token: bob.token,
        body: { account_id: alice.id, status_ids: [reply.id], comment: 'spam', category: 'spam' },
      }),
    );
    expect(res).toMatchObject({
      action_taken: false,
      category: 'spam',
      comment: 'spam',
      status_ids: [reply.id],
      target_account: { id: alice.id },
    });
    const account = await json<any>(
      t.call('POST', '/api/v1/reports', { token: bob.token, body: { account_id: alice.id, comment: 'faux compte' } }),
    );
    const platform = await json<any[]>(
      t.call('GET', '/api/v1/moderation/queue?type=report&limit=100', { token: platformMod.token }),
    );
    const accountItem = (
      await queryRows<{ item_id: string }>(t.ctx.db, sql`select item_id from reports where id = ${account.id}`)
    )[0].item_id;
    expect(platform.map((i) => i.id)).toContain(accountItem);
    const brandQueue = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?type=report&limit=100`, { token: mod.token }),
    );
    expect(brandQueue.map((i) => i.subject_id)).toContain(res.id);
    const bad = await t.call('POST', '/api/v1/reports', {
      token: bob.token,
      body: { account_id: alice.id, category: 'nonsense' },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as any).error).toEqual(expect.any(String));
    expect(
      (
        await t.call('POST', '/api/v1/reports', {
          token: bob.token,
          body: { account_id: alice.id, status_ids: [brandPost.id] },
        })
      ).status,
    ).toBe(422);
    await json(decide(platformMod, accountItem, 'approve'));
    const mine = await json<any[]>(t.call('GET', '/api/v1/moderation/reports/mine', { token: bob.token }));
    expect(mine.find((r) => r.id === account.id)).toMatchObject({ outcome: 'kept' });
  });
});

describe('policy and staff posts', () => {
  it('only owner/admin change the policy; bad values are 422; anyone reads the public part', async () => {
    const url = `/api/v1/brands/${brandId}/moderation/policy`;
    expect((await t.call('PUT', url, { token: mod.token, body: { mode: 'post' } })).status).toBe(403);
    expect((await t.call('PUT', url, { token: owner.token, body: { max_delay_hours: 0 } })).status).toBe(422);
    expect((await t.call('PUT', url, { token: owner.token, body: { reasons: [{ code: 'A B' }] } })).status).toBe(422);
    expect((await t.call('PUT', url, { token: owner.token, body: { mode: 'sometimes' } })).status).toBe(422);
    for (const days of [-1, 61, 2.5, 'soon'])
      expect(
        (await t.call('PUT', url, { token: owner.token, body: { review_invitation_delay_days: days } })).status,
      ).toBe(422);
    const saved = await json<any>(
      t.call('PUT', url, {
        token: owner.token,
        body: { max_delay_hours: 24, rules_text: 'Soyez courtois.', social_media_policy: 'Pas de politique.' },
      }),
    );
    expect(saved).toMatchObject({
      mode: 'pre',
      max_delay_hours: 24,
      rules_text: 'Soyez courtois.',
      social_media_policy: 'Pas de politique.',
    });
    const pub = await json<any>(t.call('GET', url));
    expect(pub).toMatchObject({ max_delay_hours: 24, rules_text: 'Soyez courtois.' });
    expect(pub.social_media_policy).toBeUndefined();
    expect((await json<any>(t.call('GET', url, { token: staff.token }))).social_media_policy).toBe('Pas de politique.');
    const audit = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/audit?limit=200`, { token: mod.token }),
    );
    expect(audit.find((a) => a.action === 'policy_updated')).toMatchObject({
      item_id: null,
      actor_username: 'm_owner',
      note: expect.stringContaining('delay=24h'),
    });
  });

  it('a staff member’s post for the brand waits for a community manager when the brand requires it', async () => {
    await json(
      t.call('PUT', `/api/v1/brands/${brandId}/moderation/policy`, {
        token: owner.token,
        body: { staff_posts_need_approval: true },
      }),
    );
    const held = await post(staff, 'Promo du week-end !', { as_account_id: brandId });
    expect((await t.call('GET', `/api/v1/statuses/${held.id}`, { token: bob.token })).status).toBe(404);
    const timeline = await json<any[]>(t.call('GET', `/api/v1/accounts/${brandId}/statuses`, { token: bob.token }));
    expect(timeline.map((s) => s.id)).not.toContain(held.id);
    const byCm = await post(cm, 'Pas retenu : un CM publie directement', { as_account_id: brandId });
    await json(t.call('GET', `/api/v1/statuses/${byCm.id}`, { token: bob.token }));
    const queue = await json<any[]>(
      t.call('GET', `/api/v1/brands/${brandId}/moderation/queue?type=staff_post`, { token: cm.token }),
    );
    const item = queue.find((i) => i.subject_id === held.id);
    expect(item).toMatchObject({ type: 'staff_post', author_id: staff.id });
    expect(item.subject.text).toBe('Promo du week-end !');
    const heard: string[] = [];
    const stop = t.ctx.events.subscribe((e) => void (e.type === 'status' && heard.push(e.statusId)));
    await json(decide(cm, item.id, 'approve'));
    const announce = await queryRows<{ done: boolean }>(
      t.ctx.db,
      sql`select done_at is not null as done from jobs where kind = 'status.announce' and payload->>'statusId' = ${held.id}`,
    );
    expect(announce).toHaveLength(1);
    while ((await runDueJobs(t.ctx.database, jobHandlers(t.ctx), 100)) > 0);
    // Followers' open timelines hear of it now that it is shown (events may travel through the
    // database's notifications: wait for this one, not for a fixed time).
    await expect.poll(() => heard, { timeout: WAIT_LIMIT_MS }).toContain(held.id);
    stop();
    const shown = await json<any>(t.call('GET', `/api/v1/statuses/${held.id}`, { token: bob.token }));
    expect(shown.content).toContain('Promo du week-end');

    const refused = await post(staff, 'Un post maladroit', { as_account_id: brandId });
    const [refusedItem] = await queryRows<{ id: string }>(
      t.ctx.db,
      sql`select id from moderation_items where subject_id = ${refused.id} and type = 'staff_post'`,
    );
    await json(decide(owner, refusedItem.id, 'reject', { reason: 'off_topic' }));
    expect((await t.call('GET', `/api/v1/statuses/${refused.id}`, { token: bob.token })).status).toBe(404);
    const [note] = await queryRows<{ detail: string }>(
      t.ctx.db,
      sql`select detail from notifications where account_id = ${staff.id} and type = 'moderation' and subject_id = ${refused.id}`,
    );
    expect(note.detail).toBe('staff_post_rejected:off_topic');
    await json(
      t.call('PUT', `/api/v1/brands/${brandId}/moderation/policy`, {
        token: owner.token,
        body: { staff_posts_need_approval: false },
      }),
    );
    const free = await post(staff, 'Libre à nouveau', { as_account_id: brandId });
    await json(t.call('GET', `/api/v1/statuses/${free.id}`, { token: bob.token }));
  });
});

describe('suspensions', () => {
  it('upholding a report against an account suspends it: no sign-in, its tokens dead, its posts shown to nobody; lifting it brings them back', async () => {
    const sam = await signUpUser(t, app, 'm_sam');
    const spam = await post(sam, 'Achetez mes abonnés, 1 € les 1 000 !');
    const report = await json<any>(
      t.call('POST', '/api/v1/reports', {
        token: bob.token,
        body: { account_id: sam.id, comment: 'vend des faux abonnés' },
      }),
    );
    const [{ item_id: itemId }] = await queryRows<{ item_id: string }>(
      t.ctx.db,
      sql`select item_id from reports where id = ${report.id}`,
    );
    // The console says what rejecting it does.
    const { cookie } = await browserSession(t, platformMod.id);
    const consolePage = await (
      await t.app.request('/moderation/platform?type=report&limit=100', { headers: { cookie, accept: 'text/html' } })
    ).text();
    expect(consolePage).toContain('@m_sam');
    expect(consolePage).toContain('Refuser ce signalement suspend le compte');
    // A brand's moderator is no platform moderator.
    expect((await t.call('POST', `/api/v1/moderation/accounts/${sam.id}/suspend`, { token: mod.token })).status).toBe(
      403,
    );
    expect((await t.call('POST', `/api/v1/moderation/accounts/${sam.id}/unsuspend`, { token: bob.token })).status).toBe(
      403,
    );

    await json(decide(platformMod, itemId, 'reject', { reason: 'advertising' }));
    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token: sam.token })).status).toBe(401);
    await expect(authenticate({ db: t.ctx.db }, 'm_sam', 'correct horse battery')).rejects.toMatchObject({
      status: 403,
      code: 'account_suspended',
    });
    // A wrong password still says only that the password is wrong.
    await expect(authenticate({ db: t.ctx.db }, 'm_sam', 'wrong password')).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect((await t.call('GET', `/api/v1/statuses/${spam.id}`, { token: bob.token })).status).toBe(404);
    const publicIds = (await json<any[]>(t.call('GET', '/api/v1/timelines/public?limit=40'))).map((s) => s.id);
    expect(publicIds).not.toContain(spam.id);
    expect(await json<any[]>(t.call('GET', `/api/v1/accounts/${sam.id}/statuses`, { token: bob.token }))).toEqual([]);
    expect(await json<any>(t.call('GET', `/api/v1/accounts/${sam.id}`))).toMatchObject({
      id: sam.id,
      suspended: true,
      note: '',
    });
    const page = await (await t.app.request('/@m_sam', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Ce compte est suspendu');
    expect(page).not.toContain('Achetez mes abonnés');
    expect(page).not.toContain('class="profile-actions"');
    const mine = await json<any[]>(t.call('GET', '/api/v1/moderation/reports/mine', { token: bob.token }));
    expect(mine.find((r) => r.id === report.id)).toMatchObject({ outcome: 'removed' });
    const log = await json<any[]>(t.call('GET', '/api/v1/moderation/audit', { token: platformMod.token }));
    expect(log.find((a) => a.action === 'suspend')).toMatchObject({ reason: 'advertising', note: 'report' });

    const lifted = await json<any>(
      t.call('POST', `/api/v1/moderation/accounts/${sam.id}/unsuspend`, { token: platformMod.token }),
    );
    expect(lifted).toMatchObject({ account_id: sam.id, suspended: false, suspended_at: null });
    expect((await json<any>(t.call('GET', `/api/v1/statuses/${spam.id}`, { token: bob.token }))).id).toBe(spam.id);
    expect((await authenticate({ db: t.ctx.db }, 'm_sam', 'correct horse battery')).id).toBe(sam.id);
    // The old token stays revoked: signing in again gives a new one.
    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token: sam.token })).status).toBe(401);
  });

  it('suspends directly with a reason; refuses a moderator’s own account and unknown accounts', async () => {
    const eve = await signUpUser(t, app, 'm_eve');
    const done = await json<any>(
      t.call('POST', `/api/v1/moderation/accounts/${eve.id}/suspend`, {
        token: platformMod.token,
        body: { reason: 'Usurpation d’identité' },
      }),
    );
    expect(done).toMatchObject({
      account_id: eve.id,
      suspended: true,
      reason: 'Usurpation d’identité',
      suspended_at: expect.any(String),
    });
    expect((await t.call('GET', '/api/v1/accounts/verify_credentials', { token: eve.token })).status).toBe(401);
    const self = await t.call('POST', `/api/v1/moderation/accounts/${platformMod.id}/suspend`, {
      token: platformMod.token,
    });
    expect(self.status).toBe(422);
    expect(
      (
        await t.call('POST', '/api/v1/moderation/accounts/0190aaaa-0000-7000-8000-000000000000/suspend', {
          token: platformMod.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.call('POST', '/api/v1/moderation/accounts/not-an-id/suspend', { token: platformMod.token })).status,
    ).toBe(404);
  });
});
