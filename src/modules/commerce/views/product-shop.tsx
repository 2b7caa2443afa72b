/** A brand's Shop tab: its header with the profile tabs, collection filters and the product grid. */
import type { Child, FC } from 'hono/jsx';
import { Avatar, headerSrc, mediaSrc } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import type { Account } from '../../accounts';
import {
  priceRange,
  stockState,
  unitsLeft,
  type StockState,
  productPagePath,
  type CollectionView,
  type ProductView,
} from '../catalog';
import { renderBadges, type LoadedBadges } from '../extensions';
import { formatMoney } from '../money';
import { ProductPlaceholder } from './product-placeholder';
import { SaleTag } from './sale-tag';
import { BrandLegalLink } from '../legal/views';

/** What the catalog's views need of the page. */
export type CatalogView = { t: T; locale: Locale; csrf: string; publicUrl: string };

export const money = (v: Pick<CatalogView, 'locale'>, amount: number, currency: string) =>
  formatMoney(amount, currency, v.locale);

// The stylesheet's names for the badge of each state.
const BADGE_CLASS: Record<StockState, string> = {
  in_stock: 'is-in_stock',
  low_stock: 'is-low',
  out_of_stock: 'is-out',
};

/** "In stock" / "Only 3 left" / "Sold out", with a shape besides the colour. */
export const StockBadge: FC<{ v: CatalogView; units: number }> = ({ v, units }) => {
  const state = stockState(units);
  const text =
    state === 'out_of_stock'
      ? v.t('catalog.stock.out')
      : state === 'low_stock'
        ? v.t('catalog.stock.low', { count: units })
        : v.t('catalog.stock.in');
  return (
    <span class={`stock-badge ${BADGE_CLASS[state]}`}>
      <span aria-hidden="true">{state === 'out_of_stock' ? '○ ' : state === 'low_stock' ? '◐ ' : '● '}</span>
      {text}
    </span>
  );
};

/**
 * "12,50 €", or "à partir de 9,90 €" when variants differ; the struck-through compare-at price when
 * there is one. A sale on the cheapest variant shows its reference price and label even after "from".
 */
export const PriceFrom: FC<{ v: CatalogView; product: ProductView }> = ({ v, product }) => {
  const range = priceRange(product);
  if (!range) return <span class="muted">{v.t('catalog.price.none')}</span>;
  const from = range.min !== range.max;
  return (
    <span class="price-line">
      {from ? <span class="price-from">{v.t('catalog.price.from')} </span> : null}
      <span class="price">{money(v, range.min, range.currency)}</span>
      {(!from || range.sale) && range.compareAt && range.compareAt > range.min ? (
        <s class="price-old">
          <span class="visually-hidden">{v.t('catalog.price.was')} </span>
          {money(v, range.compareAt, range.currency)}
        </s>
      ) : null}
      <SaleTag v={v} sale={range.sale} />
    </span>
  );
};

export const ProductTile: FC<{ v: CatalogView; product: ProductView; badges?: LoadedBadges }> = ({
  v,
  product,
  badges,
}) => {
  const image = product.images[0];
  const href = productPagePath(product.brand, product);
  return (
    <li class="product-tile">
      <a href={href} class="product-tile-link" tabindex={-1} aria-hidden="true">
        {image ? (
          <img
            class="product-tile-image"
            src={mediaSrc(image.previewPath)}
            alt=""
            width="400"
            height="400"
            loading="lazy"
            decoding="async"
          />
        ) : (
          <ProductPlaceholder class="product-tile-image product-tile-placeholder" />
        )}
      </a>
      <div class="product-tile-body">
        <h3 class="product-tile-title">
          <a href={href}>{product.title}</a>
        </h3>
        {product.status === 'draft' ? <span class="badge badge-muted">{v.t('catalog.status.draft')}</span> : null}
        <PriceFrom v={v} product={product} />
        <StockBadge v={v} units={unitsLeft(product)} />
        {renderBadges(v, badges, product.id)}
      </div>
    </li>
  );
};

export type ShopTab = 'posts' | 'replies' | 'media' | 'shop';

/**
 * The brand's header as its profile shows it (banner, logo, names) with the profile's tabs, Shop
 * selected. Follow and block buttons live on the profile page itself.
 */
export const BrandShopHeader: FC<{ v: CatalogView; brand: Account; manages: boolean; children?: Child }> = ({
  v,
  brand,
  manages,
  children,
}) => {
  const base = `/@${brand.username}`;
  return (
    <section class="profile-header is-brand shop-header" aria-labelledby="profile-name">
      <div class="profile-banner">
        <img src={headerSrc(brand)} alt="" width="1500" height="500" />
      </div>
      <div class="profile-main">
        <Avatar account={brand} size="xl" class="profile-avatar is-brand" />
        <div class="profile-names">
          <h1 id="profile-name">
            {brand.displayName || brand.username}{' '}
            <span class="badge badge-brand">{v.t('catalog.shop.brand_badge')}</span>
          </h1>
          <p class="handle">@{brand.username}</p>
        </div>
        <div class="profile-actions">
          {manages ? (
            <a class="button secondary small" href={`/brands/${brand.username}/products`}>
              {v.t('catalog.shop.manage')}
            </a>
          ) : (
            <a class="button secondary small" href={base}>
              {v.t('catalog.shop.see_profile')}
            </a>
          )}
        </div>
      </div>
      <nav class="tabs" aria-label={v.t('social.profile.tabs')}>
        <a href={base}>{v.t('social.profile.tab_posts')}</a>
        <a href={`${base}/with_replies`}>{v.t('social.profile.tab_replies')}</a>
        <a href={`${base}/media`}>{v.t('social.profile.tab_media')}</a>
        <a href={`${base}/shop`} aria-current="page">
          {v.t('catalog.shop.tab')}
        </a>
      </nav>
      {children}
    </section>
  );
};

export const ShopPage: FC<{
  v: CatalogView;
  brand: Account;
  manages: boolean;
  products: ProductView[];
  collections: CollectionView[];
  collectionId: string | null;
  older: string | null;
  badges?: LoadedBadges;
}> = ({ v, brand, manages, products, collections, collectionId, older, badges }) => {
  const base = `/@${brand.username}/shop`;
  const shown = collections.filter((c) => c.productIds.length > 0);
  const current = collections.find((c) => c.id === collectionId) ?? null;
  return (
    <div class="shop-page">
      <BrandShopHeader v={v} brand={brand} manages={manages} />
      <section aria-labelledby="shop-title" class="stack">
        <h2 id="shop-title" class="shop-title">
          {current
            ? v.t('catalog.shop.collection_title', { name: current.title })
            : v.t('catalog.shop.title', { name: brand.displayName || brand.username })}
        </h2>
        {shown.length > 0 ? (
          <nav class="shop-filters" aria-label={v.t('catalog.shop.filters')}>
            <a class="chip" href={base} aria-current={collectionId ? undefined : 'page'}>
              {v.t('catalog.shop.all')}
            </a>
            {shown.map((c) => (
              <a
                class="chip"
                href={`${base}?collection=${c.id}`}
                aria-current={c.id === collectionId ? 'page' : undefined}
              >
                {c.title}
                <span class="chip-count">
                  <span class="visually-hidden">, </span>
                  {v.t('catalog.shop.count', { count: c.productIds.length })}
                </span>
              </a>
            ))}
          </nav>
        ) : null}
        {current?.description ? <p class="lead">{current.description}</p> : null}
        {products.length ? (
          <ul class="product-grid shop-grid">
            {products.map((p) => (
              <ProductTile v={v} product={p} badges={badges} />
            ))}
          </ul>
        ) : (
          <p class="empty-state card">{manages ? v.t('catalog.shop.empty_team') : v.t('catalog.shop.empty')}</p>
        )}
        {older ? (
          <nav class="pagination" aria-label={v.t('pagination.label')}>
            <span></span>
            <a class="button secondary" href={older} rel="next">
              {v.t('catalog.shop.more')}
              <span aria-hidden="true"> →</span>
            </a>
          </nav>
        ) : null}
        <BrandLegalLink t={v.t} username={brand.username} />
      </section>
    </div>
  );
};
