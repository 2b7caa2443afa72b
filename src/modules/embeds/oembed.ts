/**
 * oEmbed (https://oembed.com): a Comptoir page's URL (a product, a post, a brand, a space) becomes
 * the `rich` answer whose `html` is the matching widget's iframe and the resizing script, so
 * pasting the link in WordPress or any oEmbed consumer embeds it. Only what an anonymous visitor
 * may read resolves; everything else is unknown (404).
 */
import { findBrand, profileUrl } from '../accounts';
import { translate, type Locale } from '../../web/i18n';
import { postWidget, productWidget, reviewsWidget, spaceWidget } from './widgets';
import type { Account } from '../accounts';
import type { Db } from '../../db/client';

export type WidgetKind = 'reviews' | 'posts' | 'product' | 'post' | 'space';
export type WidgetRef = { kind: WidgetKind; id: string };

/** Each widget's page under /embed/. */
export function embedPath(ref: WidgetRef): string {
  switch (ref.kind) {
    case 'reviews':
      return `/embed/brands/${ref.id}/reviews`;
    case 'posts':
      return `/embed/brands/${ref.id}/posts`;
    case 'product':
      return `/embed/products/${ref.id}`;
    case 'post':
      return `/embed/posts/${ref.id}`;
    case 'space':
      return `/embed/spaces/${ref.id}`;
  }
}

/** The iframe's size before the script fits it to its content (and oEmbed's width and height). */
export const WIDGET_SIZES: Record<WidgetKind, { width: number; height: number }> = {
  reviews: { width: 480, height: 560 },
  posts: { width: 480, height: 640 },
  product: { width: 420, height: 240 },
  post: { width: 480, height: 320 },
  space: { width: 480, height: 480 },
};

const attr = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The HTML a host page pastes: the widget's iframe, then the script that resizes it. */
export function embedSnippet(
  publicUrl: string,
  ref: WidgetRef,
  title: string,
  size = WIDGET_SIZES[ref.kind],
  lang?: Locale,
): string {
  const src = `${publicUrl}${embedPath(ref)}${lang ? `?lang=${lang}` : ''}`;
  return (
    `<iframe src="${attr(src)}" title="${attr(title)}" width="${size.width}" height="${size.height}"` +
    ` style="border:0;max-width:100%" loading="lazy"></iframe>` +
    `<script async src="${attr(`${publicUrl}/embed.js`)}"></script>`
  );
}

type Resolved = { ref: WidgetRef; title: string; author: Account };
type OEmbedContext = { db: Db; config: { publicUrl: string } };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const USER = '@([A-Za-z0-9_]{1,30})';
const sameName = (a: Account, name: string) => a.username.toLowerCase() === name.toLowerCase();

/** The widget a page URL of ours stands for, when that page is public; null otherwise. */
export async function resolvePage(ctx: OEmbedContext, locale: Locale, pageUrl: string): Promise<Resolved | null> {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(ctx.config.publicUrl).origin) return null;
  const path = url.pathname.replace(/\/+$/, '');
  let m = path.match(new RegExp(`^/${USER}/products/(${UUID})$`));
  if (m) {
    const w = await productWidget(ctx, m[2]);
    if (!w || !sameName(w.brand, m[1])) return null;
    return { ref: { kind: 'product', id: w.product.id }, title: w.product.title, author: w.brand };
  }
  m = path.match(new RegExp(`^/${USER}/(${UUID})$`));
  if (m) {
    const w = await postWidget(ctx, m[2]);
    if (!w || !sameName(w.author, m[1])) return null;
    const name = w.author.displayName || w.author.username;
    return {
      ref: { kind: 'post', id: w.posts[0].id },
      title: translate(locale, 'social.post.title', { name }),
      author: w.author,
    };
  }
  m = path.match(new RegExp(`^/${USER}(?:/shop)?$`));
  if (m) {
    const brand = await findBrand(ctx, m[1]);
    const w = brand ? await reviewsWidget(ctx, brand.id) : null;
    if (!w) return null;
    const name = w.brand.displayName || w.brand.username;
    return {
      ref: { kind: 'reviews', id: w.brand.id },
      title: translate(locale, 'embed.reviews.title', { brand: name }),
      author: w.brand,
    };
  }
  m = path.match(new RegExp(`^/spaces/(${UUID})$`));
  if (m) {
    const w = await spaceWidget(ctx, m[1]);
    if (!w) return null;
    return { ref: { kind: 'space', id: w.space.id }, title: w.space.name, author: w.brand };
  }
  return null;
}

export type OEmbed = {
  type: 'rich';
  version: '1.0';
  html: string;
  width: number;
  height: number;
  provider_name: 'Comptoir';
  provider_url: string;
  title: string;
  author_name: string;
  author_url: string;
};

/** The `rich` answer, its size within maxwidth/maxheight when the consumer gives them. */
export function oembedOf(
  config: { publicUrl: string },
  found: Resolved,
  bounds: { maxwidth?: number; maxheight?: number },
): OEmbed {
  const base = WIDGET_SIZES[found.ref.kind];
  const width = Math.max(1, Math.min(base.width, bounds.maxwidth ?? base.width));
  const height = Math.max(1, Math.min(base.height, bounds.maxheight ?? base.height));
  return {
    type: 'rich',
    version: '1.0',
    html: embedSnippet(config.publicUrl, found.ref, found.title, { width, height }),
    width,
    height,
    provider_name: 'Comptoir',
    provider_url: `${config.publicUrl}/`,
    title: found.title,
    author_name: found.author.displayName || found.author.username,
    author_url: profileUrl(config, found.author),
  };
}
