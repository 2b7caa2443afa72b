/**
 * The product page: gallery, title, price with VAT, variant choice, stock state, the Buy form,
 * the rendered description, the attributes table and room for reviews. Works without JavaScript:
 * choosing a variant is a GET form (app.js submits it on change), buying is a plain POST form.
 */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { mediaSrc } from '../../../web/components';
import {
  formatDecimalAmount,
  productPagePath,
  renderDescription,
  schemaOrgAvailability,
  stockState,
  unitsLeft,
  type ProductView,
  type ShownVariant as Variant,
  shownPrice,
} from '../catalog';
import { productJsonLdExtras, renderLoaded, type LoadedExtensions, type ProductPageExtension } from '../extensions';
import { vatIncluded } from '../money';
import { ProductPlaceholder } from './product-placeholder';
import { saleOffer, SaleTag } from './sale-tag';
import { money, StockBadge, type CatalogView } from './product-shop';
import { WithdrawalNotice } from '../withdrawal/product-notice';

/** "Taille M · Bleu", or the SKU when the variant has no options. */
export const variantName = (variant: Pick<Variant, 'options' | 'sku'>) =>
  Object.values(variant.options).join(' · ') || variant.sku;

/** The variant a page shows: the one asked for, else the first in stock, else the first. */
export function pickVariant(product: ProductView, wanted: string | undefined): Variant | null {
  return (
    product.variants.find((v) => v.id === wanted) ??
    product.variants.find((v) => v.stock > 0) ??
    product.variants[0] ??
    null
  );
}

/**
 * Main photo and, with several, one thumbnail per photo. Without JavaScript a thumbnail is a link
 * to this page with `?image=N` (the server shows that photo); app.js swaps the photo in place.
 */
const Gallery: FC<{ v: CatalogView; product: ProductView; shown: number; hrefFor: (index: number) => string }> = ({
  v,
  product,
  shown,
  hrefFor,
}) => {
  if (product.images.length === 0) {
    return (
      <div class="product-gallery is-empty">
        <ProductPlaceholder class="product-gallery-placeholder" label={v.t('catalog.product.no_image')} />
      </div>
    );
  }
  const index = shown >= 0 && shown < product.images.length ? shown : 0;
  const main = product.images[index];
  const count = product.images.length;
  return (
    <div class="product-gallery" id="gallery">
      <a href={mediaSrc(main.path)} class="product-gallery-main">
        <img
          src={mediaSrc(main.path)}
          alt={main.alt}
          width={String(main.width)}
          height={String(main.height)}
          decoding="async"
        />
      </a>
      {count > 1 ? (
        <ul class="product-gallery-thumbs" aria-label={v.t('catalog.product.more_images')}>
          {product.images.map((image, i) => (
            <li>
              <a
                href={hrefFor(i)}
                aria-current={i === index ? 'true' : undefined}
                aria-label={v.t('catalog.product.show_image', { n: i + 1, count })}
                data-full={mediaSrc(image.path)}
                data-alt={image.alt}
                data-width={String(image.width)}
                data-height={String(image.height)}
              >
                <img
                  src={mediaSrc(image.previewPath)}
                  alt=""
                  width="400"
                  height="400"
                  loading="lazy"
                  decoding="async"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

const PriceBlock: FC<{ v: CatalogView; variant: Variant; vatRateBp: number | null }> = ({ v, variant, vatRateBp }) => {
  const shown = shownPrice(variant);
  const vat = vatRateBp === null ? null : vatIncluded(shown.amount, vatRateBp);
  const rate =
    vatRateBp === null
      ? ''
      : new Intl.NumberFormat(v.locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 }).format(
          vatRateBp / 100,
        );
  return (
    <div class="product-price">
      <p>
        <span class="price price-large">{money(v, shown.amount, variant.currency)}</span>
        {shown.was !== null ? (
          <s class="price-old">
            <span class="visually-hidden">{v.t('catalog.price.was')} </span>
            {money(v, shown.was, variant.currency)}
          </s>
        ) : null}{' '}
        <abbr class="price-tax" title={v.t('catalog.price.incl_vat_long')}>
          {v.t('catalog.price.incl_vat')}
        </abbr>
      </p>
      {shown.sale ? (
        <p class="price-sale">
          <SaleTag v={v} sale={shown.sale} />
        </p>
      ) : null}
      {vat !== null ? (
        <p class="price-vat muted">{v.t('catalog.price.vat_fr', { rate, amount: money(v, vat, variant.currency) })}</p>
      ) : null}
    </div>
  );
};

const VariantChooser: FC<{ v: CatalogView; product: ProductView; selected: Variant }> = ({ v, product, selected }) => {
  if (product.variants.length < 2) return null;
  const action = productPagePath(product.brand, product);
  // Label the choice by what varies ("Taille / Couleur"), else "Variant".
  const names = [...new Set(product.variants.flatMap((variant) => Object.keys(variant.options)))];
  return (
    <form method="get" action={action} class="variant-chooser">
      <div class="field">
        <label for="variant-select">{names.length ? names.join(' / ') : v.t('catalog.product.choose')}</label>
        <select id="variant-select" name="variant" data-autosubmit="">
          {product.variants.map((variant) => {
            const state = stockState(variant.stock);
            const stock =
              state === 'out_of_stock'
                ? v.t('catalog.stock.out')
                : state === 'low_stock'
                  ? v.t('catalog.stock.low', { count: variant.stock })
                  : v.t('catalog.stock.in');
            return (
              <option value={variant.id} selected={variant.id === selected.id}>
                {`${variantName(variant)} — ${money(v, shownPrice(variant).amount, variant.currency)} — ${stock}`}
              </option>
            );
          })}
        </select>
      </div>
      <button type="submit" class="button secondary small" data-autosubmit-hide="">
        {v.t('catalog.product.choose_button')}
      </button>
    </form>
  );
};

/**
 * The Buy form. POST /cart/items adds to the cart; "Buy now" posts the same fields to
 * /checkout/now (formaction). Those routes belong to the checkout pages.
 */
const BuyForm: FC<{ v: CatalogView; product: ProductView; variant: Variant }> = ({ v, product, variant }) => {
  const out = variant.stock <= 0;
  const max = Math.max(1, Math.min(variant.stock, 1000));
  return (
    <form method="post" action="/cart/items" class="buy-box" aria-label={v.t('catalog.product.buy_label')}>
      <input type="hidden" name="_csrf" value={v.csrf} />
      <input type="hidden" name="variant_id" value={variant.id} />
      <input type="hidden" name="next" value={productPagePath(product.brand, product)} />
      <p class="buy-stock">
        <StockBadge v={v} units={variant.stock} />
        {product.variants.length > 1 ? <span class="muted"> · {variantName(variant)}</span> : null}
      </p>
      {product.kind === 'virtual' ? <p class="muted small-print">{v.t('catalog.product.virtual')}</p> : null}
      <WithdrawalNotice v={v} exclusion={product.withdrawalExclusion} />
      <div class="buy-row">
        <div class="field buy-quantity">
          <label for="buy-quantity">{v.t('catalog.product.quantity')}</label>
          <input
            id="buy-quantity"
            name="quantity"
            type="number"
            inputmode="numeric"
            min="1"
            max={String(max)}
            step="1"
            value="1"
            required
            disabled={out || undefined}
          />
        </div>
        {/* With htmx the cart fills in place (and the header's count follows); without, /cart opens. */}
        <button
          type="submit"
          class="button secondary"
          disabled={out || undefined}
          hx-post="/cart/items"
          hx-target="#buy-added"
          hx-swap="innerHTML"
        >
          {v.t('catalog.product.add_to_cart')}
        </button>
        <button type="submit" class="button primary" formaction="/checkout/now" disabled={out || undefined}>
          {v.t('catalog.product.buy_now')}
        </button>
      </div>
      <div id="buy-added" aria-live="polite"></div>
    </form>
  );
};

export const ProductPage: FC<{
  v: CatalogView;
  product: ProductView;
  selected: Variant | null;
  vatRateBp: number | null;
  manages: boolean;
  team: boolean;
  extensions?: LoadedExtensions<ProductPageExtension>;
  /** The photo shown first (`?image=N`, from 0), and the variant asked for, kept in the thumbnails' links. */
  image?: number;
  variantParam?: string;
}> = ({ v, product, selected, vatRateBp, manages, team, extensions, image = 0, variantParam }) => {
  const description = renderDescription(product.description);
  const attributes = Object.entries(product.attributes);
  const brandName = product.brand.displayName || product.brand.username;
  return (
    <article class="product-page" aria-labelledby="product-title">
      <nav class="breadcrumbs" aria-label={v.t('catalog.product.breadcrumbs')}>
        <a href={`/@${product.brand.username}`}>{brandName}</a>
        <span aria-hidden="true"> › </span>
        <a href={`/@${product.brand.username}/shop`}>{v.t('catalog.shop.tab')}</a>
      </nav>
      <div class="product-layout">
        <Gallery
          v={v}
          product={product}
          shown={image}
          hrefFor={(i) => `?${variantParam ? `variant=${encodeURIComponent(variantParam)}&` : ''}image=${i}#gallery`}
        />
        <div class="product-info stack">
          <header>
            {product.status === 'draft' && team ? (
              <p class="flash flash-warning">{v.t('catalog.product.draft_notice')}</p>
            ) : null}
            <h1 id="product-title">{product.title}</h1>
            <p class="muted">
              {v.t('catalog.product.by')} <a href={`/@${product.brand.username}`}>{brandName}</a>
            </p>
          </header>
          {selected ? (
            <>
              <PriceBlock v={v} variant={selected} vatRateBp={vatRateBp} />
              <VariantChooser v={v} product={product} selected={selected} />
              <BuyForm v={v} product={product} variant={selected} />
            </>
          ) : (
            <p class="flash flash-info">{v.t('catalog.product.unavailable')}</p>
          )}
          {manages ? (
            <p>
              <a class="button ghost small" href={`/brands/${product.brand.username}/products/${product.id}/edit`}>
                {v.t('catalog.product.edit')}
              </a>
            </p>
          ) : null}
        </div>
      </div>
      {description ? (
        <section class="product-description card" aria-labelledby="description-title">
          <h2 id="description-title">{v.t('catalog.product.description')}</h2>
          <div class="prose">{raw(description)}</div>
        </section>
      ) : null}
      {attributes.length ? (
        <section class="card" aria-labelledby="attributes-title">
          <h2 id="attributes-title">{v.t('catalog.product.attributes')}</h2>
          <table class="product-attributes">
            <tbody>
              {attributes.map(([name, value]) => (
                <tr>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {extensions?.length ? (
        renderLoaded(v, extensions)
      ) : (
        <section id="reviews" class="card product-reviews" aria-labelledby="reviews-title">
          <h2 id="reviews-title">{v.t('catalog.product.reviews')}</h2>
          <p class="muted">{v.t('catalog.product.reviews_soon')}</p>
        </section>
      )}
    </article>
  );
};

// Link previews -----------------------------------------------------------------------------------

/** JSON for a <script> element: `<`, `>`, `&` and line separators escaped so no text can close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
const availability = (units: number) => schemaOrgAvailability(stockState(units));
/** schema.org Product with an Offer (one variant) or an AggregateOffer (several), prices as decimal strings. */
export function productJsonLd(
  publicUrl: string,
  product: ProductView,
  plainDescription: string,
  extras: Record<string, unknown> = {},
) {
  const url = `${publicUrl}${productPagePath(product.brand, product)}`;
  const images = product.images.map((i) => `${publicUrl}/media/${i.path}`);
  const offer = (variant: Variant) => ({
    '@type': 'Offer',
    sku: variant.sku,
    price: formatDecimalAmount(shownPrice(variant).amount),
    priceCurrency: variant.currency,
    ...saleOffer(variant),
    availability: availability(variant.stock),
    url: `${url}?variant=${variant.id}`,
    itemCondition: 'https://schema.org/NewCondition',
  });
  const sorted = [...product.variants].sort((a, b) => shownPrice(a).amount - shownPrice(b).amount);
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: plainDescription,
    url,
    brand: { '@type': 'Brand', name: product.brand.displayName || product.brand.username },
  };
  if (images.length) data.image = images;
  if (product.variants.length === 1) {
    data.sku = product.variants[0].sku;
    data.offers = { ...offer(product.variants[0]), url };
  } else if (product.variants.length > 1) {
    data.sku = sorted[0].sku;
    data.offers = {
      '@type': 'AggregateOffer',
      lowPrice: formatDecimalAmount(shownPrice(sorted[0]).amount),
      highPrice: formatDecimalAmount(shownPrice(sorted[sorted.length - 1]).amount),
      priceCurrency: sorted[0].currency,
      offerCount: product.variants.length,
      availability: availability(unitsLeft(product)),
      url,
      offers: product.variants.map(offer),
    };
  }
  return { ...data, ...extras };
}

/** The product's extra <head>: Open Graph product price tags and the JSON-LD. */
export const ProductHead: FC<{
  publicUrl: string;
  product: ProductView;
  selected: Variant | null;
  plainDescription: string;
  extensions?: LoadedExtensions<ProductPageExtension>;
}> = ({ publicUrl, product, selected, plainDescription, extensions }) => (
  <>
    {selected ? (
      <meta property="product:price:amount" content={formatDecimalAmount(shownPrice(selected).amount)} />
    ) : null}
    {selected ? <meta property="product:price:currency" content={selected.currency} /> : null}
    {selected ? (
      <meta
        property="product:availability"
        content={stockState(selected.stock) === 'out_of_stock' ? 'oos' : 'instock'}
      />
    ) : null}
    {product.images[0] ? <meta property="og:image:alt" content={product.images[0].alt || product.title} /> : null}
    {product.images[0] ? <meta name="twitter:image:alt" content={product.images[0].alt || product.title} /> : null}
    <script type="application/ld+json">
      {raw(jsonForScript(productJsonLd(publicUrl, product, plainDescription, productJsonLdExtras(extensions))))}
    </script>
  </>
);
