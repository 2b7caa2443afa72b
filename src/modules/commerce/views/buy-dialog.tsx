/**
 * Buying one product from a post: the form shown in the feed's <dialog> (shop.js fetches it with
 * htmx) and, without JavaScript, as the /checkout/now page. Submitting posts to /checkout/now with
 * the post's id; with htmx the dialog's content becomes the confirmation without leaving the feed.
 */
import type { FC } from 'hono/jsx';
import { mediaSrc } from '../../../web/components';
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
import { type ProductSummary, shownPrice } from '../catalog';
import { money, productPath, StockBadge, variantLabel, VariantPrice, type ShopView } from './product-card';
import { ProductPlaceholder } from './product-placeholder';
import { CheckoutTerms } from '../legal/views';

export type BuyFormProps = CheckoutFormData & {
  v: ShopView;
  mode: 'dialog' | 'page';
  product: ProductSummary;
  variantId: string;
  quantity: number;
  sourceStatusId: string | null;
  /** Bought through a campaign's pop-up store (checked at checkout). */
  popupId?: string | null;
};

export const MAX_BUY_QUANTITY = 99;

export const BuyForm: FC<BuyFormProps> = (p) => {
  const { v, product, errors } = p;
  const variant = product.variants.find((x) => x.id === p.variantId) ?? product.variants[0];
  const prefix = p.mode === 'dialog' ? 'buy-dialog' : 'buy-page';
  const maxQuantity = Math.max(1, Math.min(variant?.stock ?? 1, MAX_BUY_QUANTITY));
  const physical = product.kind === 'physical';
  const canPay = p.shipping.length > 0 && (variant?.stock ?? 0) > 0;
  return (
    <form
      method="post"
      action="/checkout/now"
      class="buy-form form"
      id={`${prefix}-form`}
      hx-post="/checkout/now"
      hx-target="this"
      hx-swap="outerHTML"
      hx-disabled-elt="find button[type='submit']"
      aria-labelledby={`${prefix}-title`}
    >
      <input type="hidden" name="_csrf" value={v.csrf} />
      <input type="hidden" name="idempotency_key" value={p.idempotencyKey} />
      <input type="hidden" name="mode" value={p.mode} />
      {p.sourceStatusId ? <input type="hidden" name="source_status_id" value={p.sourceStatusId} /> : null}
      {p.popupId ? <input type="hidden" name="popup_id" value={p.popupId} /> : null}
      <header class="buy-head">
        {product.image ? (
          <img class="buy-image" src={mediaSrc(product.image.previewPath)} alt="" width="72" height="72" />
        ) : (
          <ProductPlaceholder class="buy-image is-placeholder" />
        )}
        <div class="buy-head-text">
          <h2 id={`${prefix}-title`} class="buy-title">
            {product.title}
          </h2>
          {variant ? <VariantPrice v={v} variant={variant} /> : null}
          <StockBadge v={v} units={variant?.stock ?? 0} />
          <a class="small" href={productPath(product)}>
            {v.t('shop.buy.product_page')}
          </a>
        </div>
      </header>
      <FormError message={errors._form} />
      <div class="grid cols-2 buy-choice">
        {product.variants.length > 1 ? (
          <div class={`field${errors.variant ? ' has-error' : ''}`}>
            <label for={`${prefix}-variant`}>{v.t('shop.buy.variant')}</label>
            <select id={`${prefix}-variant`} name="variant_id">
              {product.variants.map((x) => (
                <option value={x.id} selected={x.id === variant.id} disabled={x.stock <= 0 || undefined}>
                  {`${variantLabel(x) || x.id.slice(0, 8)} — ${money(v, shownPrice(x).amount, x.currency)}${x.stock <= 0 ? ` (${v.t('shop.stock.out')})` : ''}`}
                </option>
              ))}
            </select>
            {errors.variant ? <p class="field-error">{errors.variant}</p> : null}
          </div>
        ) : (
          <input type="hidden" name="variant_id" value={variant?.id ?? ''} />
        )}
        <div class={`field${errors.quantity ? ' has-error' : ''}`}>
          <label for={`${prefix}-quantity`}>{v.t('shop.buy.quantity')}</label>
          <input
            type="number"
            id={`${prefix}-quantity`}
            name="quantity"
            min="1"
            max={String(maxQuantity)}
            step="1"
            inputmode="numeric"
            value={String(p.quantity)}
            aria-invalid={errors.quantity ? 'true' : undefined}
            aria-describedby={errors.quantity ? `${prefix}-quantity-error` : undefined}
          />
          {errors.quantity ? (
            <p class="field-error" id={`${prefix}-quantity-error`}>
              {errors.quantity}
            </p>
          ) : null}
        </div>
      </div>
      <AddressChoice
        v={v}
        idPrefix={prefix}
        addresses={p.addresses}
        choices={p.choices}
        error={errors.address}
        required={physical}
      />
      <ShippingChoice v={v} idPrefix={prefix} options={p.shipping} choices={p.choices} error={errors.shipping} />
      <PaymentChoice
        v={v}
        idPrefix={prefix}
        methods={p.methods}
        choices={p.choices}
        error={errors.payment}
        testCards={p.testCards}
      />
      <OrderSummary
        v={v}
        lines={[
          {
            title: product.title,
            detail: variant ? variantLabel(variant) : undefined,
            quantity: p.quantity,
            unitAmount: variant ? shownPrice(variant).amount : 0,
            currency: variant?.currency ?? p.estimate.currency,
          },
        ]}
        estimate={p.estimate}
        refreshUrl="/checkout/summary"
      />
      <CheckoutTerms t={v.t} terms={p.terms} />
      <div class="form-actions buy-actions">
        <button type="submit" class="button primary" disabled={!canPay || undefined}>
          {payLabel(v, <PayTotal v={v} estimate={p.estimate} />)}
        </button>
        {p.mode === 'dialog' ? (
          <button type="button" class="button ghost" data-close-dialog="">
            {v.t('shop.buy.cancel')}
          </button>
        ) : null}
      </div>
      <p class="muted small buy-note">{v.t('shop.buy.note')}</p>
    </form>
  );
};

export type PlacedView = {
  orderId: string;
  status: 'paid' | 'awaiting_payment';
  title: string;
  quantity: number;
  totalAmount: number;
  currency: string;
};

/** What replaces the buy form once the order is placed. */
export const BuyConfirmation: FC<{ v: ShopView; order: PlacedView; mode: 'dialog' | 'page' | 'inline' }> = ({
  v,
  order,
  mode,
}) => {
  const paid = order.status === 'paid';
  if (mode === 'inline') {
    return (
      <p class="one-click-done" role="status">
        <span aria-hidden="true">✓ </span>
        {paid ? v.t('shop.confirm.paid') : v.t('shop.confirm.pending')} ·{' '}
        <a href={`/orders/${order.orderId}`}>{v.t('shop.confirm.track')}</a>
      </p>
    );
  }
  return (
    <div class="buy-confirmation" role="status" tabindex={-1} data-order-id={order.orderId}>
      <p class="buy-confirmation-icon" aria-hidden="true">
        ✓
      </p>
      <h2 id={mode === 'dialog' ? 'buy-dialog-title' : undefined}>
        {paid ? v.t('shop.confirm.paid') : v.t('shop.confirm.pending')}
      </h2>
      <p>
        {order.title} · {v.t('shop.line.quantity', { count: order.quantity })} ·{' '}
        <strong>{money(v, order.totalAmount, order.currency)}</strong>
      </p>
      <p class="muted">{v.t('shop.confirm.next')}</p>
      <p class="actions">
        <a class="button primary" href={`/orders/${order.orderId}`}>
          {v.t('shop.confirm.track')}
        </a>
        {mode === 'dialog' ? (
          <button type="button" class="button secondary" data-close-dialog="">
            {v.t('shop.confirm.continue')}
          </button>
        ) : (
          <a class="button secondary" href="/home">
            {v.t('shop.confirm.continue')}
          </a>
        )}
      </p>
    </div>
  );
};

/** The composer's product picker, for people writing as a brand: its published products, up to `max`. */
export const ProductPicker: FC<{
  v: ShopView;
  brandName: string;
  products: { id: string; title: string; price: number | null; currency: string | null }[];
  checked: Set<string>;
  max: number;
}> = ({ v, brandName, products, checked, max }) => (
  <details class="compose-section product-picker" open={checked.size > 0 || undefined}>
    <summary>{v.t('shop.picker.summary')}</summary>
    {products.length === 0 ? (
      <p class="field-hint">{v.t('shop.picker.none', { name: brandName })}</p>
    ) : (
      <fieldset class="picker-list" data-max-checked={String(max)}>
        <legend class="field-hint">{v.t('shop.picker.hint', { name: brandName, count: max })}</legend>
        {products.map((p) => (
          <label class="check picker-item">
            <input type="checkbox" name="product_ids[]" value={p.id} checked={checked.has(p.id) || undefined} />
            <span>
              {p.title}
              {p.price !== null && p.currency ? <span class="muted"> · {money(v, p.price, p.currency)}</span> : null}
            </span>
          </label>
        ))}
      </fieldset>
    )}
  </details>
);
