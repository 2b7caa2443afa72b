import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { buyerWithCard, orderBody, outbox, person, runJobs, shop } from '../../../../test/support/orders';
import { checkVat, frenchVatKey, luhnValid, sirenValid } from './checks';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await t.call(method, url, { token, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // pages stay text
  }
  return { status: res.status, body: json };
}
const patch = (brandId: string, token: string | undefined, body: unknown) =>
  call('PATCH', `/api/v1/brands/${brandId}/legal`, token, body);

/** A SIREN from 8 digits: the 9th is the Luhn key. */
function sirenOf(eight: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(`${eight}${d}`)) return `${eight}${d}`;
  throw new Error('unreachable');
}
const identity = { company_name: 'Fromagerie Dubois SAS', address: '3 rue des Alpes\n74000 Annecy' };
// A real SIREN and its French VAT number (key 44).
const SIREN = '732829320';
const VAT = 'FR44732829320';

describe('SIREN and VAT checks', () => {
  it('knows real identifiers', () => {
    expect(sirenValid(SIREN)).toBe(true);
    expect(frenchVatKey(SIREN)).toBe('44');
    expect(checkVat(VAT, SIREN)).toBe('ok');
    expect(checkVat('FR45732829320', SIREN)).toBe('bad_key');
    expect(checkVat('FR44552100554', SIREN)).toBe('other_siren');
    expect(checkVat('DE123456789', SIREN)).toBe('ok');
    expect(checkVat('FR4473282932', null)).toBe('bad_shape');
  });

  it('every Luhn-valid SIREN passes; every single-digit change fails', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{8}$/),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (eight, at, by) => {
          const siren = sirenOf(eight);
          expect(sirenValid(siren)).toBe(true);
          const changed = `${siren.slice(0, at)}${(Number(siren[at]) + by) % 10}${siren.slice(at + 1)}`;
          expect(sirenValid(changed)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('PATCH /api/v1/brands/:id/legal', () => {
  it('saves the identity (owner), reads it back publicly, and versions the terms only when they change', async () => {
    const s = await shop(t);
    const res = await patch(s.brand.id, s.ownerToken, {
      ...identity,
      legal_form: 'SAS',
      siren: '732 829 320',
      vat_number: 'fr 44 732829320',
      contact_email: 'contact@dubois.example',
      contact_phone: '+33 4 50 00 00 00',
      mediator_name: 'CM2C',
      mediator_url: 'https://www.cm2c.net',
      terms_of_sale: '# Article 1\r\nLes prix sont TTC.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      brand_id: s.brand.id,
      company_name: 'Fromagerie Dubois SAS',
      siren: SIREN,
      vat_number: VAT,
      mediator_url: 'https://www.cm2c.net',
      terms_of_sale: { version: 1, body: '# Article 1\nLes prix sont TTC.' },
    });
    expect(res.body.terms_of_sale.url).toBe(`http://localhost:3000/@${s.brand.username}/legal/terms/1`);

    // The same text again (other line endings, spaces around): no new version; other fields kept.
    const same = await patch(s.brand.id, s.ownerToken, { terms_of_sale: '  # Article 1\nLes prix sont TTC.\n' });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ siren: SIREN, terms_of_sale: { version: 1 } });
    const changed = await patch(s.brand.id, s.ownerToken, { terms_of_sale: '# Article 1\nLes prix sont HT.' });
    expect(changed.body.terms_of_sale.version).toBe(2);
    const untouched = await patch(s.brand.id, s.ownerToken, { contact_phone: null });
    expect(untouched.body).toMatchObject({ contact_phone: null, terms_of_sale: { version: 2 } });

    const anyone = await call('GET', `/api/v1/brands/${s.brand.id}/legal`);
    expect(anyone.status).toBe(200);
    expect(anyone.body).toMatchObject({ company_name: 'Fromagerie Dubois SAS', terms_of_sale: { version: 2 } });
  });

  it('refuses a bad SIREN, a VAT number not matching its SIREN, missing fields: 422 with a stable code', async () => {
    const s = await shop(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...identity, siren: '732829321' }, 'invalid_siren'],
      [{ ...identity, siren: '73282932' }, 'invalid_siren'],
      [{ ...identity, siren: 'abcdefghi' }, 'invalid_siren'],
      [{ ...identity, siren: SIREN, vat_number: 'FR45732829320' }, 'invalid_vat_number'],
      [{ ...identity, siren: SIREN, vat_number: 'FR44552100554' }, 'invalid_vat_number'],
      [{ ...identity, vat_number: 'FR4' }, 'invalid_vat_number'],
      [{ address: identity.address }, 'missing_company_name'],
      [{ company_name: 'X' }, 'missing_address'],
      [{ ...identity, contact_email: 'pas une adresse' }, 'invalid_email'],
      [{ ...identity, mediator_url: 'javascript:alert(1)' }, 'invalid_url'],
      [{ ...identity, terms_of_sale: '   ' }, 'empty_terms'],
      [{ ...identity, company_name: 'x'.repeat(201) }, 'too_long'],
    ];
    for (const [body, code] of cases) {
      const res = await patch(s.brand.id, s.ownerToken, body);
      expect(res.status, code).toBe(422);
      expect(res.body.error.code).toBe(code);
    }
    // Nothing half-written: the brand still has no identity and no terms.
    const read = await call('GET', `/api/v1/brands/${s.brand.id}/legal`);
    expect(read.body).toMatchObject({ company_name: null, terms_of_sale: null });
    // A wrong type is the contract's 400.
    expect((await patch(s.brand.id, s.ownerToken, { ...identity, siren: 732829320 })).status).toBe(400);
  });

  it('accepts every Luhn-valid SIREN and refuses every single-digit change of it', async () => {
    const s = await shop(t);
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^\d{8}$/),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        async (eight, at, by) => {
          const siren = sirenOf(eight);
          const ok = await patch(s.brand.id, s.ownerToken, { ...identity, siren, vat_number: null });
          expect(ok.status).toBe(200);
          const changed = `${siren.slice(0, at)}${(Number(siren[at]) + by) % 10}${siren.slice(at + 1)}`;
          const refused = await patch(s.brand.id, s.ownerToken, { siren: changed });
          expect(refused.status).toBe(422);
          expect(refused.body.error.code).toBe('invalid_siren');
          // The French VAT number of the valid SIREN is accepted with it.
          const vat = await patch(s.brand.id, s.ownerToken, { vat_number: `FR${frenchVatKey(siren)}${siren}` });
          expect(vat.status).toBe(200);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('owner and admin only: other roles 403, strangers and unknown brands 404, no token 401', async () => {
    const s = await shop(t);
    const admin = await s.member('admin');
    expect((await patch(s.brand.id, admin.token, identity)).status).toBe(200);
    for (const role of ['community_manager', 'moderator', 'staff'] as const) {
      const m = await s.member(role);
      const res = await patch(s.brand.id, m.token, identity);
      expect(res.status, role).toBe(403);
    }
    const stranger = await person(t);
    expect((await patch(s.brand.id, stranger.token, identity)).status).toBe(404);
    // A person's own account is not a brand.
    expect((await patch(stranger.id, stranger.token, identity)).status).toBe(404);
    expect((await patch('00000000-0000-7000-8000-000000000000', s.ownerToken, identity)).status).toBe(404);
    expect((await patch(s.brand.id, undefined, identity)).status).toBe(401);
    expect((await call('GET', `/api/v1/brands/${stranger.id}/legal`)).status).toBe(404);
  });
});

describe('orders record the terms accepted', () => {
  it('a brand without terms: terms_version null; after a change, new orders carry the new version', async () => {
    const s = await shop(t, { stock: 10, price: 1500 });
    const b = await buyerWithCard(t);
    const place = async () => {
      const res = await t.call('POST', '/api/v1/orders', {
        token: b.token,
        body: orderBody(s.variantId, b.methodId),
        headers: { 'Idempotency-Key': `k-${Math.random()}` },
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; terms_version: number | null };
    };
    const before = await place();
    expect(before.terms_version).toBeNull();

    await patch(s.brand.id, s.ownerToken, { ...identity, terms_of_sale: 'Version une' });
    const first = await place();
    expect(first.terms_version).toBe(1);
    await patch(s.brand.id, s.ownerToken, { terms_of_sale: 'Version deux' });
    const second = await place();
    expect(second.terms_version).toBe(2);

    // The read of each order keeps the version it was placed under, for the buyer and the team.
    const read = await call('GET', `/api/v1/orders/${first.id}`, b.token);
    expect(read.body.terms_version).toBe(1);
    const team = await call('GET', `/api/v1/orders/${second.id}`, s.ownerToken);
    expect(team.body.terms_version).toBe(2);
    expect((await call('GET', `/api/v1/orders/${before.id}`, b.token)).body.terms_version).toBeNull();

    // The confirmation e-mail names the version with the link to it.
    await runJobs(t);
    const mails = outbox(t).filter((m) => m.text.includes(b.email));
    const url = `http://localhost:3000/@${s.brand.username}/legal/terms/2`;
    expect(mails.some((m) => m.text.includes(url) && m.text.includes('version 2'))).toBe(true);
    expect(mails.some((m) => m.text.includes('/legal/terms/') && m.text.includes(before.id))).toBe(false);

    // The order page shows it, linked.
    const page = await t.call('GET', `/orders/${second.id}`, { token: b.token });
    const html = await page.text();
    expect(html).toContain(`href="/@${s.brand.username}/legal/terms/2"`);
    // And the team's view of it.
    const console = await t.call('GET', `/brands/${s.brand.username}/orders/${second.id}`, { token: s.ownerToken });
    expect(await console.text()).toContain(`href="/@${s.brand.username}/legal/terms/2"`);
  });
});
