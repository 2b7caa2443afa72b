import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { brandTeam, pngBytes, type Team } from '../../../../test/support/catalog';
import { addProductImage } from './images';
import { addToCollection, createCollection, getCollection } from './collections';
import {
  addVariant,
  adjustStock,
  createProduct,
  deleteProduct,
  setStock,
  updateProduct,
  updateVariant,
} from './products';
import { descriptionText, renderDescription } from './description';
import { formatDecimalAmount, parseDecimalAmount } from './amounts';
import { getProduct, listProducts } from './read';
import { MAX_PRODUCT_IMAGES, OPERATOR } from './model';
import { saveProduct } from './edit-form';
import { variants } from '../schema';

let t: TestApp;
let team: Team;
beforeAll(async () => {
  t = await createTestApp();
  team = await brandTeam(t);
});
afterAll(() => t.close());

let skuN = 0;
const sku = (prefix = 'SKU') => `${prefix}-${++skuN}`;
const published = (extra: Record<string, unknown> = {}) => ({
  title: 'Comté 24 mois',
  description: 'Un **grand** comté.',
  status: 'published',
  variants: [{ sku: sku(), priceAmount: 1250, stock: 5 }],
  ...extra,
});

describe('who manages the catalog', () => {
  it('lets owners and admins create, and refuses every other role and outsiders', async () => {
    for (const p of [team.owner, team.admin]) {
      const product = await createProduct(t.ctx, p.id, team.brand.id, published());
      expect(product.variants[0]).toMatchObject({ priceAmount: 1250, currency: 'EUR', stock: 5 });
    }
    for (const [p, code] of [
      [team.communityManager, 'role_not_allowed'],
      [team.moderator, 'role_not_allowed'],
      [team.staff, 'role_not_allowed'],
      [team.outsider, 'not_a_member'],
    ] as const) {
      await expect(createProduct(t.ctx, p.id, team.brand.id, published())).rejects.toMatchObject({ status: 403, code });
    }
  });

  it('refuses changes from staff and outsiders on existing products, variants and stock', async () => {
    const product = await createProduct(t.ctx, team.owner.id, team.brand.id, published());
    const variantId = product.variants[0].id;
    for (const p of [team.staff, team.moderator, team.outsider]) {
      await expect(updateProduct(t.ctx, p.id, product.id, { title: 'Piraté' })).rejects.toMatchObject({ status: 403 });
      await expect(adjustStock(t.ctx, p.id, variantId, 10)).rejects.toMatchObject({ status: 403 });
      await expect(addVariant(t.ctx, p.id, product.id, { sku: sku(), priceAmount: 100 })).rejects.toMatchObject({
        status: 403,
      });
      await expect(deleteProduct(t.ctx, p.id, product.id)).rejects.toMatchObject({ status: 403 });
    }
    expect((await getProduct(t.ctx, null, product.id)).title).toBe('Comté 24 mois');
  });

  it('lets the operator (command line) manage any brand', async () => {
    const product = await createProduct(t.ctx, OPERATOR, team.brand.id, published());
    expect(product.brandId).toBe(team.brand.id);
  });

  it('answers 404 for a brand that is not one, and for a person', async () => {
    await expect(createProduct(t.ctx, team.owner.id, team.owner.id, published())).rejects.toMatchObject({
      status: 404,
    });
    await expect(createProduct(t.ctx, team.owner.id, 'not-a-uuid', published())).rejects.toMatchObject({ status: 404 });
  });
});

describe('drafts', () => {
  it('are seen by the brand team only', async () => {
    const draft = await createProduct(
      t.ctx,
      team.owner.id,
      team.brand.id,
      published({ title: 'Tomme secrète', status: 'draft' }),
    );
    for (const viewer of [null, team.outsider.id]) {
      await expect(getProduct(t.ctx, viewer, draft.id)).rejects.toMatchObject({ status: 404 });
      expect((await listProducts(t.ctx, viewer, team.brand.id, { limit: 100 })).map((p) => p.id)).not.toContain(
        draft.id,
      );
    }
    for (const viewer of [team.staff.id, team.moderator.id, team.owner.id]) {
      expect((await getProduct(t.ctx, viewer, draft.id)).status).toBe('draft');
      expect((await listProducts(t.ctx, viewer, team.brand.id, { limit: 100 })).map((p) => p.id)).toContain(draft.id);
    }
    // An outsider cannot learn that a draft exists by trying to change it: 404, not 403.
    await expect(updateProduct(t.ctx, team.outsider.id, draft.id, { title: 'x' })).rejects.toMatchObject({
      status: 404,
    });
    await updateProduct(t.ctx, team.owner.id, draft.id, { status: 'published' });
    expect((await getProduct(t.ctx, null, draft.id)).status).toBe('published');
  });

  it('keeps drafts out of collections for outsiders', async () => {
    const draft = await createProduct(t.ctx, team.owner.id, team.brand.id, published({ status: 'draft' }));
    const live = await createProduct(t.ctx, team.owner.id, team.brand.id, published());
    const collection = await createCollection(t.ctx, team.owner.id, team.brand.id, {
      title: 'Fromages d’été',
      productIds: [draft.id],
    });
    await addToCollection(t.ctx, team.admin.id, team.brand.id, collection.id, live.id);
    await addToCollection(t.ctx, team.admin.id, team.brand.id, collection.id, live.id); // twice: no change
    expect((await getCollection(t.ctx, team.staff.id, team.brand.id, collection.id)).productIds.sort()).toEqual(
      [draft.id, live.id].sort(),
    );
    expect((await getCollection(t.ctx, null, team.brand.id, collection.id)).productIds).toEqual([live.id]);
    const inCollection = await listProducts(t.ctx, null, team.brand.id, { collectionId: collection.id });
    expect(inCollection.map((p) => p.id)).toEqual([live.id]);
    await expect(createCollection(t.ctx, team.staff.id, team.brand.id, { title: 'Non' })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('SKUs', () => {
  it('are unique per brand (409 sku_taken), but two brands may share one', async () => {
    const taken = sku('DUP');
    await createProduct(
      t.ctx,
      team.owner.id,
      team.brand.id,
      published({ variants: [{ sku: taken, priceAmount: 500 }] }),
    );
    await expect(
      createProduct(t.ctx, team.owner.id, team.brand.id, published({ variants: [{ sku: taken, priceAmount: 500 }] })),
    ).rejects.toMatchObject({ status: 409, code: 'sku_taken' });
    const first = await createProduct(t.ctx, team.owner.id, team.brand.id, published());
    await expect(addVariant(t.ctx, team.owner.id, first.id, { sku: taken, priceAmount: 1 })).rejects.toMatchObject({
      status: 409,
      code: 'sku_taken',
    });
    await expect(updateVariant(t.ctx, team.owner.id, first.variants[0].id, { sku: taken })).rejects.toMatchObject({
      status: 409,
      code: 'sku_taken',
    });
    const same = sku('TWICE');
    await expect(
      createProduct(
        t.ctx,
        team.owner.id,
        team.brand.id,
        published({
          variants: [
            { sku: same, priceAmount: 1 },
            { sku: same, priceAmount: 2 },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: 'sku_taken' });
    const other = await brandTeam(t, { displayName: 'Autre maison' });
    expect(
      (
        await createProduct(
          t.ctx,
          other.owner.id,
          other.brand.id,
          published({ variants: [{ sku: taken, priceAmount: 700 }] }),
        )
      ).variants[0].sku,
    ).toBe(taken);
  });

  it('stay unique when two writers race for the same SKU', async () => {
    const racing = sku('RACE');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        createProduct(
          t.ctx,
          team.owner.id,
          team.brand.id,
          published({ variants: [{ sku: racing, priceAmount: 100 }] }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, code: 'sku_taken' });
  });
});

describe('input rules', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['empty title', { title: '  ' }, 'invalid_title', 'title'],
    ['title over 200', { title: 'x'.repeat(201) }, 'invalid_title', 'title'],
    ['unknown status', { status: 'live' }, 'invalid_status', 'status'],
    ['unknown kind', { kind: 'digital' }, 'invalid_kind', 'kind'],
    [
      '31 attributes',
      { attributes: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v'])) },
      'invalid_attributes',
      'attributes',
    ],
    ['a float price', { variants: [{ sku: 'F-1', priceAmount: 12.5 }] }, 'invalid_price', 'variants.0.price.amount'],
    ['a negative price', { variants: [{ sku: 'F-2', priceAmount: -1 }] }, 'invalid_price', 'variants.0.price.amount'],
    [
      'an unknown currency',
      { variants: [{ sku: 'F-3', priceAmount: 100, currency: 'XYZ' }] },
      'invalid_currency',
      'variants.0.price.currency',
    ],
    [
      'compare-at at the price',
      { variants: [{ sku: 'F-4', priceAmount: 100, compareAtAmount: 100 }] },
      'invalid_compare_at',
      'variants.0.compare_at',
    ],
    [
      'a negative stock',
      { variants: [{ sku: 'F-5', priceAmount: 100, stock: -1 }] },
      'invalid_stock',
      'variants.0.stock',
    ],
    [
      'a fractional stock',
      { variants: [{ sku: 'F-6', priceAmount: 100, stock: 1.5 }] },
      'invalid_stock',
      'variants.0.stock',
    ],
    ['a SKU with spaces', { variants: [{ sku: 'A B', priceAmount: 100 }] }, 'invalid_sku', 'variants.0.sku'],
    ['a missing SKU', { variants: [{ priceAmount: 100 }] }, 'invalid_sku', 'variants.0.sku'],
    [
      'two currencies',
      {
        variants: [
          { sku: 'F-7', priceAmount: 100, currency: 'EUR' },
          { sku: 'F-8', priceAmount: 100, currency: 'CHF' },
        ],
      },
      'currency_mismatch',
      'variants',
    ],
  ];
  for (const [name, extra, code, field] of cases) {
    it(`refuses ${name} (422 ${code}) and writes nothing`, async () => {
      const before = (await listProducts(t.ctx, team.owner.id, team.brand.id, { limit: 100 })).length;
      const error = await createProduct(t.ctx, team.owner.id, team.brand.id, published(extra)).catch((e) => e);
      expect(error).toMatchObject({ status: 422, code, details: { field } });
      expect((await listProducts(t.ctx, team.owner.id, team.brand.id, { limit: 100 })).length).toBe(before);
    });
  }

  it('accepts a compare-at price above the price, and virtual products', async () => {
    const product = await createProduct(
      t.ctx,
      team.owner.id,
      team.brand.id,
      published({
        kind: 'virtual',
        variants: [{ sku: sku(), priceAmount: 5000, compareAtAmount: 6000, weightGrams: null }],
      }),
    );
    expect(product.kind).toBe('virtual');
    expect(product.variants[0].compareAtAmount).toBe(6000);
    await expect(
      updateVariant(t.ctx, team.owner.id, product.variants[0].id, { priceAmount: 7000 }),
    ).rejects.toMatchObject({ code: 'invalid_compare_at' });
  });
});

describe('stock', () => {
  it('never goes negative: 20 parallel adjust(-1) on 5 units give exactly 5 successes', async () => {
    const product = await createProduct(
      t.ctx,
      team.owner.id,
      team.brand.id,
      published({ variants: [{ sku: sku('HOT'), priceAmount: 990, stock: 5 }] }),
    );
    const id = product.variants[0].id;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => adjustStock(t.ctx, team.admin.id, id, -1)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409, code: 'insufficient_stock' });
    const [row] = await t.ctx.db.select({ stock: variants.stock }).from(variants).where(eq(variants.id, id));
    expect(row.stock).toBe(0);
  });

  it('sets and adjusts with checks', async () => {
    const product = await createProduct(t.ctx, team.owner.id, team.brand.id, published());
    const id = product.variants[0].id;
    expect((await setStock(t.ctx, team.owner.id, id, 12)).stock).toBe(12);
    expect((await adjustStock(t.ctx, team.owner.id, id, 3)).stock).toBe(15);
    await expect(setStock(t.ctx, team.owner.id, id, -2)).rejects.toMatchObject({ status: 422, code: 'invalid_stock' });
    await expect(adjustStock(t.ctx, team.owner.id, id, 0.5)).rejects.toMatchObject({
      status: 422,
      code: 'invalid_stock',
    });
    await expect(adjustStock(t.ctx, team.owner.id, id, -16)).rejects.toMatchObject({
      status: 409,
      code: 'insufficient_stock',
    });
  });

  it('keeps sales made while the edit form was open (stock changes are deltas)', async () => {
    const product = await createProduct(
      t.ctx,
      team.owner.id,
      team.brand.id,
      published({ variants: [{ sku: sku(), priceAmount: 1000, stock: 10 }] }),
    );
    const variant = product.variants[0];
    await adjustStock(t.ctx, OPERATOR, variant.id, -3); // a sale meanwhile: 7 left
    // The form was loaded at 10 and the owner typed 15: +5.
    const saved = await saveProduct(t.ctx, team.owner.id, team.brand.id, product.id, {
      title: product.title,
      variants: [
        {
          id: variant.id,
          sku: variant.sku,
          priceAmount: 1100,
          currency: 'EUR',
          options: {},
          compareAtAmount: null,
          weightGrams: null,
          stockDelta: 5,
        },
        { sku: sku('NEW'), priceAmount: 900, currency: 'EUR', stock: 2 },
      ],
    });
    expect(saved.variants.map((v) => [v.priceAmount, v.stock])).toEqual([
      [1100, 12],
      [900, 2],
    ]);
    const failed = await saveProduct(t.ctx, team.owner.id, team.brand.id, product.id, {
      variants: [{ id: variant.id, stockDelta: -50 }],
    }).catch((e) => e);
    expect(failed).toMatchObject({ status: 422, code: 'invalid_stock', details: { field: 'variants.0.stock' } });
  });
});

describe('images', () => {
  it('stores up to 10 images with their alt text, in order', async () => {
    const product = await createProduct(t.ctx, team.owner.id, team.brand.id, published());
    const png = await pngBytes();
    const first = await addProductImage(t.ctx, team.owner.id, product.id, png, 'Une meule de comté');
    expect(first).toMatchObject({ alt: 'Une meule de comté', position: 0 });
    await Promise.all(
      Array.from({ length: MAX_PRODUCT_IMAGES - 1 }, (_, i) =>
        addProductImage(t.ctx, team.admin.id, product.id, png, `Vue ${i + 2}`),
      ),
    );
    await expect(addProductImage(t.ctx, team.owner.id, product.id, png, 'de trop')).rejects.toMatchObject({
      status: 422,
      code: 'too_many_images',
    });
    expect((await getProduct(t.ctx, null, product.id)).images).toHaveLength(MAX_PRODUCT_IMAGES);
    await expect(addProductImage(t.ctx, team.staff.id, product.id, png, 'non')).rejects.toMatchObject({ status: 403 });
    await expect(
      addProductImage(t.ctx, team.owner.id, product.id, new TextEncoder().encode('<svg/>'), 'svg'),
    ).rejects.toMatchObject({ status: 422 });
  });
});

describe('money as text', () => {
  it('parses decimal prices exactly', () => {
    expect(parseDecimalAmount('12.50')).toBe(1250);
    expect(parseDecimalAmount('12,5')).toBe(1250);
    expect(parseDecimalAmount('0.07')).toBe(7);
    expect(parseDecimalAmount('19.99')).toBe(1999);
    expect(parseDecimalAmount(' 1 200,00 ')).toBe(120000);
    for (const bad of ['12,5x', '-1', '1.234', '', 'abc', '1e3', '12.', '.5'])
      expect(parseDecimalAmount(bad)).toBeNull();
  });

  it('formats and parses back every amount (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        (amount) => parseDecimalAmount(formatDecimalAmount(amount)) === amount,
      ),
    );
  });
});

describe('descriptions', () => {
  it('renders the Markdown subset', () => {
    expect(
      renderDescription(
        'Un **grand** comté, *fruité*.\nAffiné 24 mois.\n\n- lait cru\n- Jura\n\n1. ouvrir\n2. déguster\n\n[Notre ferme](https://ferme.example/a?b=1&c=2)',
      ),
    ).toBe(
      '<p>Un <strong>grand</strong> comté, <em>fruité</em>.<br>Affiné 24 mois.</p><ul><li>lait cru</li><li>Jura</li></ul><ol><li>ouvrir</li><li>déguster</li></ol><p><a href="https://ferme.example/a?b=1&amp;c=2" rel="nofollow noopener noreferrer ugc">Notre ferme</a></p>',
    );
  });

  it('escapes HTML and refuses non-http links', () => {
    expect(renderDescription('<script>alert(1)</script> <img src=x onerror=alert(1)>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>',
    );
    expect(renderDescription('[clic](javascript:alert(1))')).toBe('<p>[clic](javascript:alert(1))</p>');
    expect(renderDescription('[x](https://a.example/"onmouseover="alert(1))')).not.toMatch(/<a [^>]*onmouseover/);
    expect(descriptionText('Un **grand** [comté](https://x.example)\n- lait cru')).toBe('Un grand comté lait cru');
  });

  it('never lets a script, an event handler or a javascript: URL through (property)', () => {
    const pieces = [
      '<script>',
      '</script>',
      '<SCRIPT ',
      'javascript:',
      'JaVaScRiPt:',
      ' onerror=',
      ' onclick="',
      '"',
      "'",
      '<',
      '>',
      '&',
      '[',
      ']',
      '(',
      ')',
      '**',
      '*',
      '- ',
      '1. ',
      '\n',
      '\n\n',
      'https://',
      'http://x.example/',
      'data:',
      '<a href=',
      '<img src=x',
      'texte',
      ' ',
      '\u0000',
      '&lt;',
    ];
    const markdown = fc
      .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(markdown, (md) => {
        const html = renderDescription(md);
        if (/<script/i.test(html)) return false;
        for (const tag of html.match(/<[^>]*>/g) ?? []) {
          const m = /^<\/?([a-z]+)(\s[^>]*)?>$/.exec(tag);
          if (!m || !['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a'].includes(m[1])) return false;
          const attrs = m[2] ?? '';
          if (/\son\w*\s*=/i.test(attrs) || /javascript:/i.test(attrs)) return false;
          if (
            m[1] === 'a' &&
            !tag.startsWith('</') &&
            !/^ href="https?:\/\/[^"<>]*" rel="nofollow noopener noreferrer ugc"$/i.test(attrs)
          )
            return false;
          if (m[1] !== 'a' && attrs) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
