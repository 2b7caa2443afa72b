import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { BrowserSession } from '../../../../test/support/browser-session';
import { buyerWithCard, orderBody, person, shop, type Person, type Shop } from '../../../../test/support/orders';
import { uuidv7 } from '../../../db/ids';
import { recordPrivacyRequest } from '../requests';

let t: TestApp;
let s: Shop;
let other: Shop;
let buyer: Person & { methodId: string };
let orderId = '';
let redactId = '';
let dataId = '';
let otherRequestId = '';

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t);
  other = await shop(t);
  buyer = await buyerWithCard(t);
  const placed = await t.call('POST', '/api/v1/orders', {
    token: buyer.token,
    body: orderBody(s.variantId, buyer.methodId),
  });
  expect(placed.status).toBe(201);
  orderId = ((await placed.json()) as { id: string }).id;
  const elsewhere = await t.call('POST', '/api/v1/orders', {
    token: buyer.token,
    body: orderBody(other.variantId, buyer.methodId),
  });
  expect(elsewhere.status).toBe(201);
  const now = t.clock.now();
  await t.ctx.db.transaction(async (tx) => {
    await recordPrivacyRequest(tx, { kind: 'data_request', accountId: buyer.id, at: now });
  });
  await t.ctx.db.transaction(async (tx) => {
    await recordPrivacyRequest(tx, { kind: 'redact', accountId: buyer.id, at: new Date(now.getTime() + 1000) });
  });
  const list = await t.call('GET', `/api/v1/brands/${s.brand.id}/privacy_requests`, { token: s.ownerToken });
  const rows = (await list.json()) as { id: string; kind: string }[];
  redactId = rows.find((r) => r.kind === 'redact')!.id;
  dataId = rows.find((r) => r.kind === 'data_request')!.id;
  const theirs = await t.call('GET', `/api/v1/brands/${other.brand.id}/privacy_requests`, { token: other.ownerToken });
  otherRequestId = ((await theirs.json()) as { id: string }[])[0].id;
});
afterAll(() => t.close());

const browserOf = async (accountId: string) => {
  const b = new BrowserSession(t, { accept: 'text/html', 'accept-language': 'fr' });
  await b.actAs(accountId);
  return b;
};

describe('the brand’s privacy requests', () => {
  it('lists them over the API for owners and admins, newest first, naming orders but no one’s e-mail', async () => {
    const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/privacy_requests`, { token: s.ownerToken });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual([
      {
        id: redactId,
        kind: 'redact',
        customer_id: buyer.id,
        order_ids: [orderId],
        requested_at: expect.any(String),
        done_at: null,
      },
      expect.objectContaining({ id: dataId, kind: 'data_request', order_ids: [orderId] }),
    ]);
    expect(JSON.stringify(body)).not.toContain(buyer.email);
    const admin = await s.member('admin');
    expect((await t.call('GET', `/api/v1/brands/${s.brand.id}/privacy_requests`, { token: admin.token })).status).toBe(
      200,
    );
  });

  it('is 404 to the team’s other roles, other brands and strangers', async () => {
    for (const who of [await s.member('community_manager'), await s.member('staff'), await person(t)]) {
      const res = await t.call('GET', `/api/v1/brands/${s.brand.id}/privacy_requests`, { token: who.token });
      expect(res.status).toBe(404);
      const page = await (await browserOf(who.id)).page(`/brands/${s.brand.username}/privacy`);
      expect(page.status).toBe(404);
    }
    expect(
      (await t.call('GET', `/api/v1/brands/${s.brand.id}/privacy_requests`, { token: other.ownerToken })).status,
    ).toBe(404);
    expect((await t.call('GET', `/api/v1/brands/${s.brand.id}/privacy_requests`)).status).toBe(401);
    const anonymous = await new BrowserSession(t).get(`/brands/${s.brand.username}/privacy`);
    expect(anonymous.status).toBe(303);
  });

  it('shows the page with its orders as links, and marks one done through the CSRF form', async () => {
    const owner = await browserOf(s.owner.id);
    const page = await owner.page(`/brands/${s.brand.username}/privacy`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Demandes RGPD');
    expect(page.html).toContain(`href="/brands/${s.brand.username}/orders/${orderId}"`);
    expect(page.html).toMatch(new RegExp(`id="request-${redactId}" data-kind="redact" data-done="false"`));
    expect(page.html).toMatch(/aria-current="(page|true)" data-section="privacy"/);

    const forged = await owner.post(`/brands/${s.brand.username}/privacy/${redactId}/done`, {}, { csrf: false });
    expect(forged.status).toBe(403);
    const done = await owner.post(`/brands/${s.brand.username}/privacy/${redactId}/done`);
    expect(done.status).toBe(303);
    const after = await owner.page(`/brands/${s.brand.username}/privacy?saved=done`);
    expect(after.html).toMatch(new RegExp(`id="request-${redactId}" data-kind="redact" data-done="true"`));
    expect(after.html).toContain('Demande marquée comme traitée.');
    // Another brand's request, or one that does not exist, through this brand: 404, nothing changed.
    expect((await owner.post(`/brands/${s.brand.username}/privacy/${otherRequestId}/done`)).status).toBe(404);
    expect((await owner.post(`/brands/${s.brand.username}/privacy/${uuidv7()}/done`)).status).toBe(404);
    const theirs = await t.call('GET', `/api/v1/brands/${other.brand.id}/privacy_requests`, {
      token: other.ownerToken,
    });
    expect(((await theirs.json()) as { done_at: string | null }[])[0].done_at).toBeNull();
  });

  it('marks one done over the API (again: unchanged), and lists the open ones only when asked', async () => {
    const url = `/api/v1/brands/${s.brand.id}/privacy_requests/${dataId}/done`;
    const first = await t.call('POST', url, { token: s.ownerToken });
    expect(first.status).toBe(200);
    const marked = (await first.json()) as { done_at: string };
    expect(marked.done_at).toEqual(expect.any(String));
    const again = (await (await t.call('POST', url, { token: s.ownerToken })).json()) as { done_at: string };
    expect(again.done_at).toBe(marked.done_at);
    const staff = await s.member('staff');
    expect((await t.call('POST', url, { token: staff.token })).status).toBe(404);
    const otherUrl = `/api/v1/brands/${s.brand.id}/privacy_requests/${otherRequestId}/done`;
    expect((await t.call('POST', otherUrl, { token: s.ownerToken })).status).toBe(404);
    const open = await t.call('GET', `/api/v1/brands/${s.brand.id}/privacy_requests?open=true`, {
      token: s.ownerToken,
    });
    expect(await open.json()).toEqual([]);
  });

  it('exports the list as CSV for the owners and admins only', async () => {
    const owner = await browserOf(s.owner.id);
    const res = await owner.get(`/brands/${s.brand.username}/privacy.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+-privacy-requests\.csv"$/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,kind,customer_id,order_ids,requested_at,done_at');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`${redactId},redact,${buyer.id},${orderId},`);
    const staff = await browserOf((await s.member('staff')).id);
    expect((await staff.get(`/brands/${s.brand.username}/privacy.csv`)).status).toBe(404);
  });
});
