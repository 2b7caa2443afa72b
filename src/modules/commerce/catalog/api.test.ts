import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { brandTeam, json, pngBytes, type Team } from '../../../../test/support/catalog';

let t: TestApp;
let team: Team;
beforeAll(async () => {
  t = await createTestApp();
  team = await brandTeam(t);
});
afterAll(() => t.close());

const create = (token: string, body: unknown, brandId = team.brand.id, headers?: Record<string, string>) =>
  t.call('POST', `/api/v1/brands/${brandId}/products`, { token, body, headers });
const errorOf = async (res: Response) => (await json(res)).error as { code: string; message: string };

describe('POST /api/v1/brands/:id/products (the exact contract)', () => {
  it('answers 201 with the product and its variants’ ids', async () => {
    const res = await create(team.owner.token, {
      title: 'Comté 24 mois',
      description: 'Affiné **24 mois** dans le Jura.',
      status: 'published',
      variants: [
        { sku: 'CMT-24-250', price: { amount: 1250, currency: 'EUR' }, stock: 40 },
        { sku: 'CMT-24-500', price: { amount: 2300, currency: 'EUR' }, stock: 3 },
      ],
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({
      id: expect.any(String),
      brand_id: team.brand.id,
      title: 'Comté 24 mois',
      description: 'Affiné **24 mois** dans le Jura.',
      description_html: '<p>Affiné <strong>24 mois</strong> dans le Jura.</p>',
      status: 'published',
      kind: 'physical',
      tax_class: 'standard',
      attributes: {},
      images: [],
      url: `http://localhost:3000/@${team.brand.username}/products/${body.id}`,
    });
    expect(body.variants).toHaveLength(2);
    for (const variant of body.variants)
      expect(Object.keys(variant).sort()).toEqual([
        'compare_at',
        'edition_size',
        'id',
        'options',
        'price',
        'sku',
        'stock',
        'weight_grams',
      ]);
    expect(body.variants[0]).toEqual({
      id: expect.any(String),
      sku: 'CMT-24-250',
      options: {},
      price: { amount: 1250, currency: 'EUR' },
      compare_at: null,
      stock: 40,
      weight_grams: null,
      edition_size: null,
    });
    expect(body.variants[1]).toMatchObject({ sku: 'CMT-24-500', price: { amount: 2300, currency: 'EUR' }, stock: 3 });
    expect(body.variants[0].id).not.toBe(body.variants[1].id);

    const read = await t.call('GET', `/api/v1/products/${body.id}`);
    expect(read.status).toBe(200);
    const product = await json(read);
    expect(product.variants.map((v: { id: string; stock: number }) => [v.id, v.stock])).toEqual([
      [body.variants[0].id, 40],
      [body.variants[1].id, 3],
    ]);
  });

  it('says sku_taken (409) for a SKU the brand already uses', async () => {
    const body = {
      title: 'Morbier',
      status: 'published',
      variants: [{ sku: 'MRB-1', price: { amount: 900, currency: 'EUR' }, stock: 1 }],
    };
    expect((await create(team.owner.token, body)).status).toBe(201);
    const again = await create(team.admin.token, body);
    expect(again.status).toBe(409);
    expect(await json(again)).toEqual({
      error: { code: 'sku_taken', message: expect.any(String), details: expect.objectContaining({ sku: 'MRB-1' }) },
    });
  });

  it('refuses bad input with our error shape', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, 'missing_param'],
      [{ title: 42 }, 400, 'invalid_param'],
      [{ title: 'x', variants: [{ sku: 'A-1', price: { amount: '12.50' } }] }, 400, 'invalid_param'],
      [{ title: 'x', variants: [{ sku: 'A-1', price: { amount: 12.5, currency: 'EUR' } }] }, 422, 'invalid_price'],
      [{ title: 'x', variants: [{ sku: 'A-1', price: { amount: 1250, currency: 'BTC' } }] }, 422, 'invalid_currency'],
      [
        { title: 'x', variants: [{ sku: 'A-1', price: { amount: 1250 }, compare_at: 1000 }] },
        422,
        'invalid_compare_at',
      ],
      [{ title: 'x', variants: [{ sku: 'A-1', price: { amount: 1250 }, stock: -3 }] }, 422, 'invalid_stock'],
      [{ title: 'x'.repeat(201) }, 422, 'invalid_title'],
      [{ title: 'x', status: 'visible' }, 422, 'invalid_status'],
    ];
    for (const [body, status, code] of cases) {
      const res = await create(team.owner.token, body);
      expect([res.status, (await errorOf(res)).code], JSON.stringify(body)).toEqual([status, code]);
    }
    const bad = await t.app.request(`/api/v1/brands/${team.brand.id}/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.owner.token}`, 'content-type': 'application/json' },
      body: '{"title":',
    });
    expect(bad.status).toBe(400);
  });

  it('is for the brand’s owners and admins only', async () => {
    const body = { title: 'Bleu', variants: [{ sku: 'BLEU-1', price: { amount: 700 } }] };
    expect((await t.call('POST', `/api/v1/brands/${team.brand.id}/products`, { body })).status).toBe(401);
    for (const p of [team.staff, team.moderator, team.communityManager, team.outsider]) {
      const res = await create(p.token, body);
      expect(res.status).toBe(403);
    }
    expect((await create(team.owner.token, body, '0190aaaa-0000-7000-8000-000000000000')).status).toBe(404);
  });

  it('replays the same answer for the same Idempotency-Key', async () => {
    const body = { title: 'Raclette', status: 'published', variants: [{ sku: 'RAC-1', price: { amount: 1500 } }] };
    const headers = { 'idempotency-key': 'create-raclette-1' };
    const [a, b] = await Promise.all([
      create(team.owner.token, body, team.brand.id, headers),
      create(team.owner.token, body, team.brand.id, headers),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await json(a)).id).toBe((await json(b)).id);
    const other = await create(team.owner.token, { ...body, title: 'Autre' }, team.brand.id, headers);
    expect(other.status).toBe(422);
  });
});

describe('reading products', () => {
  it('hides drafts from outsiders (404) and shows them to the team', async () => {
    const draft = await json(
      await create(team.owner.token, {
        title: 'Tomme en préparation',
        variants: [{ sku: 'TOM-DRAFT', price: { amount: 1100 }, stock: 2 }],
      }),
    );
    expect(draft.status).toBe('draft');
    expect((await t.call('GET', `/api/v1/products/${draft.id}`)).status).toBe(404);
    expect(
      await errorOf(await t.call('GET', `/api/v1/products/${draft.id}`, { token: team.outsider.token })),
    ).toMatchObject({ code: 'not_found' });
    expect((await t.call('GET', `/api/v1/products/${draft.id}`, { token: team.staff.token })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/products/not-an-id')).status).toBe(404);

    const publicList = await json(await t.call('GET', `/api/v1/brands/${team.brand.id}/products?limit=100`));
    expect(publicList.map((p: { id: string }) => p.id)).not.toContain(draft.id);
    const teamList = await json(
      await t.call('GET', `/api/v1/brands/${team.brand.id}/products?limit=100`, { token: team.moderator.token }),
    );
    expect(teamList.map((p: { id: string }) => p.id)).toContain(draft.id);
    const drafts = await json(
      await t.call('GET', `/api/v1/brands/${team.brand.id}/products?status=draft`, { token: team.owner.token }),
    );
    expect(drafts.every((p: { status: string }) => p.status === 'draft')).toBe(true);
  });

  it('pages by keyset with a Link header', async () => {
    const other = await brandTeam(t, { displayName: 'Pagination' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await json(
            await create(
              other.owner.token,
              { title: `P${i}`, status: 'published', variants: [{ sku: `PG-${i}`, price: { amount: 100 + i } }] },
              other.brand.id,
            ),
          )
        ).id,
      );
    const first = await t.call('GET', `/api/v1/brands/${other.brand.id}/products?limit=2`);
    const page1 = await json(first);
    expect(page1.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3]]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1];
    const page2 = await json(await t.call('GET', next.replace('http://localhost:3000', '')));
    expect(page2.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect((await t.call('GET', `/api/v1/brands/${other.brand.id}/products?max_id=nope`)).status).toBe(400);
  });
});

describe('changing products and variants', () => {
  it('patches, adds and removes variants, and moves stock', async () => {
    const product = await json(
      await create(team.owner.token, {
        title: 'Beaufort',
        status: 'published',
        variants: [{ sku: 'BFT-1', price: { amount: 2000 }, stock: 5 }],
      }),
    );
    const patched = await t.call('PATCH', `/api/v1/products/${product.id}`, {
      token: team.admin.token,
      body: { title: 'Beaufort d’été', attributes: { Affinage: '12 mois', Lait: 'cru' }, kind: 'physical' },
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      title: 'Beaufort d’été',
      attributes: { Affinage: '12 mois', Lait: 'cru' },
    });

    const added = await t.call('POST', `/api/v1/products/${product.id}/variants`, {
      token: team.owner.token,
      body: {
        sku: 'BFT-2',
        options: { Poids: '500 g' },
        price: { amount: 3800, currency: 'EUR' },
        compare_at: { amount: 4200, currency: 'EUR' },
        stock: 2,
        weight_grams: 520,
      },
    });
    expect(added.status).toBe(201);
    const variant = await json(added);
    expect(variant).toEqual({
      id: expect.any(String),
      sku: 'BFT-2',
      options: { Poids: '500 g' },
      price: { amount: 3800, currency: 'EUR' },
      compare_at: { amount: 4200, currency: 'EUR' },
      stock: 2,
      weight_grams: 520,
      edition_size: null,
    });

    const changed = await json(
      await t.call('PATCH', `/api/v1/variants/${variant.id}`, {
        token: team.owner.token,
        body: { price: { amount: 3600 }, compare_at: null },
      }),
    );
    expect(changed).toMatchObject({ price: { amount: 3600, currency: 'EUR' }, compare_at: null });

    const adjusted = await t.call('POST', `/api/v1/variants/${variant.id}/stock`, {
      token: team.owner.token,
      body: { adjust: -2 },
    });
    expect(await json(adjusted)).toMatchObject({ stock: 0 });
    const refused = await t.call('POST', `/api/v1/variants/${variant.id}/stock`, {
      token: team.owner.token,
      body: { adjust: -1 },
    });
    expect([refused.status, (await errorOf(refused)).code]).toEqual([409, 'insufficient_stock']);
    expect(
      await json(
        await t.call('POST', `/api/v1/variants/${variant.id}/stock`, { token: team.owner.token, body: { set: 9 } }),
      ),
    ).toMatchObject({ stock: 9 });
    expect(
      (
        await t.call('POST', `/api/v1/variants/${variant.id}/stock`, {
          token: team.owner.token,
          body: { set: 1, adjust: 1 },
        })
      ).status,
    ).toBe(422);
    expect(
      (await t.call('POST', `/api/v1/variants/${variant.id}/stock`, { token: team.staff.token, body: { set: 1 } }))
        .status,
    ).toBe(403);

    expect((await t.call('DELETE', `/api/v1/variants/${variant.id}`, { token: team.owner.token })).status).toBe(200);
    expect((await json(await t.call('GET', `/api/v1/products/${product.id}`))).variants).toHaveLength(1);
    expect((await t.call('DELETE', `/api/v1/products/${product.id}`, { token: team.staff.token })).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/products/${product.id}`, { token: team.owner.token })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/products/${product.id}`)).status).toBe(404);
  });

  it('uploads images with alt text, reorders and deletes them', async () => {
    const product = await json(
      await create(team.owner.token, {
        title: 'Mont d’Or',
        status: 'published',
        variants: [{ sku: 'MDO-1', price: { amount: 1900 } }],
      }),
    );
    const upload = async (alt: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await pngBytes())], { type: 'image/png' }), 'photo.png');
      form.append('alt', alt);
      return t.call('POST', `/api/v1/products/${product.id}/images`, { token: team.owner.token, body: form });
    };
    const first = await upload('Boîte en épicéa');
    expect(first.status).toBe(201);
    const image = await json(first);
    expect(image).toMatchObject({
      id: expect.any(String),
      alt: 'Boîte en épicéa',
      position: 0,
      url: expect.stringMatching(/^http:\/\/localhost:3000\/media\/.+\.webp$/),
    });
    const second = await json(await upload('Coulant à la cuillère'));
    const moved = await t.call('PATCH', `/api/v1/products/${product.id}/images/${second.id}`, {
      token: team.owner.token,
      body: { position: 0 },
    });
    expect(await json(moved)).toMatchObject({ position: 0 });
    expect(
      (await json(await t.call('GET', `/api/v1/products/${product.id}`))).images.map((i: { alt: string }) => i.alt),
    ).toEqual(['Coulant à la cuillère', 'Boîte en épicéa']);
    const missing = await t.call('POST', `/api/v1/products/${product.id}/images`, {
      token: team.owner.token,
      body: new FormData(),
    });
    expect(missing.status).toBe(422);
    expect(
      (await t.call('DELETE', `/api/v1/products/${product.id}/images/${image.id}`, { token: team.owner.token })).status,
    ).toBe(200);
    expect(
      (await t.call('DELETE', `/api/v1/products/${product.id}/images/${image.id}`, { token: team.owner.token })).status,
    ).toBe(404);
  });
});

describe('collections', () => {
  it('creates, lists, fills, empties and deletes', async () => {
    const product = await json(
      await create(team.owner.token, {
        title: 'Cancoillotte',
        status: 'published',
        variants: [{ sku: 'CAN-1', price: { amount: 450 } }],
      }),
    );
    const created = await t.call('POST', `/api/v1/brands/${team.brand.id}/collections`, {
      token: team.owner.token,
      body: { title: 'Pâtes molles', description: 'Crémeux', product_ids: [product.id] },
    });
    expect(created.status).toBe(201);
    const collection = await json(created);
    expect(collection).toMatchObject({ title: 'Pâtes molles', description: 'Crémeux', product_ids: [product.id] });
    expect(
      (await json(await t.call('GET', `/api/v1/brands/${team.brand.id}/collections`))).map((c: { id: string }) => c.id),
    ).toContain(collection.id);
    expect(
      await json(await t.call('GET', `/api/v1/brands/${team.brand.id}/collections/${collection.id}`)),
    ).toMatchObject({ product_ids: [product.id] });
    expect(
      await json(
        await t.call('PATCH', `/api/v1/brands/${team.brand.id}/collections/${collection.id}`, {
          token: team.admin.token,
          body: { title: 'Pâtes molles et coulantes' },
        }),
      ),
    ).toMatchObject({ title: 'Pâtes molles et coulantes' });
    expect(
      await json(
        await t.call('DELETE', `/api/v1/brands/${team.brand.id}/collections/${collection.id}/products/${product.id}`, {
          token: team.owner.token,
        }),
      ),
    ).toMatchObject({ product_ids: [] });
    expect(
      await json(
        await t.call('POST', `/api/v1/brands/${team.brand.id}/collections/${collection.id}/products`, {
          token: team.owner.token,
          body: { product_id: product.id },
        }),
      ),
    ).toMatchObject({ product_ids: [product.id] });
    const foreign = await brandTeam(t);
    const theirs = await json(
      await create(
        foreign.owner.token,
        { title: 'Autre', variants: [{ sku: 'X-1', price: { amount: 1 } }] },
        foreign.brand.id,
      ),
    );
    expect(
      (
        await t.call('POST', `/api/v1/brands/${team.brand.id}/collections/${collection.id}/products`, {
          token: team.owner.token,
          body: { product_id: theirs.id },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await t.call('POST', `/api/v1/brands/${team.brand.id}/collections`, {
          token: team.staff.token,
          body: { title: 'Non' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.call('DELETE', `/api/v1/brands/${team.brand.id}/collections/${collection.id}`, {
          token: team.owner.token,
        })
      ).status,
    ).toBe(200);
    expect((await t.call('GET', `/api/v1/brands/${team.brand.id}/collections/${collection.id}`)).status).toBe(404);
  });
});

describe('CSV over the API', () => {
  it('exports for the team and imports text/csv or a multipart file', async () => {
    const brand = await brandTeam(t);
    const csv =
      'product_title,sku,price,stock,status\nGruyère,GRU-1,14.90,8,published\nGruyère,GRU-2,27.50,2,published\nBad,BAD-1,12,5x,1\n';
    const res = await t.app.request(`/api/v1/brands/${brand.brand.id}/catalog.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${brand.owner.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const result = await json(res);
    expect(result.created).toBe(2);
    expect(result.updated).toBe(0);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) expect(Object.keys(e).sort()).toEqual(['field', 'message', 'row']);

    const form = new FormData();
    form.append(
      'file',
      new Blob(['product_title,sku,price\nGruyère,GRU-1,15.00\n'], { type: 'text/csv' }),
      'catalog.csv',
    );
    const again = await json(
      await t.call('POST', `/api/v1/brands/${brand.brand.id}/catalog.csv`, { token: brand.owner.token, body: form }),
    );
    expect(again).toEqual({ created: 0, updated: 1, errors: [] });

    const exported = await t.call('GET', `/api/v1/brands/${brand.brand.id}/catalog.csv`, { token: brand.staff.token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const text = await exported.text();
    expect(text).toContain('Gruyère,,,,GRU-2'); // later rows of a product leave product fields empty
    expect(text).toContain('GRU-1,,,,,15.00,EUR,,8,');
    expect(
      (await t.call('GET', `/api/v1/brands/${brand.brand.id}/catalog.csv`, { token: brand.outsider.token })).status,
    ).toBe(403);
    expect((await t.call('GET', `/api/v1/brands/${brand.brand.id}/catalog.csv`)).status).toBe(401);
    const asJson = await t.call('POST', `/api/v1/brands/${brand.brand.id}/catalog.csv`, {
      token: brand.owner.token,
      body: { csv: 'x' },
    });
    expect(asJson.status).toBe(415);
    const staff = await t.app.request(`/api/v1/brands/${brand.brand.id}/catalog.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${brand.staff.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(staff.status).toBe(403);
  });
});

describe('requests checked by the contracts', () => {
  it('keeps the answers clients rely on: 404 ids, clamped limit, one stock change, the missing file', async () => {
    const product = await json(
      await create(team.owner.token, {
        title: 'Bleu de Gex',
        status: 'published',
        variants: [{ sku: 'GEX-1', price: { amount: 1600 }, stock: 4 }],
      }),
    );
    // A malformed id names no resource: 404 like an unknown one, in our error shape.
    const malformed = await t.call('GET', `/api/v1/brands/not-a-uuid/products`);
    expect([malformed.status, (await errorOf(malformed)).code]).toEqual([404, 'not_found']);
    // Upper-case ids are the same ids.
    expect((await t.call('GET', `/api/v1/products/${product.id.toUpperCase()}`)).status).toBe(200);
    // A limit outside 1–100 is brought within, a limit that is not a whole number is refused.
    expect((await t.call('GET', `/api/v1/brands/${team.brand.id}/products?limit=500`)).status).toBe(200);
    const notNumber = await t.call('GET', `/api/v1/brands/${team.brand.id}/products?limit=abc`);
    expect([notNumber.status, (await errorOf(notNumber)).code]).toEqual([400, 'invalid_param']);
    const status = await t.call('GET', `/api/v1/brands/${team.brand.id}/products?status=visible`, {
      token: team.owner.token,
    });
    expect([status.status, (await json(status)).error.details]).toEqual([422, { field: 'status' }]);
    // Neither or both of set/adjust: 422 naming set.
    const variant = product.variants[0].id;
    for (const body of [{}, { set: 1, adjust: 1 }]) {
      const res = await t.call('POST', `/api/v1/variants/${variant}/stock`, { token: team.owner.token, body });
      const error = await errorOf(res);
      expect([res.status, error.code], JSON.stringify(body)).toEqual([422, 'invalid_param']);
      expect(error.message).toContain('set');
    }
    const wrongType = await t.call('POST', `/api/v1/variants/${variant}/stock`, {
      token: team.owner.token,
      body: { set: 'many' },
    });
    expect([wrongType.status, (await errorOf(wrongType)).code]).toEqual([400, 'invalid_param']);
    // An image upload without its file keeps its own code.
    const form = new FormData();
    form.append('alt', 'Rien');
    const missing = await t.call('POST', `/api/v1/products/${product.id}/images`, {
      token: team.owner.token,
      body: form,
    });
    expect([missing.status, (await errorOf(missing)).code]).toEqual([422, 'file_missing']);
  });
});

describe('the OpenAPI document', () => {
  it('describes every catalog route', async () => {
    const doc = await json(await t.call('GET', '/api/openapi.json'));
    const expected: [string, string][] = [
      ['/api/v1/brands/{id}/products', 'post'],
      ['/api/v1/brands/{id}/products', 'get'],
      ['/api/v1/products/{id}', 'get'],
      ['/api/v1/products/{id}', 'patch'],
      ['/api/v1/products/{id}', 'delete'],
      ['/api/v1/products/{id}/variants', 'post'],
      ['/api/v1/variants/{id}', 'patch'],
      ['/api/v1/variants/{id}', 'delete'],
      ['/api/v1/variants/{id}/stock', 'post'],
      ['/api/v1/products/{id}/images', 'post'],
      ['/api/v1/products/{id}/images/{image_id}', 'delete'],
      ['/api/v1/brands/{id}/collections', 'get'],
      ['/api/v1/brands/{id}/collections', 'post'],
      ['/api/v1/brands/{id}/collections/{collection_id}', 'patch'],
      ['/api/v1/brands/{id}/collections/{collection_id}/products', 'post'],
      ['/api/v1/brands/{id}/catalog.csv', 'get'],
      ['/api/v1/brands/{id}/catalog.csv', 'post'],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const create = doc.paths['/api/v1/brands/{id}/products'].post;
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['title', 'description', 'status', 'variants']),
    );
    expect(doc.components.schemas.Variant.required).toEqual(expect.arrayContaining(['id', 'sku', 'price', 'stock']));
  });
});
