import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app';
import { queryRows } from '../db/client';
import { listQueue } from '../modules/moderation';
import { ratingSummary } from '../modules/reputation';
import { buildDemoWorld, type DemoWorld } from './demo-world';

let t: TestApp;
let world: DemoWorld;
const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.ctx.db, query);

beforeAll(async () => {
  t = await createTestApp();
  world = await buildDemoWorld(t.ctx, { accounts: 20, posts: 40, seed: 5, progress: false });
});
afterAll(() => t?.close());

describe('the shop in the demo world', () => {
  it('gives every brand published products with variants, and shoppable posts carrying them', async () => {
    for (const brand of world.brands) {
      const products = await rows<{ id: string; variants: number }>(
        sql`select p.id, (select count(*)::int from variants v where v.product_id = p.id) as variants from products p where p.brand_id = ${brand.id} and p.status = 'published'`,
      );
      expect(products.length).toBeGreaterThanOrEqual(3);
      for (const p of products) expect(p.variants).toBeGreaterThanOrEqual(1);
      const [posts] = await rows<{ n: number }>(
        sql`select count(distinct s.id)::int as n from statuses s join status_products sp on sp.status_id = s.id join products p on p.id = sp.product_id
            where s.account_id = ${brand.id} and p.brand_id = ${brand.id}`,
      );
      expect(posts!.n).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives every brand a legal page with terms of sale, which its orders record', async () => {
    for (const brand of world.brands) {
      const res = await t.app.request(`/@${brand.username}/legal`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('SIREN');
      expect(html).toContain('Conditions générales de vente');
    }
    const versions = await rows<{ terms_version: number | null }>(
      sql`select distinct terms_version from orders`,
    );
    expect(versions).toEqual([{ terms_version: 1 }]);
  });

  it('has delivered orders, and published verified reviews counted in a product’s rating', async () => {
    const [delivered] = await rows<{ n: number }>(
      sql`select count(*)::int as n from orders where status = 'delivered'`,
    );
    expect(delivered!.n).toBeGreaterThanOrEqual(10);
    const published = await rows<{ product_id: string; verified: boolean }>(
      sql`select product_id, verified from reviews where status = 'published'`,
    );
    expect(published.length).toBeGreaterThanOrEqual(8);
    expect(published.every((r) => r.verified)).toBe(true);
    const summary = await ratingSummary(t.ctx.db, published[0]!.product_id);
    expect(summary.count).toBeGreaterThanOrEqual(1);
    expect(summary.average).not.toBeNull();
    const [replies] = await rows<{ n: number }>(sql`select count(*)::int as n from review_replies`);
    expect(replies!.n).toBe(1);
  });

  it('leaves reviews pending in brand queues, and turns the “where is my parcel” review into a question', async () => {
    const pending = await rows<{ brand_id: string; subject_id: string }>(
      sql`select brand_id, subject_id from moderation_items where type = 'review' and status = 'pending'`,
    );
    expect(pending.length).toBeGreaterThanOrEqual(2);
    const brand = world.brands.find((b) => b.id === pending[0]!.brand_id)!;
    const [owner] = await rows<{ account_id: string }>(
      sql`select account_id from brand_members where brand_id = ${brand.id} and role = 'owner'`,
    );
    const queue = await listQueue(t.ctx.db, owner!.account_id, brand.id, { type: 'review' });
    expect(queue.length).toBeGreaterThanOrEqual(1);
    const questions = await rows<{ body: string }>(sql`select body from reviews where status = 'question'`);
    expect(questions.map((q) => q.body)).toContain('Toujours pas reçu mon colis, où est ma commande ?');
  });

  it('leaves chloe a delivered order line she has not reviewed yet', async () => {
    const lines = await rows<{ id: string }>(
      sql`select l.id from order_lines l join orders o on o.id = l.order_id join accounts a on a.id = o.buyer_id
          where a.username = 'chloe' and o.status = 'delivered' and not exists (select 1 from reviews r where r.order_line_id = l.id)`,
    );
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const [reviewed] = await rows<{ n: number }>(
      sql`select count(*)::int as n from reviews r join accounts a on a.id = r.author_id where a.username = 'chloe'`,
    );
    expect(reviewed!.n).toBeGreaterThanOrEqual(1);
  });

  it('gives every demo product two or three photos with alt text, served as images', async () => {
    const products = await rows<{
      id: string;
      title: string;
      images: { path: string; preview_path: string; alt: string }[];
    }>(
      sql`select p.id, p.title, coalesce((select json_agg(json_build_object('path', i.path, 'preview_path', i.preview_path, 'alt', i.alt) order by i.position)
            from product_images i where i.product_id = p.id), '[]') as images from products p`,
    );
    expect(products.length).toBeGreaterThanOrEqual(12);
    for (const p of products) {
      expect(p.images.length, p.title).toBeGreaterThanOrEqual(2);
      expect(p.images.length, p.title).toBeLessThanOrEqual(3);
      for (const image of p.images) expect(image.alt).toContain(p.title);
    }
    for (const file of [products[0]!.images[0]!.path, products[0]!.images[1]!.preview_path]) {
      const res = await t.app.request(`/media/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\//);
    }
  });
});
