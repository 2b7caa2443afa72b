/** Moderation pages without JavaScript: console, form decisions, policy page, audit, report form, appeals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app';
import { BrowserSession } from '../../../test/support/browser-session';
import { queryRows } from '../../db/client';
import { uuidv7 } from '../../db/ids';
import { createBrand, setMember } from '../accounts';
import { appToken, json, signUpUser, type TestUser } from '../social/api-test-support';
import { submitForModeration } from './submit';

let t: TestApp;
let owner: TestUser, mod: TestUser, staff: TestUser, alice: TestUser, other: TestUser;
let brand: { id: string; username: string };
const session = async (who: TestUser) => {
  const b = new BrowserSession(t);
  await b.actAs(who.id);
  return b;
};
async function queuedReply(text: string) {
  const announce = await json<{ id: string }>(
    t.call('POST', '/api/v1/statuses', { token: owner.token, body: { status: 'Annonce', as_account_id: brand.id } }),
  );
  const reply = await json<{ id: string }>(
    t.call('POST', '/api/v1/statuses', { token: alice.token, body: { status: text, in_reply_to_id: announce.id } }),
  );
  const item = await t.ctx.db.transaction((tx) =>
    submitForModeration(tx, {
      brandId: brand.id,
      type: 'reply',
      subjectId: reply.id,
      authorId: alice.id,
      flags: [{ code: 'insult', confidence: 0.9, reason: 'mot grossier' }],
    }),
  );
  return { itemId: item.id, statusId: reply.id };
}

beforeAll(async () => {
  t = await createTestApp();
  const app = await appToken(t);
  [owner, mod, staff, alice, other] = await Promise.all(
    ['w_owner', 'w_mod', 'w_staff', 'w_alice', 'w_other'].map((u) => signUpUser(t, app, u)),
  );
  const b = await createBrand({ db: t.ctx.db }, owner.id, { username: 'w_brand', displayName: 'Marque W' });
  brand = { id: b.id, username: b.username };
  await setMember({ db: t.ctx.db }, owner.id, b.id, mod.id, 'moderator');
  await setMember({ db: t.ctx.db }, owner.id, b.id, staff.id, 'staff');
  await createBrand({ db: t.ctx.db }, other.id, { username: 'w_rival' });
});
afterAll(() => t.close());

describe('console pages', () => {
  it('shows the queue to its moderators, 403 to staff, 404 to a rival brand’s moderator', async () => {
    const { itemId } = await queuedReply('Texte <script>alert(1)</script> grossier');
    const m = await session(mod);
    const page = await m.page(`/brands/${brand.username}/moderation`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`item-${itemId}`);
    expect(page.html).toContain('&lt;script&gt;');
    expect(page.html).not.toContain('<script>alert(1)');
    expect(page.html).toContain('/static/moderation.js');
    expect((await (await session(staff)).page(`/brands/${brand.username}/moderation`)).status).toBe(403);
    expect((await (await session(other)).page(`/brands/${brand.username}/moderation`)).status).toBe(404);
    const fragment = await m.page(`/brands/${brand.username}/moderation?fragment=1`);
    expect(fragment.html).not.toContain('<html');
    expect(fragment.html).toContain(`item-${itemId}`);
  });

  it('decides from the forms (CSRF required), then says so; JSON for the script', async () => {
    const { itemId } = await queuedReply('un');
    const m = await session(mod);
    expect(
      (
        await m.post(
          `/moderation/items/${itemId}/decide`,
          { action: 'approve', back: `/brands/${brand.username}/moderation` },
          { csrf: false },
        )
      ).status,
    ).toBe(403);
    const res = await m.post(`/moderation/items/${itemId}/decide`, {
      action: 'reject',
      reason: 'insult',
      back: `/brands/${brand.username}/moderation`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/brands/${brand.username}/moderation?done=reject`);
    const again = await m.post(
      `/moderation/items/${itemId}/decide`,
      { action: 'approve', back: `/brands/${brand.username}/moderation` },
      { headers: { accept: 'application/json' } },
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error.code).toBe('already_decided');
    const second = await queuedReply('deux');
    const bulk = await m.post('/moderation/bulk', {
      ids: second.itemId,
      action: 'approve',
      back: `/brands/${brand.username}/moderation`,
    });
    expect(bulk.headers.get('location')).toContain('done=bulk&ok=1&failed=0');
    const audit = await m.page(`/brands/${brand.username}/moderation/audit`);
    expect(audit.html).toContain('@w_mod');
  });

  it('policy page: owner edits with CSRF; staff reads the social-media policy only', async () => {
    const o = await session(owner);
    const saved = await o.post(`/brands/${brand.username}/moderation/policy`, {
      mode: 'post',
      max_delay_hours: '12',
      rules_text: 'Restez courtois.',
      reasons_text: 'insult *\nspam\nother',
      allow_unverified_reviews: 'false',
      auto_approve_confident: 'false',
      staff_posts_need_approval: 'true',
      social_media_policy: 'Jamais de politique sur nos comptes.',
    });
    expect(saved.status).toBe(303);
    const policy = await json<any>(
      t.call('GET', `/api/v1/brands/${brand.id}/moderation/policy`, { token: owner.token }),
    );
    expect(policy).toMatchObject({
      mode: 'post',
      max_delay_hours: 12,
      staff_posts_need_approval: true,
      allow_unverified_reviews: false,
      reasons: [
        { code: 'insult', editable: true },
        { code: 'spam', editable: false },
        { code: 'other', editable: false },
      ],
    });
    const bad = await o.post(`/brands/${brand.username}/moderation/policy`, { max_delay_hours: '0' });
    expect(bad.status).toBe(422);
    const s = await (await session(staff)).page(`/brands/${brand.username}/moderation/policy`);
    expect(s.status).toBe(200);
    expect(s.html).toContain('Jamais de politique sur nos comptes.');
    expect(s.html).not.toContain('name="max_delay_hours"');
    expect(
      (await (await session(staff)).post(`/brands/${brand.username}/moderation/policy`, { mode: 'pre' })).status,
    ).toBe(403);
    expect((await (await session(alice)).page(`/brands/${brand.username}/moderation/policy`)).status).toBe(404);
  });

  it('report form and the reporter’s page; the author appeals from their page', async () => {
    const { itemId, statusId } = await queuedReply('trois');
    const o = await session(other);
    const form = await o.page(`/moderation/report?type=reply&id=${statusId}`);
    expect(form.html).toContain('name="target_id"');
    const sent = await o.post('/moderation/report', {
      target_type: 'reply',
      target_id: statusId,
      reason: 'harassment',
      comment: 'déplacé',
    });
    expect(sent.headers.get('location')).toBe('/moderation/mine?sent=report');
    expect((await o.page('/moderation/mine')).html).toContain('en cours d’examen');
    const badReport = await o.post('/moderation/report', { target_type: 'reply', target_id: uuidv7(), reason: 'spam' });
    expect(badReport.status).toBe(404);

    await json(
      t.call('POST', `/api/v1/moderation/items/${itemId}/reject`, { token: mod.token, body: { reason: 'insult' } }),
    );
    const a = await session(alice);
    const mine = await a.page('/moderation/mine');
    expect(mine.html).toContain(`/moderation/items/${itemId}/appeal`);
    const appealed = await a.post(`/moderation/items/${itemId}/appeal`, { text: 'Je conteste' });
    expect(appealed.headers.get('location')).toBe('/moderation/mine?sent=appeal');
    expect((await a.post(`/moderation/items/${itemId}/appeal`, { text: 'encore' })).status).toBe(409);
    const [row] = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from moderation_items where appeal_of = ${itemId}`,
    );
    expect(row.n).toBe(1);
    const notes = await a.page('/notifications');
    expect(notes.status).toBe(200);
    expect(notes.html).toContain('Votre publication a été retirée');
  });
});
