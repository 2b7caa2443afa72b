/**
 * Products as posts show them: the card under a shoppable post (image, name, price, stock state,
 * social proof, Buy and one-click buy). Without JavaScript "Buy" is a link to the full checkout
 * page; shop.js opens the same content in a <dialog> on the page instead.
 */
import type { FC } from 'hono/jsx';
import { Avatar, mediaSrc } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import { shownPrice, stockState, unitsLeft, type ProductSummary, type VariantSummary } from '../catalog';
import { renderBadges, type LoadedBadges } from '../extensions';
import { formatMoney } from '../money';
import type { SocialProof } from '../social-proof';
import { ProductPlaceholder } from './product-placeholder';
import { SaleTag } from './sale-tag';

/** What these views need of the page (social's ViewContext has the same shape). */
export type ShopView = { t: T; locale: Locale; csrf: string; viewerId: string | null; back: string };

export const money = (v: Pick<ShopView, 'locale'>, amount: number, currency: string) =>
  formatMoney(amount, currency, v.locale);

export const productPath = (p: Pick<ProductSummary, 'id' | 'brandUsername'>) => `/@${p.brandUsername}/products/${p.id}`;
export const variantLabel = (variant: Pick<VariantSummary, 'options'>) => Object.values(variant.options).join(' · ');

/** The cheapest variant in stock (else the cheapest): the price a card shows. */
export function leadVariant(p: ProductSummary): VariantSummary | null {
  const sorted = [...p.variants].sort((a, b) => shownPrice(a).amount - shownPrice(b).amount);
  return sorted.find((v) => v.stock > 0) ?? sorted[0] ?? null;
}

/** The viewer's saved defaults, when both exist: one-click buy is possible. */
export type OneClick = { addressId: string; paymentMethodId: string; paymentLabel: string };

export const StockBadge: FC<{ v: ShopView; units: number }> = ({ v, units }) => {
  const state = stockState(units);
  const text =
    state === 'out_of_stock'
      ? v.t('shop.stock.out')
      : state === 'low_stock'
        ? v.t('shop.stock.low', { count: units })
        : v.t('shop.stock.in');
  return <span class={`stock-state is-${state.replace(/_/g, '-')}`}>{text}</span>;
};

export const Price: FC<{ v: ShopView; amount: number; currency: string; compareAt?: number | null }> = ({
  v,
  amount,
  currency,
  compareAt,
}) => (
  <span class="price-line">
    <span class="price">{money(v, amount, currency)}</span>
    {compareAt && compareAt > amount ? (
      <s class="price-old">
        <span class="visually-hidden">{v.t('shop.price.was')} </span>
        {money(v, compareAt, currency)}
      </s>
    ) : null}
  </span>
);

/** A variant's price as shown: the sale price, the reference price struck through and the sale's label during a sale. */
export const VariantPrice: FC<{ v: ShopView; variant: VariantSummary }> = ({ v, variant }) => {
  const shown = shownPrice(variant);
  return (
    <>
      <Price v={v} amount={shown.amount} currency={variant.currency} compareAt={shown.was} />
      <SaleTag v={v} sale={shown.sale} />
    </>
  );
};

/** "Camille, Léo and 2 others you follow liked this · 3 people you follow bought it". Nothing for visitors. */
export const SocialProofLine: FC<{ v: ShopView; proof: SocialProof | undefined }> = ({ v, proof }) => {
  if (!proof || (proof.likers.count === 0 && proof.buyers === 0)) return null;
  const names = proof.likers.accounts.map((a) => a.displayName || `@${a.username}`);
  const others = proof.likers.count - names.length;
  let liked = '';
  if (proof.likers.count > 0) {
    const list =
      names.length === 1
        ? names[0]
        : `${names.slice(0, -1).join(', ')} ${v.t('shop.proof.and')} ${names[names.length - 1]}`;
    liked =
      others > 0
        ? v.t('shop.proof.liked_others', { names: names.join(', '), count: others })
        : names.length === 1
          ? v.t('shop.proof.liked_one', { names: list })
          : v.t('shop.proof.liked', { names: list });
  }
  return (
    <p class="social-proof">
      {proof.likers.accounts.length ? (
        <span class="social-proof-avatars" aria-hidden="true">
          {proof.likers.accounts.map((a) => (
            <Avatar account={a} size="xs" class={a.kind === 'brand' ? 'is-brand' : undefined} />
          ))}
        </span>
      ) : null}
      <span>
        {liked}
        {liked && proof.buyers ? ' · ' : ''}
        {proof.buyers ? v.t('shop.proof.bought', { count: proof.buyers }) : ''}
      </span>
    </p>
  );
};

export const buyHref = (variantId: string, sourceStatusId: string | null, quantity = 1) =>
  `/checkout/now?variant_id=${variantId}${quantity !== 1 ? `&quantity=${quantity}` : ''}${sourceStatusId ? `&source_status_id=${sourceStatusId}` : ''}`;

/** "Acheter en 1 clic": a POST with CSRF and an idempotency key made at render, so a double click makes one order. */
export const OneClickForm: FC<{
  v: ShopView;
  variantId: string;
  sourceStatusId: string | null;
  oneClick: OneClick;
  label?: string;
}> = ({ v, variantId, sourceStatusId, oneClick, label }) => (
  <form
    method="post"
    action="/checkout/now"
    class="one-click-form"
    hx-post="/checkout/now"
    hx-target="this"
    hx-swap="outerHTML"
    hx-disabled-elt="find button"
  >
    <input type="hidden" name="_csrf" value={v.csrf} />
    <input type="hidden" name="idempotency_key" value={crypto.randomUUID()} />
    <input type="hidden" name="variant_id" value={variantId} />
    <input type="hidden" name="quantity" value="1" />
    <input type="hidden" name="address_id" value={oneClick.addressId} />
    <input type="hidden" name="payment_method_id" value={oneClick.paymentMethodId} />
    <input type="hidden" name="one_click" value="1" />
    {sourceStatusId ? <input type="hidden" name="source_status_id" value={sourceStatusId} /> : null}
    <button
      type="submit"
      class="button secondary small one-click"
      title={v.t('shop.one_click.hint', { card: oneClick.paymentLabel })}
    >
      {label ?? v.t('shop.one_click.button')}
    </button>
  </form>
);

/** One product under a post. */
export const ProductCard: FC<{
  v: ShopView;
  product: ProductSummary;
  statusId: string | null;
  oneClick: OneClick | null;
  proof?: SocialProof;
  ownBrand?: boolean;
  /** Lines other modules add (the product's rating), inside the card they belong to. */
  badges?: LoadedBadges;
}> = ({ v, product, statusId, oneClick, proof, ownBrand, badges }) => {
  const lead = leadVariant(product);
  const units = unitsLeft(product);
  const href = productPath(product);
  const inStock = units > 0 && lead !== null;
  const buyable = inStock && !ownBrand;
  const singleChoice = product.variants.filter((x) => x.stock > 0).length === 1;
  const titleId = `product-${statusId ?? 'x'}-${product.id}`;
  return (
    <div class="product-card" data-product-id={product.id} aria-labelledby={titleId} role="group">
      <a href={href} tabindex={-1} aria-hidden="true" class="product-card-media">
        {product.image ? (
          <img
            class="product-card-image"
            src={mediaSrc(product.image.previewPath)}
            alt=""
            width="80"
            height="80"
            loading="lazy"
            decoding="async"
          />
        ) : (
          <ProductPlaceholder class="product-card-image is-placeholder" />
        )}
      </a>
      <div class="product-card-body">
        <a class="product-card-title" id={titleId} href={href}>
          {product.title}
        </a>
        {lead ? <VariantPrice v={v} variant={lead} /> : null}
        {renderBadges(v, badges, product.id)}
        <StockBadge v={v} units={units} />
        <SocialProofLine v={v} proof={proof} />
      </div>
      <div class="product-card-actions">
        {buyable ? (
          <>
            <a
              class="button primary small buy-link"
              href={buyHref(lead!.id, statusId)}
              data-buy-dialog=""
              aria-describedby={titleId}
            >
              {v.t('shop.buy')}
            </a>
            {oneClick && singleChoice ? (
              <OneClickForm v={v} variantId={lead!.id} sourceStatusId={statusId} oneClick={oneClick} />
            ) : null}
          </>
        ) : inStock ? null : (
          <span class="button secondary small is-disabled" aria-disabled="true">
            {v.t('shop.sold_out')}
          </span>
        )}
      </div>
    </div>
  );
};

export const ProductCards: FC<{
  v: ShopView;
  statusId: string;
  products: ProductSummary[];
  oneClick: OneClick | null;
  proof: Map<string, SocialProof>;
  badges?: LoadedBadges;
}> = ({ v, statusId, products, oneClick, proof, badges }) => (
  <div class="product-cards" aria-label={v.t('shop.in_this_post')} role="group">
    {products.map((p) => (
      <ProductCard
        v={v}
        product={p}
        statusId={statusId}
        oneClick={oneClick}
        proof={proof.get(p.id)}
        ownBrand={v.viewerId === p.brandId}
        badges={badges}
      />
    ))}
  </div>
);
