/**
 * The post ↔ product link (Medusa-style: neither module imports the other for it; this file
 * knows both and plugs commerce into social's extension points, registered by src/boot.ts).
 *
 * Attaching (`product_ids[]` on POST /api/v1/statuses, or the composer's product picker):
 * - at most 4 products, each published;
 * - posting as a brand: only that brand's own products (a brand never advertises another's);
 * - posting as a person: any published product (a person shares what they like; the order
 *   still goes to the product's brand, and remembers the post for fans' commissions later).
 * The products are written in the post's transaction: a refused product refuses the post.
 *
 * Reading: one query loads the products of a page of posts (status_products → products →
 * brand, first image, variants with price and stock), plus the viewer's one-click defaults and
 * social proof when there are products to show.
 */
import { sql } from 'drizzle-orm';
import { jsx, type Child } from 'hono/jsx';
import type { AppContext } from '../context';
import { queryRows, type Db, type DbOrTx } from '../db/client';
import { isUuid } from '../db/ids';
import { unprocessable } from '../lib/errors';
import type { Params } from '../http/params';
import { mediaUrl, type UrlContext } from '../modules/accounts';
import {
  presentSocialProof,
  socialProof,
  type SocialProof,
  stockState,
  unitsLeft,
  leadVariant,
  ProductCards,
  productPath,
  type OneClick,
  type ProductSummary,
  type ShopView,
  ProductPicker,
  replyToBuyCandidate,
  handleReplyToBuy,
  loadProductBadges,
  loadSalePrices,
  shownPrice,
  type LoadedBadges,
} from '../modules/commerce';
import type { StatusExtension } from '../modules/social';
import type { AppExtensions } from './extensions';
import { answerRemoteBuyer } from './federation-buy';

export const MAX_PRODUCTS_PER_POST = 4;

/** product_ids[] (or product_ids as a JSON array / single value) from a post's parameters. */
export function productIdsInput(params: Params): string[] | undefined {
  const raw = params.product_ids ?? params['product_ids[]'];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const list = Array.isArray(raw)
    ? raw
    : typeof raw === 'object'
      ? Object.values(raw as Record<string, unknown>)
      : [raw];
  const ids = list
    .map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x).trim().toLowerCase() : ''))
    .filter(Boolean);
  return ids;
}

/** Validates and writes the products of a new post (inside its transaction). */
export async function attachProducts(tx: DbOrTx, statusId: string, authorId: string, productIds: string[]) {
  const ids = [...new Set(productIds)];
  if (ids.length === 0) return;
  if (ids.length > MAX_PRODUCTS_PER_POST)
    throw unprocessable('too_many_products', `A post carries at most ${MAX_PRODUCTS_PER_POST} products`, {
      max: MAX_PRODUCTS_PER_POST,
    });
  for (const id of ids)
    if (!isUuid(id))
      throw unprocessable('invalid_product', `Product ${id} does not exist or is not for sale`, { product_id: id });
  const [author] = await queryRows<{ kind: string }>(tx, sql`select kind from accounts where id = ${authorId}`);
  const found = await queryRows<{ id: string; brand_id: string; status: string }>(
    tx,
    sql`select id, brand_id, status from products where id in ${ids}`,
  );
  const byId = new Map(found.map((p) => [p.id, p]));
  for (const id of ids) {
    const p = byId.get(id);
    if (p?.status !== 'published')
      throw unprocessable('invalid_product', `Product ${id} does not exist or is not for sale`, { product_id: id });
    if (author?.kind === 'brand' && p.brand_id !== authorId)
      throw unprocessable('not_your_product', 'A brand can only attach its own products to its posts', {
        product_id: id,
      });
  }
  await queryRows(
    tx,
    sql`insert into status_products (status_id, product_id, position) values ${sql.join(
      ids.map((id, i) => sql`(${statusId}, ${id}, ${i})`),
      sql`, `,
    )}`,
  );
}

type Row = {
  status_id: string;
  product_id: string;
  title: string;
  kind: string;
  brand_id: string;
  brand_username: string;
  image: { path: string; preview_path: string; alt: string } | string | null;
  variants:
    | {
        id: string;
        options: Record<string, string>;
        price: number;
        currency: string;
        compare_at: number | null;
        stock: number;
      }[]
    | string;
};
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** The published products of each post, in the order attached: one query. */
export async function loadStatusProducts(db: DbOrTx, statusIds: string[]): Promise<Map<string, ProductSummary[]>> {
  const out = new Map<string, ProductSummary[]>();
  if (statusIds.length === 0) return out;
  const rows = await queryRows<Row>(
    db,
    sql`select sp.status_id, p.id as product_id, p.title, p.kind, p.brand_id, a.username as brand_username,
          (select json_build_object('path', i.path, 'preview_path', i.preview_path, 'alt', i.alt)
             from product_images i where i.product_id = p.id order by i.position, i.id limit 1) as image,
          coalesce((select json_agg(json_build_object('id', v.id, 'options', v.options, 'price', v.price_amount, 'currency', v.currency,
                                                      'compare_at', v.compare_at_amount, 'stock', v.stock) order by v.position, v.id)
             from variants v where v.product_id = p.id), '[]'::json) as variants
        from status_products sp
        join products p on p.id = sp.product_id and p.status = 'published'
        join accounts a on a.id = p.brand_id
        where sp.status_id in ${statusIds}
        order by sp.status_id, sp.position`,
  );
  // Sale prices of every variant shown, in one read (campaigns' price rules).
  const sales = await loadSalePrices(
    db,
    rows.flatMap((r) => json(r.variants).map((v) => v.id)),
  );
  for (const r of rows) {
    const image = r.image ? json(r.image) : null;
    const product: ProductSummary = {
      id: r.product_id,
      brandId: r.brand_id,
      brandUsername: r.brand_username,
      title: r.title,
      kind: r.kind,
      image: image ? { path: image.path, previewPath: image.preview_path, alt: image.alt } : null,
      variants: json(r.variants).map((v) => ({
        id: v.id,
        options: v.options ?? {},
        priceAmount: Number(v.price),
        currency: v.currency,
        compareAtAmount: v.compare_at === null ? null : Number(v.compare_at),
        stock: Number(v.stock),
        ...(sales.has(v.id) && { sale: sales.get(v.id) }),
      })),
    };
    out.set(r.status_id, [...(out.get(r.status_id) ?? []), product]);
  }
  return out;
}

/** The viewer's default address and payment method, when both exist (one-click buy). */
export async function oneClickDefaults(db: DbOrTx, accountId: string | null): Promise<OneClick | null> {
  if (!accountId) return null;
  const [row] = await queryRows<{ address_id: string; payment_method_id: string; card_brand: string; last4: string }>(
    db,
    sql`select a.id as address_id, pm.id as payment_method_id, pm.card_brand, pm.last4
        from addresses a, payment_methods pm
        where a.account_id = ${accountId} and a.is_default and pm.account_id = ${accountId} and pm.is_default limit 1`,
  );
  return row
    ? {
        addressId: row.address_id,
        paymentMethodId: row.payment_method_id,
        paymentLabel: `${row.card_brand} •••• ${row.last4}`,
      }
    : null;
}

export type ShoppableData = {
  products: ProductSummary[];
  oneClick: OneClick | null;
  proof: Map<string, SocialProof>;
  /** The shop tiles' badges (the rating), shown inside each product card. */
  badges?: LoadedBadges;
};

/** What the Status entity carries: `products`. */
export function presentProducts(ctx: UrlContext, products: ProductSummary[], proof?: Map<string, SocialProof>) {
  return products.map((p) => {
    const lead = leadVariant(p);
    const shown = lead && shownPrice(lead);
    const units = unitsLeft(p);
    return {
      id: p.id,
      title: p.title,
      url: `${ctx.publicUrl}${productPath(p)}`,
      image: p.image ? mediaUrl(ctx, p.image.path) : null,
      price: lead && shown ? { amount: shown.amount, currency: lead.currency } : null,
      compare_at: lead && shown?.was ? { amount: shown.was, currency: lead.currency } : null,
      in_stock: units > 0,
      stock_state: stockState(units),
      variants: p.variants.map((v) => ({
        id: v.id,
        options: v.options,
        price: { amount: shownPrice(v).amount, currency: v.currency },
        in_stock: v.stock > 0,
      })),
      ...(proof ? { social_proof: presentSocialProof(proof.get(p.id)) } : {}),
    };
  });
}

export const shoppablePosts: StatusExtension = {
  name: 'products',
  input: productIdsInput,
  async afterInsert(tx, { status, input }) {
    if (Array.isArray(input) && input.length) await attachProducts(tx, status.id, status.accountId, input as string[]);
  },
  async hydrate(db: Db, statusIds, viewerId) {
    const out = new Map<string, unknown>();
    const products = await loadStatusProducts(db, statusIds);
    if (products.size === 0) return out;
    const productIds = [...products.values()].flat().map((p) => p.id);
    const [oneClick, proof, badges] = await Promise.all([
      oneClickDefaults(db, viewerId),
      socialProof(db, viewerId, productIds),
      loadProductBadges(db, productIds),
    ]);
    for (const [statusId, list] of products)
      out.set(statusId, { products: list, oneClick, proof, badges } satisfies ShoppableData);
    return out;
  },
  // Only posts with products attached have data: found by the timeline's hydration statement.
  candidates: (ids) => `select status_id from status_products where status_id = any(${ids})`,
  present(ctx, _statusId, data) {
    const d = data as ShoppableData | undefined;
    return { products: d ? presentProducts(ctx, d.products) : [] };
  },
  render(v, statusId, data, shownAs): Child {
    const d = data as ShoppableData;
    return jsx(ProductCards, {
      v: v as ShopView,
      // Inside a repost, Buy names the repost: the order is then known to come through it (funnels).
      statusId: shownAs ?? statusId,
      products: d.products,
      oneClick: d.oneClick,
      proof: d.proof,
      badges: d.badges,
    });
  },
  async composer(db, v, authorId, params) {
    const [author] = await queryRows<{ kind: string; display_name: string; username: string }>(
      db,
      sql`select kind, display_name, username from accounts where id = ${authorId}`,
    );
    if (author?.kind !== 'brand') return null;
    const products = await queryRows<{ id: string; title: string; price: number; currency: string }>(
      db,
      sql`select p.id, p.title, min(v.price_amount)::int as price, min(v.currency) as currency
          from products p left join variants v on v.product_id = p.id
          where p.brand_id = ${authorId} and p.status = 'published'
          group by p.id order by p.id desc limit 60`,
    );
    const checked = new Set(params ? (productIdsInput(params) ?? []) : []);
    return jsx(ProductPicker, {
      v: v as ShopView,
      brandName: author.display_name || author.username,
      products,
      checked,
      max: MAX_PRODUCTS_PER_POST,
    });
  },
};

/** Reply-to-buy: a reply with the brand's buy keyword to a shoppable post becomes an order to confirm. */
export const replyToBuy: StatusExtension = {
  name: 'reply_to_buy',
  async afterInsert(tx, { status }) {
    return replyToBuyCandidate(tx, status);
  },
  async published(app: AppContext, statusId: string) {
    // Someone on another server cannot be charged from here: the brand answers with a link instead.
    if (await answerRemoteBuyer(app, statusId)) return;
    await handleReplyToBuy(app, statusId);
  },
};

/** Called once per app context by the composition root (src/links/extensions.ts). */
export function registerShoppablePosts(extensions: Pick<AppExtensions, 'statuses'>) {
  extensions.statuses.register(shoppablePosts);
  extensions.statuses.register(replyToBuy);
}
