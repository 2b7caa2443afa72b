// The ledger's API and pages: who reads, who pays, bad input codes, concurrent payouts, the CSV
// and SEPA downloads, the earnings and payouts pages (escaped, CSRF forms).
import { sql } from 'drizzle-orm';
import { xml2js } from 'xml-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { ambassador, attributeBuyer, jobsDueNow, programme } from '../../../../test/support/ledger';
import {
  buyerWithCard,
  orderBody,
  person,
  runJobs,
  shop,
  type Person,
  type Shop,
} from '../../../../test/support/orders';
import { queryRows } from '../../../db/client';
import { browserSession } from '../../accounts/api-testing';
import { decimal, sepaXml } from './exports';
import { maskIban, normalizeIban } from './payouts';
import { minorOf } from './pages';

let t: TestApp;
const XSS = '<script>window.__xss=1</script>&"\'';
const IBAN = 'FR7630006000011234567890189';
const DE_IBAN = 'DE89370400440532013000';

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, body: parsed, res };
}

let s: Shop;
let fan: Person;
let ambassadorId: string;
let otherShop: Shop;

/** An attributed order of 2 × 10 € (200 cents of commission at 10 %), delivered, its window passed. */
async function payableOrder(buyerAmbassador = ambassadorId, shopOf = s) {
  const buyer = await buyerWithCard(t);
  attributeBuyer(buyer.id, buyerAmbassador);
  const res = await call('POST', '/api/v1/orders', buyer.token, orderBody(shopOf.variantId, buyer.methodId, 2));
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await call('POST', `/api/v1/orders/${id}/ship`, shopOf.ownerToken, { carrier: 'Colissimo', tracking_number: 'T1' });
  await call('POST', `/api/v1/orders/${id}/deliver`, shopOf.ownerToken);
  return id;
}

async function passWindow() {
  t.clock.advance(15 * 86_400_000);
  await jobsDueNow(t, 'ambassadors.mature');
  await runJobs(t);
}

beforeAll(async () => {
  t = await createTestApp();
  s = await shop(t, { price: 1000, stock: 100 });
  await programme(t, s.brand.id, { bp: 1000, minPayout: 150 });
  fan = await person(t, { prefix: 'fan' });
  ambassadorId = await ambassador(t, s.brand.id, fan.id);
  otherShop = await shop(t, { price: 1000 });
  await programme(t, otherShop.brand.id, { bp: 1000 });
});
afterAll(() => t.close());

describe('ledger API', () => {
  it('answers the ledger to the ambassador and the brand’s owner/admins only', async () => {
    const orderId = await payableOrder();
    const mine = await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, fan.token);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      pending: { amount: 200, currency: 'EUR' },
      payable: { amount: 0, currency: 'EUR' },
      paid: { amount: 0, currency: 'EUR' },
      entries: [{ order_id: orderId, kind: 'earned', amount: { amount: 200, currency: 'EUR' } }],
    });
    expect(Date.parse(mine.body.entries[0].at)).toBeGreaterThan(0);
    const admin = await s.member('admin');
    expect((await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, s.ownerToken)).status).toBe(200);
    expect((await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, admin.token)).status).toBe(200);
    for (const role of ['community_manager', 'staff'] as const) {
      const member = await s.member(role);
      expect((await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, member.token)).status).toBe(404);
    }
    const stranger = await person(t);
    expect((await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, stranger.token)).status).toBe(404);
    expect((await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, otherShop.ownerToken)).status).toBe(404);
    expect((await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`)).status).toBe(401);
    expect((await call('GET', '/api/v1/ambassadors/nope/ledger', fan.token)).status).toBe(404);
    expect((await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger?limit=0`, fan.token)).status).toBe(400);
  });

  it('records payouts: the whole payable balance by default, never more, never below the minimum', async () => {
    await passWindow();
    await payableOrder();
    await passWindow();
    const url = `/api/v1/brands/${s.brand.id}/ambassador_payouts`;
    const before = (await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, fan.token)).body;
    expect(before.payable.amount).toBe(400);
    const codes = async (token: string, body: unknown) => {
      const r = await call('POST', url, token, body);
      return [r.status, r.body?.error?.code];
    };
    expect(await codes(s.ownerToken, { ambassador_id: ambassadorId, amount: 401 })).toEqual([422, 'payout_too_large']);
    expect(await codes(s.ownerToken, { ambassador_id: ambassadorId, amount: 100 })).toEqual([422, 'below_min_payout']);
    expect(await codes(s.ownerToken, { ambassador_id: ambassadorId, amount: -5 })).toEqual([422, 'invalid_amount']);
    expect(await codes(s.ownerToken, { ambassador_id: ambassadorId, amount: 'lots' })).toEqual([422, 'invalid_amount']);
    expect(await codes(s.ownerToken, { ambassador_id: ambassadorId, method: 'cash' })).toEqual([422, 'invalid_method']);
    expect(await codes(s.ownerToken, { ambassador_id: ambassadorId, method: 'sepa' })).toEqual([
      422,
      'missing_bank_details',
    ]);
    expect(await codes(s.ownerToken, { ambassador_id: 'x' })).toEqual([422, 'invalid_ambassador']);
    const cm = await s.member('community_manager');
    expect((await codes(cm.token, { ambassador_id: ambassadorId }))[0]).toBe(404);
    expect((await codes(otherShop.ownerToken, { ambassador_id: ambassadorId }))[0]).toBe(404);
    expect(
      (
        await call('POST', `/api/v1/brands/${otherShop.brand.id}/ambassador_payouts`, otherShop.ownerToken, {
          ambassador_id: ambassadorId,
        })
      ).status,
    ).toBe(404);
    // Two payouts of everything at once: one is recorded, the other finds nothing left.
    const both = await Promise.all([
      call('POST', url, s.ownerToken, { ambassador_id: ambassadorId }),
      call('POST', url, s.ownerToken, { ambassador_id: ambassadorId }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
    const made = both.find((r) => r.status === 201)!.body;
    expect(made).toMatchObject({
      ambassador_id: ambassadorId,
      amount: { amount: 400, currency: 'EUR' },
      method: 'csv',
    });
    const after = (await call('GET', `/api/v1/ambassadors/${ambassadorId}/ledger`, fan.token)).body;
    expect([after.payable.amount, after.paid.amount]).toEqual([0, 400]);
    expect(after.entries[0]).toMatchObject({ kind: 'paid' });
  });

  it('exports CSV and a SEPA pain.001 file whose sums match', async () => {
    const page = async (accountId: string, url: string, form?: Record<string, string>) => {
      const session = await browserSession(t, accountId);
      const headers: Record<string, string> = { cookie: session.cookie, accept: 'text/html', 'accept-language': 'en' };
      let body: string | undefined;
      if (form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams({ _csrf: session.csrf, ...form }).toString();
      }
      const res = await t.app.request(url, { method: form ? 'POST' : 'GET', headers, body });
      return { status: res.status, html: await res.text(), location: res.headers.get('location') };
    };
    const bank = `/ambassador/${ambassadorId}/bank`;
    expect((await page(fan.id, bank, { name: XSS, iban: 'FR76 3000 6000 0112 3456 7890 180', bic: '' })).status).toBe(
      422,
    );
    expect((await page(fan.id, bank, { name: XSS, iban: 'fr76 3000 6000 0112 3456 7890 189', bic: '' })).status).toBe(
      303,
    );
    const stranger = await person(t);
    expect((await page(stranger.id, bank, { name: 'x', iban: IBAN })).status).toBe(404);
    const earnings = await page(fan.id, `/ambassador/${ambassadorId}`);
    expect(earnings.status).toBe(200);
    expect(earnings.html).toContain('data-balance="paid"');
    expect(earnings.html).toContain(IBAN);
    expect(earnings.html).not.toContain('<script>window.__xss');
    expect((await page(stranger.id, `/ambassador/${ambassadorId}`)).status).toBe(404);
    expect((await page(s.owner.id, `/ambassador/${ambassadorId}`)).status).toBe(404);

    const payouts = `/brands/${s.brand.username}/ambassadors/payouts`;
    const cm = await s.member('community_manager');
    expect((await page(cm.id, payouts)).status).toBe(404);
    expect((await page(otherShop.owner.id, payouts)).status).toBe(404);
    expect(
      (await page(s.owner.id, `${payouts}/debtor`, { name: 'Fromagerie & Fils', iban: DE_IBAN, bic: 'x' })).status,
    ).toBe(422);
    const saved = await page(s.owner.id, `${payouts}/debtor`, {
      name: 'Fromagerie & Fils',
      iban: DE_IBAN,
      bic: 'COBADEFFXXX',
    });
    expect(saved.status).toBe(303);

    await payableOrder();
    await payableOrder();
    await passWindow();
    const tooMuch = await page(s.owner.id, payouts, { ambassador_id: ambassadorId, amount: '9,99', method: 'sepa' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.html).toContain('more than the payable balance');
    const first = await page(s.owner.id, payouts, { ambassador_id: ambassadorId, amount: '1,50', method: 'sepa' });
    expect(first.status).toBe(303);
    const url = `/api/v1/brands/${s.brand.id}/ambassador_payouts`;
    expect(
      (await call('POST', url, s.ownerToken, { ambassador_id: ambassadorId, method: 'sepa', reference: 'R-2' })).status,
    ).toBe(201);
    const shown = await page(s.owner.id, payouts);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain(maskIban(IBAN));
    expect(shown.html).not.toContain(IBAN);
    const member = await page(s.owner.id, `/brands/${s.brand.username}/ambassadors/${ambassadorId}/ledger`);
    expect(member.status).toBe(200);
    expect(member.html).toContain('data-kind="paid"');
    expect((await page(cm.id, `/brands/${s.brand.username}/ambassadors/${ambassadorId}/ledger`)).status).toBe(404);

    const csv = await call('GET', `/api/v1/brands/${s.brand.id}/ambassador_payouts.csv`, s.ownerToken);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('date,payout_id,ambassador');
    expect(csv.body).toContain('1.50,150,EUR,sepa');
    expect(csv.body).not.toContain(IBAN);
    const balances = await call('GET', `/api/v1/brands/${s.brand.id}/ambassador_balances.csv`, s.ownerToken);
    expect(balances.body).toContain(`${fan.username},${ambassadorId},EUR,0.00,0.00,8.00`);
    expect((await call('GET', `/api/v1/brands/${s.brand.id}/ambassador_payouts.csv`, cm.token)).status).toBe(404);

    const xmlUrl = `/api/v1/brands/${s.brand.id}/ambassador_payouts.xml`;
    expect((await call('GET', `${xmlUrl}?from=2026-13-01`, s.ownerToken)).body.error.code).toBe('invalid_date');
    expect((await call('GET', `${xmlUrl}?from=2001-01-01&to=2001-01-02`, s.ownerToken)).body.error.code).toBe(
      'no_sepa_payouts',
    );
    expect((await call('GET', xmlUrl, otherShop.ownerToken)).status).toBe(404);
    const xml = await call('GET', xmlUrl, s.ownerToken);
    expect(xml.status).toBe(200);
    const doc = xml2js(xml.body, { compact: true }) as any;
    const init = doc.Document.CstmrCdtTrfInitn;
    const txs = [init.PmtInf.CdtTrfTxInf].flat();
    expect(init.GrpHdr.NbOfTxs._text).toBe('2');
    expect(txs).toHaveLength(2);
    const cents = txs.map((x: any) => Math.round(Number(x.Amt.InstdAmt._text) * 100));
    expect(cents.sort((a: number, b: number) => a - b)).toEqual([150, 250]);
    expect(init.GrpHdr.CtrlSum._text).toBe('4.00');
    expect(init.PmtInf.CtrlSum._text).toBe('4.00');
    expect(init.PmtInf.PmtMtd._text).toBe('TRF');
    expect(init.PmtInf.DbtrAcct.Id.IBAN._text).toBe(DE_IBAN);
    expect(init.PmtInf.Dbtr.Nm._text).toBe('Fromagerie & Fils');
    expect(txs[0].Cdtr.Nm._text).toBe(XSS);
    expect(txs[0].CdtrAcct.Id.IBAN._text).toBe(IBAN);
    expect(txs[0].Amt.InstdAmt._attributes.Ccy).toBe('EUR');
    expect(txs.map((x: any) => x.PmtId.EndToEndId._text)).toContain('R-2');
  });
});

describe('every ledger route answers 404 to another brand’s owner and to a stranger', () => {
  it('API and pages alike', async () => {
    const stranger = await person(t);
    const api = [
      ['GET', `/api/v1/ambassadors/${ambassadorId}/ledger`],
      ['POST', `/api/v1/brands/${s.brand.id}/ambassador_payouts`],
      ['GET', `/api/v1/brands/${s.brand.id}/ambassador_payouts.csv`],
      ['GET', `/api/v1/brands/${s.brand.id}/ambassador_balances.csv`],
      ['GET', `/api/v1/brands/${s.brand.id}/ambassador_payouts.xml`],
    ];
    for (const token of [otherShop.ownerToken, stranger.token])
      for (const [method, url] of api)
        expect([
          url,
          (await call(method, url, token, method === 'POST' ? { ambassador_id: ambassadorId } : undefined)).status,
        ]).toEqual([url, 404]);
    const base = `/brands/${s.brand.username}/ambassadors`;
    const pages = [
      ['GET', `/ambassador/${ambassadorId}`],
      ['POST', `/ambassador/${ambassadorId}/bank`],
      ['GET', `${base}/payouts`],
      ['POST', `${base}/payouts`],
      ['POST', `${base}/payouts/debtor`],
      ['GET', `${base}/${ambassadorId}/ledger`],
    ];
    for (const accountId of [otherShop.owner.id, stranger.id]) {
      const session = await browserSession(t, accountId);
      for (const [method, url] of pages) {
        const headers: Record<string, string> = { cookie: session.cookie, accept: 'text/html' };
        let body: string | undefined;
        if (method === 'POST') {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams({
            _csrf: session.csrf,
            ambassador_id: ambassadorId,
            name: 'x',
            iban: IBAN,
          }).toString();
        }
        expect([url, (await t.app.request(url, { method, headers, body })).status]).toEqual([url, 404]);
      }
    }
  });
});

describe('ledger helpers', () => {
  it('checks IBANs with mod-97, writes amounts with two decimals and reads form amounts', () => {
    expect(normalizeIban('fr76 3000 6000 0112 3456 7890 189')).toBe(IBAN);
    expect(normalizeIban(DE_IBAN)).toBe(DE_IBAN);
    expect(normalizeIban('FR7630006000011234567890188')).toBeNull();
    expect(normalizeIban('hello')).toBeNull();
    expect([decimal(0), decimal(5), decimal(1234), decimal(-105)]).toEqual(['0.00', '0.05', '12.34', '-1.05']);
    expect([minorOf(''), minorOf('12,5'), minorOf('12.50'), minorOf('3')]).toEqual([null, 1250, 1250, 300]);
    expect(minorOf('1,234')).toBeNaN();
    const doc = sepaXml(
      { holderName: 'A <B>', iban: DE_IBAN, bic: 'COBADEFFXXX' },
      [{ id: 'x', amount: 1, currency: 'EUR', reference: 'R&1', holderName: 'Zoé', iban: IBAN, bic: '' }],
      { createdAt: new Date('2026-12-07T10:00:00Z'), executionDay: '2026-12-07' },
    );
    const parsed = xml2js(doc, { compact: true }) as any;
    expect(parsed.Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf.PmtId.EndToEndId._text).toBe('R&1');
    expect(parsed.Document.CstmrCdtTrfInitn.GrpHdr.CtrlSum._text).toBe('0.01');
  });

  it('never lets a ledger entry name another brand’s ambassador in the balances CSV', async () => {
    const rows = await queryRows<{ n: number }>(
      t.ctx.db,
      sql`select count(*)::int as n from ambassador_ledger_entries e join ambassadors a on a.id = e.ambassador_id
           where a.brand_id <> e.brand_id`,
    );
    expect(rows[0].n).toBe(0);
  });
});
