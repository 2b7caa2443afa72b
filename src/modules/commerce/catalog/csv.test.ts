import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app';
import { brandTeam, type Team } from '../../../../test/support/catalog';
import { createProduct } from './products';
import { listProducts } from './read';
import { OPERATOR } from './model';
import { CATALOG_COLUMNS, exportCatalog } from './csv-export';
import { importCatalog } from './csv-import';
import { parseCsv, toCsv } from '../csv';

let t: TestApp;
let a: Team;
beforeAll(async () => {
  t = await createTestApp();
  a = await brandTeam(t);
});
afterAll(() => t.close());

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

describe('parseCsv / toCsv', () => {
  it('reads quotes, doubled quotes, line breaks in cells, CRLF, a BOM and semicolons', () => {
    expect(cells('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', 'two\nlines', ''],
    ]);
    expect(cells('titre;prix\nComté;12,50\n')).toEqual([
      ['titre', 'prix'],
      ['Comté', '12,50'],
    ]);
    expect(parseCsv('a\n\n\nb\n').map((r) => r.row)).toEqual([1, 4]);
    expect(() => parseCsv('a,b\n"never closed,1\n')).toThrow(/never closed/);
  });

  it('writes what it reads back (property), and defuses spreadsheet formulas', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', '"', ',', ';', '\n', '\r\n', ' lead', 'trail ', 'é€', '=1+1', '-3', '@x'),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = toCsv([['h1', 'h2', 'h3', 'h4'].slice(0, rows[0].length), ...rows]);
        const back = cells(text).slice(1);
        const expected = rows
          .filter((r) => r.some((c) => c !== ''))
          .map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
        return JSON.stringify(back) === JSON.stringify(expected);
      }),
    );
  });
});

describe('export then import', () => {
  it('gives the same catalog in another brand, and changes nothing when imported again', async () => {
    await createProduct(t.ctx, a.owner.id, a.brand.id, {
      title: 'T-shirt "Comptoir", bio',
      description: 'Coton **bio**.\n\n- lavable à 30°\n- fabriqué à Lyon',
      status: 'published',
      variants: [
        {
          sku: 'TS-S-BLEU',
          options: { Taille: 'S', Couleur: 'Bleu' },
          priceAmount: 2500,
          compareAtAmount: 3000,
          stock: 4,
          weightGrams: 180,
        },
        { sku: 'TS-M-BLEU', options: { Taille: 'M', Couleur: 'Bleu' }, priceAmount: 2500, stock: 0, weightGrams: 190 },
        { sku: 'TS-L-ROUGE', options: { Taille: 'L', Couleur: 'Rouge' }, priceAmount: 2750, stock: 11 },
      ],
    });
    await createProduct(t.ctx, a.owner.id, a.brand.id, {
      title: 'Carte cadeau',
      kind: 'virtual',
      status: 'draft',
      variants: [{ sku: 'GIFT-50', priceAmount: 5000, stock: 1000 }],
    });
    await createProduct(t.ctx, a.owner.id, a.brand.id, {
      title: '=HYPERLINK("http://evil.example")',
      status: 'draft',
      variants: [{ sku: 'ODD-1', priceAmount: 1, currency: 'CHF', stock: 1 }],
    });

    const exported = await exportCatalog(t.ctx, a.owner.id, a.brand.id);
    const [header, ...rows] = cells(exported);
    expect(header).toEqual([...CATALOG_COLUMNS]);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual([
      'T-shirt "Comptoir", bio',
      'Coton **bio**.\n\n- lavable à 30°\n- fabriqué à Lyon',
      'published',
      'physical',
      'TS-S-BLEU',
      'Taille',
      'S',
      'Couleur',
      'Bleu',
      '25.00',
      'EUR',
      '30.00',
      '4',
      '180',
    ]);
    expect(rows[4][0]).toBe(`'=HYPERLINK("http://evil.example")`);

    const b = await brandTeam(t, { displayName: 'Copie' });
    const first = await importCatalog(t.ctx, b.owner.id, b.brand.id, exported);
    expect(first).toEqual({ created: 5, updated: 0, errors: [] });
    expect(await exportCatalog(t.ctx, b.owner.id, b.brand.id)).toBe(exported);
    const products = await listProducts(t.ctx, b.owner.id, b.brand.id);
    expect(products.map((p) => p.title).sort()).toEqual([
      '=HYPERLINK("http://evil.example")',
      'Carte cadeau',
      'T-shirt "Comptoir", bio',
    ]);
    expect(products.find((p) => p.title === 'Carte cadeau')).toMatchObject({ kind: 'virtual', status: 'draft' });

    const second = await importCatalog(t.ctx, a.owner.id, a.brand.id, exported);
    expect(second).toEqual({ created: 0, updated: 5, errors: [] });
    expect(await exportCatalog(t.ctx, a.owner.id, a.brand.id)).toBe(exported);
  });
});

describe('import', () => {
  it('skips bad rows, names their row and column, and imports the rest', async () => {
    const b = await brandTeam(t);
    const csv = [
      'product_title,sku,price,currency,stock,option1_name,option1_value',
      'Savon,SAV-1,4.90,EUR,10,,',
      'Savon,SAV-2,"12,5x",EUR,3,,',
      'Bougie,BOU-1,15.00,EUR,-2,,',
      'Bougie,BOU-2,15.00,XYZ,2,,',
      'Bougie,,15.00,EUR,2,,',
      'Bougie,BOU-3,15.00,EUR,2,Parfum,',
      'Bougie,BOU-4,"18,00",EUR,,Parfum,Figue',
      'Savon,SAV-1,5.00,EUR,1,,',
    ].join('\n');
    const result = await importCatalog(t.ctx, b.admin.id, b.brand.id, csv);
    expect(result.created).toBe(2);
    expect(result.updated).toBe(0);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'price'],
      [4, 'stock'],
      [5, 'currency'],
      [6, 'sku'],
      [7, 'option1_value'],
      [9, 'sku'],
    ]);
    expect(result.errors[0].message).toContain('12,5x');
    expect(result.errors[1].message).toMatch(/negative/);
    expect(result.errors[2].message).toMatch(/currency/i);
    expect(result.errors[3].message).toMatch(/SKU/);
    expect(result.errors[5].message).toMatch(/row 2/);
    const products = await listProducts(t.ctx, b.owner.id, b.brand.id);
    expect(
      products.map((p) => [p.title, p.status, p.variants.map((v) => [v.sku, v.priceAmount, v.stock, v.options])]),
    ).toEqual([
      ['Bougie', 'draft', [['BOU-4', 1800, 0, { Parfum: 'Figue' }]]],
      ['Savon', 'draft', [['SAV-1', 490, 10, {}]]],
    ]);
  });

  it('upserts by SKU: updates prices, keeps the stock when the cell is empty, adds new variants', async () => {
    const b = await brandTeam(t);
    await importCatalog(
      t.ctx,
      b.owner.id,
      b.brand.id,
      'product_title,sku,price,stock,status\nMiel,MIEL-250,7.50,20,published\n',
    );
    const result = await importCatalog(
      t.ctx,
      b.owner.id,
      b.brand.id,
      'product_title,sku,price_amount,stock\nMiel,MIEL-250,790,\nMiel,MIEL-500,1390,6\n',
    );
    expect(result).toEqual({ created: 1, updated: 1, errors: [] });
    const [miel] = await listProducts(t.ctx, b.owner.id, b.brand.id);
    expect(miel.status).toBe('published');
    expect(miel.variants.map((v) => [v.sku, v.priceAmount, v.stock])).toEqual([
      ['MIEL-250', 790, 20],
      ['MIEL-500', 1390, 6],
    ]);
  });

  it('reports a mixed currency, a SKU of another product and unknown columns without aborting', async () => {
    const b = await brandTeam(t);
    await importCatalog(t.ctx, b.owner.id, b.brand.id, 'product_title,sku,price\nThé vert,THE-1,6.00\n');
    const result = await importCatalog(
      t.ctx,
      b.owner.id,
      b.brand.id,
      'product_title,sku,price,currency,couleur\nThé noir,THE-1,6.00,EUR,x\nThé noir,THE-3,8.00,CHF,x\nThé noir,THE-4,8.00,EUR,x\n',
    );
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'couleur'],
      [3, 'currency'],
    ]);
    expect(result).toMatchObject({ created: 1, updated: 1 });
    expect(
      (await listProducts(t.ctx, b.owner.id, b.brand.id)).map((p) => [p.title, p.variants.map((v) => v.sku)]),
    ).toEqual([['Thé noir', ['THE-1', 'THE-4']]]);

    await importCatalog(t.ctx, b.owner.id, b.brand.id, 'product_title,sku,price\nThé vert,THE-2,6.00\n');
    const moved = await importCatalog(
      t.ctx,
      b.owner.id,
      b.brand.id,
      'product_title,sku,price\nThé vert,THE-1,6.50\nThé vert,THE-2,6.50\n',
    );
    expect(moved.errors).toEqual([
      {
        row: 2,
        field: 'sku',
        message: expect.stringContaining('Thé noir'),
        code: 'sku_other_product',
        value: 'Thé noir',
      },
    ]);
    expect(moved).toMatchObject({ created: 0, updated: 1 });
  });

  it('refuses a file it cannot read, and people who may not import', async () => {
    const b = await brandTeam(t);
    await expect(importCatalog(t.ctx, b.owner.id, b.brand.id, '')).rejects.toMatchObject({
      status: 422,
      code: 'invalid_csv',
    });
    await expect(importCatalog(t.ctx, b.owner.id, b.brand.id, 'title,price\nx,1\n')).rejects.toMatchObject({
      status: 422,
      code: 'invalid_csv',
    });
    await expect(
      importCatalog(t.ctx, b.staff.id, b.brand.id, 'product_title,sku,price\nx,X-1,1\n'),
    ).rejects.toMatchObject({ status: 403 });
    await expect(exportCatalog(t.ctx, b.outsider.id, b.brand.id)).rejects.toMatchObject({ status: 403 });
    expect(await exportCatalog(t.ctx, OPERATOR, b.brand.id)).toBe(`\uFEFF${CATALOG_COLUMNS.join(',')}\r\n`);
  });

  it('reports progress row by row and reads semicolon files with decimal commas', async () => {
    const b = await brandTeam(t);
    const seen: [number, number][] = [];
    const result = await importCatalog(
      t.ctx,
      b.owner.id,
      b.brand.id,
      'product_title;sku;price;stock\nConfiture;CONF-1;5,20;3\nConfiture;CONF-2;9,90;1\n',
      { onProgress: (done, total) => seen.push([done, total]) },
    );
    expect(result).toEqual({ created: 2, updated: 0, errors: [] });
    expect(seen).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    const [product] = await listProducts(t.ctx, b.owner.id, b.brand.id);
    expect(product.variants.map((v) => v.priceAmount)).toEqual([520, 990]);
  });
});
