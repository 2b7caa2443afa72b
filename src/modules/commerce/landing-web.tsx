/**
 * GET / for a visitor (a signed-in person goes to /home): what the instance sells, at once. A
 * search box, the brands to follow, recent public posts that carry a product (with their product
 * cards and Buy buttons, through social's post extensions) and products with a photo.
 *
 * The most visited page, so few queries: brands and products are one indexed query each; the
 * shoppable posts are one query for their ids plus social's hydration, whose number of queries
 * does not grow with the number of posts.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import type { RouteModule } from '../../http/app';
import { pageCache } from '../../web/page-cache';
import { renderPage, tOf } from '../../web/page';
import { loadVisible, type ViewContext } from '../social';
import { priceRange } from './catalog';
import { loadSalePrices } from './extensions';
import { Landing, type LandingBrand, type LandingProduct } from './views/landing';

const BRANDS = 6;
const POSTS = 4;
const PRODUCTS = 8;

async function featuredBrands(ctx: AppContext): Promise<LandingBrand[]> {
  return queryRows<LandingBrand>(
    ctx.db,
    sql`select a.username, a.display_name as "displayName", a.note, a.avatar_path as "avatarPath",
          a.followers_count as "followersCount"
        from accounts a
        where a.kind = 'brand' and a.suspended_at is null and a.discoverable
        order by a.followers_count desc, a.id
        limit ${BRANDS}`,
  );
}

/**
 * Published products with at least one photo, newest first, with their first photo and lowest
 * price as shop tiles show it: a running sale's price, with its reference price struck through.
 */
async function productsWithPhotos(ctx: AppContext): Promise<LandingProduct[]> {
  const products = await queryRows<Omit<LandingProduct, 'price' | 'currency' | 'was' | 'sale'>>(
    ctx.db,
    sql`select p.id, p.title, a.username as "brandUsername", a.display_name as "brandName",
          i.preview_path as "previewPath", i.alt
        from products p
        join accounts a on a.id = p.brand_id and a.suspended_at is null
        join lateral (select pi.preview_path, pi.alt from product_images pi where pi.product_id = p.id
                      order by pi.position, pi.id limit 1) i on true
        where p.status = 'published'
        order by p.id desc
        limit ${PRODUCTS}`,
  );
  if (products.length === 0) return [];
  const variants = await queryRows<{ id: string; product_id: string; price_amount: number; currency: string }>(
    ctx.db,
    sql`select id, product_id, price_amount, currency from variants
        where product_id in (${sql.join(
          products.map((p) => sql`${p.id}`),
          sql`, `,
        )})`,
  );
  const sales = await loadSalePrices(
    ctx.db,
    variants.map((v) => v.id),
  );
  return products.map((p) => {
    const range = priceRange({
      variants: variants
        .filter((v) => v.product_id === p.id)
        // Only a sale strikes a price through here: the brand's compare-at price is the product page's.
        .map((v) => ({
          priceAmount: v.price_amount,
          compareAtAmount: null,
          currency: v.currency,
          sale: sales.get(v.id),
        })),
    });
    return {
      ...p,
      price: range?.min ?? null,
      currency: range?.currency ?? null,
      was: range?.sale ? range.compareAt : null,
      sale: range?.sale ?? null,
    };
  });
}

/**
 * Recent public posts carrying a product: the newest rows of status_products (the post link's
 * table, read backwards along its primary key), then their posts if public and not replies.
 */
async function shoppablePostIds(ctx: AppContext): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`select s.id from statuses s
        where s.id in (select sp.status_id from status_products sp order by sp.status_id desc limit ${POSTS * 10})
          and s.visibility = 'public' and s.reblog_of_id is null and s.in_reply_to_id is null
        order by s.id desc
        limit ${POSTS * 2}`,
  );
  return rows.map((r) => r.id);
}

export const landingRoutes: RouteModule = (app, ctx) => {
  // The same for every visitor: rendered once per version of the data (web/page-cache.ts).
  app.get(
    '/',
    pageCache(ctx).page(async (c) => {
      if (c.get('viewer')) return c.redirect('/home', 302);
      const t = tOf(c);
      const url = new URL(c.req.url);
      const v: ViewContext = {
        t,
        locale: c.get('locale'),
        csrf: c.get('csrfToken'),
        viewerId: null,
        publicUrl: ctx.config.publicUrl,
        back: url.pathname + url.search,
      };
      const [brands, products, postIds] = await Promise.all([
        featuredBrands(ctx),
        productsWithPhotos(ctx),
        shoppablePostIds(ctx),
      ]);
      const { hydrated, ids } = await loadVisible(ctx, null, postIds);
      return renderPage(
        c,
        {
          meta: { title: t('landing.title'), description: t('landing.lead'), url: `${ctx.config.publicUrl}/` },
          body: <Landing v={v} brands={brands} products={products} posts={{ h: hydrated, ids: ids.slice(0, POSTS) }} />,
        },
        ctx,
      );
    }),
  );
};
