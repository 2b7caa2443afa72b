/**
 * Link previews of this server's own pages (social ↔ commerce): a post linking to a product page
 * (`/@brand/products/<id>`) previews the product from our data, as it is now, without an HTTP
 * request. Registered with social's link-card extension by src/boot.ts.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../db/client';
import { mediaUrl } from '../modules/accounts';
import { descriptionText } from '../modules/commerce';
import { linkCardExtension, type Card } from '../modules/social';
import type { AppExtensions } from './extensions';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const PRODUCT_PATH = new RegExp(`^/@([A-Za-z0-9_]{1,30})/products/(${UUID})/?$`);

type Row = {
  id: string;
  title: string;
  description: string;
  username: string;
  display_name: string;
  image: { path: string; width: number; height: number; alt: string } | string | null;
};

/** Cards for the product pages among these URLs of this server: published products of active brands. */
export function productCards(publicUrl: string) {
  return async (db: DbOrTx, urls: string[]): Promise<Map<string, Card>> => {
    const out = new Map<string, Card>();
    const wanted = urls.flatMap((url) => {
      const m = PRODUCT_PATH.exec(new URL(url).pathname);
      return m ? [{ url, username: m[1].toLowerCase(), id: m[2].toLowerCase() }] : [];
    });
    if (wanted.length === 0) return out;
    const rows = await queryRows<Row>(
      db,
      sql`select p.id, p.title, p.description, a.username, a.display_name,
            (select json_build_object('path', i.path, 'width', i.width, 'height', i.height, 'alt', i.alt)
               from product_images i where i.product_id = p.id order by i.position, i.id limit 1) as image
          from products p join accounts a on a.id = p.brand_id
          where p.id in ${[...new Set(wanted.map((w) => w.id))]} and p.status = 'published' and a.suspended_at is null`,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ctx = { publicUrl };
    for (const w of wanted) {
      const p = byId.get(w.id);
      if (!p || p.username.toLowerCase() !== w.username) continue;
      const image = typeof p.image === 'string' ? (JSON.parse(p.image) as Exclude<Row['image'], string>) : p.image;
      out.set(w.url, {
        url: w.url,
        title: p.title,
        description: descriptionText(p.description, 300),
        authorName: p.display_name || p.username,
        authorUrl: `${publicUrl}/@${p.username}`,
        providerName: new URL(publicUrl).host,
        providerUrl: publicUrl,
        image: image ? mediaUrl(ctx, image.path) : null,
        imageDescription: image?.alt ?? '',
        width: image ? Number(image.width) : 0,
        height: image ? Number(image.height) : 0,
        language: null,
        publishedAt: null,
      });
    }
    return out;
  };
}

/** Social's link previews, with product pages previewed from our own data. Idempotent. */
export function registerLinkCards(extensions: Pick<AppExtensions, 'statuses'>, publicUrl: string) {
  extensions.statuses.register(linkCardExtension({ publicUrl, previewLocal: productCards(publicUrl) }));
}
