import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { address, buyerWithCard, outbox, runJobs, shop, type Person } from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { saveAddress } from '../../commerce';
import { PaymentNetworkError, type AuthorizeResult, type TestPaymentProvider } from '../../commerce/payments';
import { chargePresale, closePresaleAtDeadline, lapsePledge } from './charge';

let t: TestApp;
let provider: TestPaymentProvider;
/** Provider keys that produced an authorization, as the provider saw them (a double charge shows twice). */
const charges: string[] = [];
/** When set, the provider fails once right after making the remote charge (a crash before our commit). */
let crashAfter: number | null = null;
/** Captures the provider made, by payment ref (a second capture of one payment would count 2). */
const captured = new Map<string, number>();
/** When set, the provider's answer to a capture is lost once after capturing (the worker killed before recording). */
let loseCaptureAfter: number | null = null;

beforeAll(async () => {
  t = await createTestApp();
  provider = t.ctx.payments.get('test') as TestPaymentProvider;
  const authorize = provider.authorize.bind(provider);
  provider.authorize = async (input) => {
    const before = provider.authorizations;
    const result: AuthorizeResult = await authorize(input);
    if (provider.authorizations > before) charges.push(input.idempotencyKey);
    if (crashAfter !== null && crashAfter-- <= 0) {
      crashAfter = null;
      throw new Error('worker killed after the remote charge');
    }
    return result;
  };
  const capture = provider.capture.bind(provider);
  provider.capture = async (ref, amount, key) => {
    const before = provider.captures;
    const result = await capture(ref, amount, key);
    if (provider.captures > before) captured.set(ref, (captured.get(ref) ?? 0) + 1);
    if (loseCaptureAfter !== null && loseCaptureAfter-- <= 0) {
      loseCaptureAfter = null;
      throw new PaymentNetworkError();
    }
    return result;
  };
});
afterAll(() => t.close());

const soon = (ms = 3600_000) => new Date(t.clock.now().getTime() + ms).toISOString();

async function presaleShop(options: { threshold: number; cap?: number; deadline?: string }) {
  const s = await shop(t, { stock: 0, price: 4500 });
  await queryRows(t.ctx.db, sql`update products set status = 'draft' where id = ${s.productId}`);
  const res = await t.call('POST', `/api/v1/brands/${s.brand.id}/presales`, {
    token: s.ownerToken,
    body: {
      product_id: s.productId,
      threshold_units: options.threshold,
      deadline: options.deadline ?? soon(),
      ...(options.cap ? { cap_units: options.cap } : {}),
      expected_delivery: '2027-06-01',
    },
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; status: string };
  expect(body.status).toBe('open');
  return { ...s, presaleId: body.id };
}

async function pledger(token = 'tok_visa'): Promise<Person & { methodId: string }> {
  const p = await buyerWithCard(t, token);
  await saveAddress(t.ctx.db, p.id, address, true);
  return p;
}

const pledgeAs = (p: Person & { methodId: string }, presaleId: string, variantId: string, key: string, quantity = 1) =>
  t.call('POST', `/api/v1/presales/${presaleId}/pledges`, {
    token: p.token,
    headers: { 'Idempotency-Key': key },
    body: { variant_id: variantId, quantity, payment_method_id: p.methodId },
  });

const show = async (presaleId: string) =>
  (await (await t.call('GET', `/api/v1/presales/${presaleId}`)).json()) as {
    status: string;
    pledged_units: number;
    threshold_units: number;
    charged_units: number;
  };

const pledgeRows = (presaleId: string) =>
  queryRows<{ id: string; status: string; order_id: string | null }>(
    t.ctx.db,
    sql`select id, status, order_id from presale_pledges where presale_id = ${presaleId} order by id`,
  );
const paidOrders = async (variantId: string) =>
  (
    await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(distinct o.id)::int as n from orders o join order_lines l on l.order_id = o.id
          where l.variant_id = ${variantId} and o.status = 'paid'`,
    )
  )[0].n;
const chargesOf = (ids: string[]) => charges.filter((k) => ids.some((id) => k.startsWith(`presale-pledge:${id}:`)));
/** For each charged pledge: how many times the provider captured its order's payment, and the capture row's status. */
const capturesOf = async (presaleId: string) => {
  const rows = await queryRows<{ ref: string; status: string | null }>(
    t.ctx.db,
    sql`select a.provider_ref as ref, c.status from presale_pledges pl
        join payments a on a.order_id = pl.order_id and a.kind = 'authorization'
        left join payments c on c.order_id = pl.order_id and c.kind = 'capture'
        where pl.presale_id = ${presaleId} and pl.status = 'charged' order by pl.id`,
  );
  return rows.map((r) => ({ times: captured.get(r.ref) ?? 0, status: r.status }));
};

describe('pre-sales', () => {
  it('charges every pledge exactly once when 40 concurrent pledges cross the threshold', async () => {
    const s = await presaleShop({ threshold: 30 });
    const people = await Promise.all(Array.from({ length: 40 }, () => pledger()));
    const replies = await Promise.all(people.map((p, i) => pledgeAs(p, s.presaleId, s.variantId, `k-${i}`)));
    expect(replies.map((r) => r.status)).toEqual(people.map(() => 201));
    await runJobs(t);
    const rows = await pledgeRows(s.presaleId);
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.status === 'charged' && r.order_id)).toBe(true);
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(40);
    expect(await paidOrders(s.variantId)).toBe(40);
    const keys = chargesOf(rows.map((r) => r.id));
    expect(keys).toHaveLength(40);
    expect(new Set(keys).size).toBe(40);
    expect(await show(s.presaleId)).toMatchObject({ status: 'succeeded', pledged_units: 40, charged_units: 40 });
    // Charged means captured, once each: the money is taken at the threshold, not held until shipment.
    expect(await capturesOf(s.presaleId)).toEqual(rows.map(() => ({ times: 1, status: 'succeeded' })));
    // Running the job again changes nothing.
    await chargePresale(t.ctx, s.presaleId);
    expect(chargesOf(rows.map((r) => r.id))).toHaveLength(40);
    expect(await paidOrders(s.variantId)).toBe(40);
    expect(await capturesOf(s.presaleId)).toEqual(rows.map(() => ({ times: 1, status: 'succeeded' })));
  });

  it('a worker killed mid-charge: the next run finishes without a second charge, capture or order', async () => {
    const s = await presaleShop({ threshold: 6 });
    const people = await Promise.all(Array.from({ length: 6 }, () => pledger()));
    for (const [i, p] of people.entries()) await pledgeAs(p, s.presaleId, s.variantId, `crash-${i}`);
    expect((await show(s.presaleId)).status).toBe('succeeded');
    // Killed once after an authorization, and once after a capture the provider made but we did not record.
    crashAfter = 2;
    loseCaptureAfter = 1;
    await expect(chargePresale(t.ctx, s.presaleId)).rejects.toThrow(/killed/);
    expect((await pledgeRows(s.presaleId)).filter((r) => r.status === 'charged').length).toBeLessThan(6);
    await chargePresale(t.ctx, s.presaleId);
    const rows = await pledgeRows(s.presaleId);
    expect(rows.every((r) => r.status === 'charged')).toBe(true);
    const keys = chargesOf(rows.map((r) => r.id));
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);
    expect(await paidOrders(s.variantId)).toBe(6);
    // The unrecorded capture is still owed; the worker died holding it. The order.payments job, once
    // the claim is stale, asks the provider again under the same key: no second capture.
    const unrecorded = (await capturesOf(s.presaleId)).filter((c) => c.status !== 'succeeded');
    expect(unrecorded).toEqual([{ times: 1, status: 'pending' }]);
    await queryRows(
      t.ctx.db,
      sql`update payments set status = 'processing', created_at = now() - interval '11 minutes'
          where kind = 'capture' and status = 'pending' and order_id in (select order_id from presale_pledges where presale_id = ${s.presaleId})`,
    );
    await queryRows(t.ctx.db, sql`update jobs set run_at = now() where kind = 'order.payments' and done_at is null`);
    await runJobs(t);
    expect(await capturesOf(s.presaleId)).toEqual(rows.map(() => ({ times: 1, status: 'succeeded' })));
  });

  it('a pre-sale below its threshold at the deadline fails: every pledge cancelled, nobody charged', async () => {
    // The deadline is an hour away and the test moves the clock past it: pledging takes as long as
    // the machine needs (a deadline 5 s away was crossed on a loaded machine before the pledges).
    const s = await presaleShop({ threshold: 10, deadline: soon(3600_000) });
    const people = await Promise.all(Array.from({ length: 3 }, () => pledger()));
    for (const [i, p] of people.entries()) await pledgeAs(p, s.presaleId, s.variantId, `fail-${i}`);
    const before = charges.length;
    t.clock.advance(3600_000 + 1000);
    await closePresaleAtDeadline(t.ctx, s.presaleId);
    expect((await show(s.presaleId)).status).toBe('failed');
    expect((await pledgeRows(s.presaleId)).every((r) => r.status === 'cancelled')).toBe(true);
    expect(charges.length).toBe(before);
    expect(await paidOrders(s.variantId)).toBe(0);
    const told = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from notifications where subject_id = ${s.presaleId} and detail = 'presale_failed'`,
    );
    expect(told[0].n).toBe(3);
    // And by e-mail, once each, even if the job runs again.
    await closePresaleAtDeadline(t.ctx, s.presaleId);
    for (const p of people) {
      const mails = outbox(t).filter((m) => m.raw.includes(`To: ${p.email}`));
      expect(mails).toHaveLength(1);
      expect(mails[0].text).toContain('n’a pas atteint son seuil');
      expect(mails[0].text).toContain(`/presales/${s.presaleId}`);
    }
    const late = await pledgeAs(await pledger(), s.presaleId, s.variantId, 'late');
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('presale_closed');
  });

  it('a declined card: payment_failed, then lapsed after 48 h, or charged after another card', async () => {
    const s = await presaleShop({ threshold: 1 });
    const first = await pledger();
    await pledgeAs(first, s.presaleId, s.variantId, 'd-0');
    await runJobs(t);
    const declined = await pledger('tok_declined');
    const res = await pledgeAs(declined, s.presaleId, s.variantId, 'd-1');
    expect(await res.json()).toMatchObject({ status: 'payment_failed' });
    const again = await pledger('tok_declined');
    const res2 = (await (await pledgeAs(again, s.presaleId, s.variantId, 'd-2')).json()) as { id: string };
    const visa = await t.call('POST', '/api/v1/payment_methods', { token: again.token, body: { token: 'tok_visa' } });
    const visaId = ((await visa.json()) as { id: string }).id;
    const updated = await t.call('PATCH', `/api/v1/presales/${s.presaleId}/pledges/${res2.id}`, {
      token: again.token,
      body: { payment_method_id: visaId },
    });
    expect(await updated.json()).toMatchObject({ status: 'charged' });
    t.clock.advance(48 * 3600_000 + 1000);
    const failed = (await pledgeRows(s.presaleId)).find((r) => r.status === 'payment_failed')!;
    await lapsePledge(t.ctx, failed.id);
    const mine = (await (
      await t.call('GET', `/api/v1/presales/${s.presaleId}/pledges/mine`, { token: declined.token })
    ).json()) as { status: string }[];
    expect(mine.map((p) => p.status)).toEqual(['lapsed']);
    const mails = outbox(t).filter((m) => m.raw.includes(`To: ${declined.email}`));
    expect(mails.map((m) => /paiement refusé|promesse expirée/.exec(m.text)?.[0]).sort()).toEqual([
      'paiement refusé',
      'promesse expirée',
    ]);
    expect(await show(s.presaleId)).toMatchObject({ pledged_units: 2, charged_units: 2 });
  });

  it('pledges are idempotent, capped, withdrawable before the threshold, and refuse bad input', async () => {
    const s = await presaleShop({ threshold: 3, cap: 4 });
    const p = await pledger();
    const a = (await (await pledgeAs(p, s.presaleId, s.variantId, 'same')).json()) as { id: string };
    const b = await pledgeAs(p, s.presaleId, s.variantId, 'same');
    expect(b.status).toBe(201);
    expect(b.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await b.json()) as { id: string }).id).toBe(a.id);
    expect((await show(s.presaleId)).pledged_units).toBe(1);
    const code = async (r: Response) => ((await r.json()) as { error: { code: string } }).error.code;
    const reused = await pledgeAs(p, s.presaleId, s.variantId, 'same', 2);
    expect([reused.status, await code(reused)]).toEqual([422, 'idempotency_key_reused']);
    const noKey = await t.call('POST', `/api/v1/presales/${s.presaleId}/pledges`, {
      token: p.token,
      body: { variant_id: s.variantId, quantity: 1, payment_method_id: p.methodId },
    });
    expect([noKey.status, await code(noKey)]).toEqual([400, 'idempotency_key_required']);
    const other = await pledger();
    const stolen = await t.call('POST', `/api/v1/presales/${s.presaleId}/pledges`, {
      token: p.token,
      headers: { 'Idempotency-Key': 'stolen' },
      body: { variant_id: s.variantId, quantity: 1, payment_method_id: other.methodId },
    });
    expect([stolen.status, await code(stolen)]).toEqual([422, 'invalid_payment_method']);
    const zero = await pledgeAs(p, s.presaleId, s.variantId, 'zero', 0);
    expect([zero.status, await code(zero)]).toEqual([422, 'invalid_quantity']);
    const full = await pledgeAs(other, s.presaleId, s.variantId, 'full', 4);
    expect([full.status, await code(full)]).toEqual([409, 'presale_full']);
    const gone = await t.call('DELETE', `/api/v1/presales/${s.presaleId}/pledges/${a.id}`, { token: p.token });
    expect(await gone.json()).toMatchObject({ status: 'cancelled' });
    expect((await show(s.presaleId)).pledged_units).toBe(0);
    const notMine = await t.call('DELETE', `/api/v1/presales/${s.presaleId}/pledges/${a.id}`, { token: other.token });
    expect(notMine.status).toBe(404);
    const big = (await (await pledgeAs(other, s.presaleId, s.variantId, 'big', 3)).json()) as { id: string };
    const locked = await t.call('DELETE', `/api/v1/presales/${s.presaleId}/pledges/${big.id}`, { token: other.token });
    expect([locked.status, await code(locked)]).toEqual([409, 'pledge_locked']);
    await runJobs(t);
    const last = await pledgeAs(p, s.presaleId, s.variantId, 'after');
    expect(await last.json()).toMatchObject({ status: 'charged', order_id: expect.any(String) });
    // After the threshold too, a pledge's order is captured at once, once.
    expect((await capturesOf(s.presaleId)).every((c) => c.times === 1 && c.status === 'succeeded')).toBe(true);
    const over = await pledgeAs(p, s.presaleId, s.variantId, 'over');
    expect([over.status, await code(over)]).toEqual([409, 'presale_full']);
    expect((await t.call('GET', '/api/v1/presales/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it('only the owner and admins create pre-sales, with a threshold, a future deadline and a cap above it', async () => {
    const s = await shop(t, { stock: 0 });
    await queryRows(t.ctx.db, sql`update products set status = 'draft' where id = ${s.productId}`);
    const create = (token: string, body: Record<string, unknown>) =>
      t.call('POST', `/api/v1/brands/${s.brand.id}/presales`, {
        token,
        body: { product_id: s.productId, threshold_units: 10, deadline: soon(), ...body },
      });
    const fieldOf = async (r: Response) => {
      const e = ((await r.json()) as { error: { code: string; details?: { field?: string } } }).error;
      return [r.status, e.code, e.details?.field];
    };
    expect(await fieldOf(await create(s.ownerToken, { threshold_units: 0 }))).toEqual([
      422,
      'invalid_threshold',
      'threshold_units',
    ]);
    expect(await fieldOf(await create(s.ownerToken, { deadline: soon(-1000) }))).toEqual([
      422,
      'invalid_deadline',
      'deadline',
    ]);
    expect(await fieldOf(await create(s.ownerToken, { cap_units: 5 }))).toEqual([422, 'invalid_cap', 'cap_units']);
    const cm = await s.member('community_manager');
    expect((await create(cm.token, {})).status).toBe(403);
    const admin = await s.member('admin');
    expect((await create(admin.token, {})).status).toBe(201);
    await queryRows(t.ctx.db, sql`update products set status = 'published' where id = ${s.productId}`);
    expect(await fieldOf(await create(s.ownerToken, {}))).toEqual([422, 'product_not_draft', 'product_id']);
  });
});

describe('pre-sale pages', () => {
  it('shows progress and time left, takes a pledge from the form, and lists the brand’s pre-sales', async () => {
    const { browserSession, postForm } = await import('../../accounts/api-testing');
    const s = await presaleShop({ threshold: 500, deadline: soon(9 * 24 * 3600_000 + 3600_000) });
    const p = await pledger();
    const session = await browserSession(t, p.id);
    const page = await t.app.request(`/presales/${s.presaleId}`, { headers: { cookie: session.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('0 / 500');
    expect(html).toContain('9 jours restants');
    const key = /name="key" value="([^"]+)"/.exec(html)![1];
    const fields = { _csrf: session.csrf, key, variant_id: s.variantId, quantity: '2', payment_method_id: p.methodId };
    const posted = await postForm(t, `/presales/${s.presaleId}/pledge`, fields, { cookie: session.cookie });
    expect(posted.status).toBe(303);
    await postForm(t, `/presales/${s.presaleId}/pledge`, fields, { cookie: session.cookie });
    const after = await (
      await t.app.request(`/presales/${s.presaleId}`, { headers: { cookie: session.cookie } })
    ).text();
    expect(after).toContain('2 / 500');
    expect(after).toContain('promise (rien n’est débité)');
    const owner = await browserSession(t, s.owner.id);
    const bo = await t.app.request(`/brands/${s.brand.username}/presales`, { headers: { cookie: owner.cookie } });
    expect(bo.status).toBe(200);
    expect(await bo.text()).toContain('2 / 500');
    const stranger = await t.app.request(`/brands/${s.brand.username}/presales`, {
      headers: { cookie: session.cookie },
    });
    expect(stranger.status).toBe(403);
  });
});
