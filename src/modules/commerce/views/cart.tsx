/** The cart page (grouped by brand) and the cart's checkout form for one brand. */
import type { FC } from 'hono/jsx';
import { mediaSrc } from '../../../web/components';
import type { CartGroup } from '../cart';
import {
  AddressChoice,
  FormError,
  OrderSummary,
  PaymentChoice,
  PayTotal,
  payLabel,
  ShippingChoice,
  type CheckoutFormData,
} from './checkout';
import { money, type ShopView } from './product-card';
import { Csrf, Notice } from './shared';
import { ProductPlaceholder } from './product-placeholder';
import { SaleTag } from './sale-tag';
import { CheckoutTerms } from '../legal/views';

export const CartPage: FC<{ v: ShopView; groups: CartGroup[]; notice?: string | null; error?: string | null }> = ({
  v,
  groups,
  notice,
  error,
}) => (
  <div class="narrow-wide stack cart-page">
    <header class="page-header">
      <h1>{v.t('shop.cart.title')}</h1>
    </header>
    <Notice text={notice} />
    <FormError message={error ?? undefined} />
    {groups.length === 0 ? (
      <section class="card">
        <p class="empty-state">{v.t('shop.cart.empty')}</p>
        <p class="actions">
          <a class="button secondary" href="/home">
            {v.t('shop.cart.back_to_feed')}
          </a>
        </p>
      </section>
    ) : (
      groups.map((g) => <CartGroupCard v={v} group={g} />)
    )}
  </div>
);

const CartGroupCard: FC<{ v: ShopView; group: CartGroup }> = ({ v, group: g }) => (
  <section class="card cart-group" aria-labelledby={`cart-${g.brandId}`}>
    <h2 id={`cart-${g.brandId}`} class="card-title">
      {v.t('shop.cart.from', { name: g.brandName })}{' '}
      <a class="handle" href={`/@${g.brandUsername}`}>
        @{g.brandUsername}
      </a>
    </h2>
    {g.priceChanged ? (
      <div class="flash flash-warning price-warning" role="status">
        <p class="flash-title">{v.t('shop.cart.price_changed_title')}</p>
        <p>{v.t('shop.cart.price_changed')}</p>
        <form method="post" action="/cart/accept-prices" class="inline">
          <Csrf v={v} />
          <input type="hidden" name="brand_id" value={g.brandId} />
          <button type="submit" class="button secondary small">
            {v.t('shop.cart.accept_prices')}
          </button>
        </form>
      </div>
    ) : null}
    <ul class="list cart-lines">
      {g.lines.map((l) => {
        const options = Object.values(l.options).join(' · ');
        const problem = !l.published
          ? v.t('shop.cart.unavailable')
          : l.stock <= 0
            ? v.t('shop.stock.out')
            : l.stock < l.quantity
              ? v.t('shop.cart.only_left', { count: l.stock })
              : null;
        return (
          <li class="list-item cart-line" id={`cart-line-${l.variantId}`}>
            {l.image ? (
              <img class="cart-line-image" src={mediaSrc(l.image)} alt="" width="56" height="56" />
            ) : (
              <ProductPlaceholder class="cart-line-image is-placeholder" />
            )}
            <div class="list-main">
              <strong>{l.title}</strong>
              {options ? <span class="muted small">{options}</span> : null}
              <span>
                <span class="price">{money(v, l.unitAmount, l.currency)}</span>
                {l.sale && l.sale.referenceAmount > l.unitAmount ? (
                  <s class="price-old">
                    <span class="visually-hidden">{v.t('shop.price.was')} </span>
                    {money(v, l.sale.referenceAmount, l.currency)}
                  </s>
                ) : null}{' '}
                <SaleTag v={v} sale={l.sale} />
                {l.priceChanged ? (
                  <span class="price-changed">
                    {' '}
                    {v.t('shop.cart.was', { price: money(v, l.seenAmount, l.currency) })}
                  </span>
                ) : null}
              </span>
              {problem ? <span class="stock-state is-out-of-stock">{problem}</span> : null}
            </div>
            <div class="list-actions">
              <form method="post" action={`/cart/items/${l.variantId}`} class="inline-form">
                <Csrf v={v} />
                <label for={`qty-${l.variantId}`} class="visually-hidden">
                  {v.t('shop.buy.quantity')}
                </label>
                <input
                  type="number"
                  id={`qty-${l.variantId}`}
                  name="quantity"
                  min="0"
                  max="1000"
                  step="1"
                  inputmode="numeric"
                  value={String(l.quantity)}
                  class="qty-input"
                />
                <button type="submit" class="button secondary small">
                  {v.t('shop.cart.update')}
                </button>
              </form>
              <form method="post" action={`/cart/items/${l.variantId}/remove`} class="inline-form">
                <Csrf v={v} />
                <button type="submit" class="button ghost small">
                  {v.t('shop.cart.remove')}
                  <span class="visually-hidden"> {l.title}</span>
                </button>
              </form>
            </div>
          </li>
        );
      })}
    </ul>
    <div class="cart-group-footer">
      <p>
        {v.t('shop.summary.subtotal')} <strong class="price">{money(v, g.subtotalAmount, g.currency)}</strong>
      </p>
      <a
        class="button primary"
        href={`/checkout?brand=${encodeURIComponent(g.brandUsername)}`}
        aria-disabled={g.problems ? 'true' : undefined}
      >
        {v.t('shop.cart.checkout', { name: g.brandName })}
      </a>
    </div>
  </section>
);

export type CartCheckoutProps = CheckoutFormData & {
  v: ShopView;
  group: CartGroup;
};

export const CartCheckoutPage: FC<CartCheckoutProps> = (p) => {
  const { v, group: g, errors } = p;
  const physical = g.lines.some((l) => l.kind === 'physical');
  return (
    <div class="narrow-wide stack checkout-page">
      <header class="page-header">
        <h1>{v.t('shop.checkout.title', { name: g.brandName })}</h1>
        <p>
          <a href="/cart">{v.t('shop.checkout.back_to_cart')}</a>
        </p>
      </header>
      {g.priceChanged ? (
        <div class="flash flash-warning price-warning" role={errors._form ? 'alert' : 'status'}>
          <p class="flash-title">{v.t('shop.cart.price_changed_title')}</p>
          <p>{v.t('shop.cart.price_changed')}</p>
          <form method="post" action="/cart/accept-prices" class="inline">
            <Csrf v={v} />
            <input type="hidden" name="brand_id" value={g.brandId} />
            <input type="hidden" name="next" value={`/checkout?brand=${encodeURIComponent(g.brandUsername)}`} />
            <button type="submit" class="button secondary small">
              {v.t('shop.cart.accept_prices')}
            </button>{' '}
            <a href="/cart">{v.t('shop.checkout.review_cart')}</a>
          </form>
        </div>
      ) : null}
      <form method="post" action="/checkout" class="card form checkout-form">
        <Csrf v={v} />
        <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
        <input type="hidden" name="brand" value={g.brandUsername} />
        <FormError message={g.priceChanged && errors._form ? undefined : errors._form} />
        <AddressChoice
          v={v}
          idPrefix="checkout"
          addresses={p.addresses}
          choices={p.choices}
          error={errors.address}
          required={physical}
        />
        <ShippingChoice v={v} idPrefix="checkout" options={p.shipping} choices={p.choices} error={errors.shipping} />
        <PaymentChoice
          v={v}
          idPrefix="checkout"
          methods={p.methods}
          choices={p.choices}
          error={errors.payment}
          testCards={p.testCards}
        />
        <OrderSummary
          v={v}
          lines={g.lines.map((l) => ({
            title: l.title,
            detail: Object.values(l.options).join(' · ') || undefined,
            quantity: l.quantity,
            unitAmount: l.unitAmount,
            currency: l.currency,
            warning: l.priceChanged ? v.t('shop.cart.was', { price: money(v, l.seenAmount, l.currency) }) : undefined,
          }))}
          estimate={p.estimate}
          refreshUrl="/checkout/summary"
        />
        <CheckoutTerms t={v.t} terms={p.terms} />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={p.shipping.length === 0 || undefined}>
            {payLabel(v, <PayTotal v={v} estimate={p.estimate} />)}
          </button>
        </div>
        <p class="muted small">{v.t('shop.buy.note')}</p>
      </form>
    </div>
  );
};
