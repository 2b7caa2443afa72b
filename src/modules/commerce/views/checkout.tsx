/**
 * The parts of a checkout form shared by the buy dialog, the "buy now" page and the cart's
 * checkout: address book choice (or a new address), payment method (or a test card in this
 * demo: only provider tokens ever reach the server), shipping method, and the order summary
 * with its VAT lines, which htmx recomputes when a choice changes.
 */
import type { Child, FC } from 'hono/jsx';
import type { Address } from '../shipping';
import type { Estimate, ShippingOption } from '../cart';
import type { PaymentMethod } from '../payments';
import { money, type ShopView } from './product-card';
import type { CheckoutTermsInfo } from '../legal/identity';

/** The test provider's tokens a demo buyer may add as a card. */
export const TEST_TOKENS = ['tok_visa', 'tok_mastercard', 'tok_declined', 'tok_requires_action'] as const;

export type NewAddressValues = {
  name: string;
  line1: string;
  line2: string;
  postal_code: string;
  city: string;
  country: string;
  phone: string;
};
export const emptyAddress = (name = ''): NewAddressValues => ({
  name,
  line1: '',
  line2: '',
  postal_code: '',
  city: '',
  country: 'FR',
  phone: '',
});

export type CheckoutChoices = {
  addressId: string;
  newAddress: NewAddressValues;
  paymentMethodId: string;
  testToken: string;
  shippingMethodId: string;
};

export type FieldErrors = Partial<
  Record<'address' | 'payment' | 'shipping' | 'quantity' | 'variant' | '_form', string>
>;

/** What both checkout forms (buy now, a brand's cart) need besides what is bought: the buyer's choices, the shipping, the estimate. */
export type CheckoutFormData = {
  addresses: Address[];
  methods: PaymentMethod[];
  shipping: ShippingOption[];
  choices: CheckoutChoices;
  estimate: Estimate;
  idempotencyKey: string;
  errors: FieldErrors;
  testCards: boolean;
  /** The brand's terms of sale the buyer accepts by ordering (legal/). */
  terms?: CheckoutTermsInfo | null;
};

const Err: FC<{ id: string; message?: string }> = ({ id, message }) =>
  message ? (
    <p class="field-error" id={id}>
      {message}
    </p>
  ) : null;

export const addressLine = (a: Pick<Address, 'name' | 'line1' | 'postalCode' | 'city' | 'country'>) =>
  `${a.name}, ${a.line1}, ${a.postalCode} ${a.city} (${a.country})`;

export const AddressChoice: FC<{
  v: ShopView;
  idPrefix: string;
  addresses: Address[];
  choices: CheckoutChoices;
  error?: string;
  required: boolean;
}> = ({ v, idPrefix, addresses, choices, error, required }) => {
  const id = (s: string) => `${idPrefix}-${s}`;
  const isNew = addresses.length === 0 || choices.addressId === 'new';
  const f = choices.newAddress;
  const input = (
    name: keyof NewAddressValues,
    label: string,
    opts: { required?: boolean; autocomplete?: string; maxlength?: number; inputmode?: 'numeric' } = {},
  ) => (
    <div class="field">
      <label for={id(`addr-${name}`)}>
        {label}
        {opts.required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <input
        type="text"
        id={id(`addr-${name}`)}
        name={`addr_${name}`}
        value={f[name]}
        autocomplete={opts.autocomplete}
        maxlength={opts.maxlength}
        inputmode={opts.inputmode}
      />
    </div>
  );
  return (
    <fieldset
      class={`fieldset checkout-section address-choice${isNew ? ' is-new' : ''}`}
      aria-describedby={error ? id('address-error') : undefined}
    >
      <legend>{required ? v.t('shop.checkout.address') : v.t('shop.checkout.address_optional')}</legend>
      {addresses.length ? (
        <div class="field">
          <label for={id('address')} class="visually-hidden">
            {v.t('shop.checkout.address')}
          </label>
          <select id={id('address')} name="address_id" data-reveal-new="">
            {addresses.map((a) => (
              <option value={a.id} selected={choices.addressId === a.id}>
                {addressLine(a)}
              </option>
            ))}
            <option value="new" selected={choices.addressId === 'new'}>
              {v.t('shop.checkout.new_address')}
            </option>
          </select>
        </div>
      ) : (
        <input type="hidden" name="address_id" value="new" />
      )}
      <div class="new-address grid cols-2" data-new-for="address_id">
        {input('name', v.t('shop.address.name'), { required: true, autocomplete: 'name', maxlength: 100 })}
        {input('phone', v.t('shop.address.phone'), { autocomplete: 'tel', maxlength: 30 })}
        {input('line1', v.t('shop.address.line1'), { required: true, autocomplete: 'address-line1', maxlength: 200 })}
        {input('line2', v.t('shop.address.line2'), { autocomplete: 'address-line2', maxlength: 200 })}
        {input('postal_code', v.t('shop.address.postal_code'), {
          required: true,
          autocomplete: 'postal-code',
          maxlength: 12,
        })}
        {input('city', v.t('shop.address.city'), { required: true, autocomplete: 'address-level2', maxlength: 100 })}
        <div class="field">
          <label for={id('addr-country')}>{v.t('shop.address.country')}</label>
          <select id={id('addr-country')} name="addr_country" autocomplete="country">
            {['FR', 'BE', 'CH', 'LU', 'DE', 'ES', 'IT', 'GB', 'CA'].map((c) => (
              <option value={c} selected={f.country === c}>
                {v.t(`shop.country.${c}` as 'shop.country.FR')}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Err id={id('address-error')} message={error} />
    </fieldset>
  );
};

export const cardLabel = (m: Pick<PaymentMethod, 'cardBrand' | 'last4' | 'expMonth' | 'expYear'>) =>
  `${m.cardBrand.toUpperCase()} •••• ${m.last4} (${String(m.expMonth).padStart(2, '0')}/${String(m.expYear).slice(-2)})`;

export const PaymentChoice: FC<{
  v: ShopView;
  idPrefix: string;
  methods: PaymentMethod[];
  choices: CheckoutChoices;
  error?: string;
  testCards: boolean;
}> = ({ v, idPrefix, methods, choices, error, testCards }) => {
  const id = (s: string) => `${idPrefix}-${s}`;
  const isNew = methods.length === 0 || choices.paymentMethodId === 'new';
  return (
    <fieldset
      class={`fieldset checkout-section payment-choice${isNew ? ' is-new' : ''}`}
      aria-describedby={error ? id('payment-error') : undefined}
    >
      <legend>{v.t('shop.checkout.payment')}</legend>
      {methods.length ? (
        <div class="field">
          <label for={id('payment')} class="visually-hidden">
            {v.t('shop.checkout.payment')}
          </label>
          <select id={id('payment')} name="payment_method_id" data-reveal-new="">
            {methods.map((m) => (
              <option value={m.id} selected={choices.paymentMethodId === m.id}>
                {cardLabel(m)}
              </option>
            ))}
            {testCards ? (
              <option value="new" selected={choices.paymentMethodId === 'new'}>
                {v.t('shop.checkout.new_card')}
              </option>
            ) : null}
          </select>
        </div>
      ) : (
        <input type="hidden" name="payment_method_id" value="new" />
      )}
      {testCards ? (
        <div class="new-card field" data-new-for="payment_method_id">
          <label for={id('token')}>{v.t('shop.checkout.test_card')}</label>
          <p class="field-hint" id={id('token-hint')}>
            {v.t('shop.checkout.test_card_hint')}
          </p>
          <select id={id('token')} name="test_token" aria-describedby={id('token-hint')}>
            {TEST_TOKENS.map((t) => (
              <option value={t} selected={choices.testToken === t}>
                {v.t(`shop.test_token.${t}` as 'shop.test_token.tok_visa')}
              </option>
            ))}
          </select>
        </div>
      ) : methods.length ? null : (
        <p class="muted">{v.t('shop.checkout.no_card')}</p>
      )}
      <Err id={id('payment-error')} message={error} />
    </fieldset>
  );
};

export function shippingText(v: ShopView, o: ShippingOption): string {
  if (o.kind === 'pickup') return v.t('shop.shipping.pickup_free');
  if (o.kind === 'free_above' && o.freeAboveAmount !== null)
    return v.t('shop.shipping.free_above', {
      amount: money(v, o.amount, o.currency),
      threshold: money(v, o.freeAboveAmount, o.currency),
    });
  return o.amount === 0 ? v.t('shop.shipping.free') : money(v, o.amount, o.currency);
}

export const ShippingChoice: FC<{
  v: ShopView;
  idPrefix: string;
  options: ShippingOption[];
  choices: CheckoutChoices;
  error?: string;
}> = ({ v, idPrefix, options, choices, error }) => {
  if (options.length === 0) return <p class="flash flash-warning">{v.t('shop.checkout.no_shipping')}</p>;
  const selected = options.find((o) => o.id === choices.shippingMethodId)?.id ?? options[0].id;
  return (
    <fieldset
      class="fieldset checkout-section shipping-choice"
      aria-describedby={error ? `${idPrefix}-shipping-error` : undefined}
    >
      <legend>{v.t('shop.checkout.shipping')}</legend>
      {options.map((o) => (
        <label class="check radio-row">
          <input type="radio" name="shipping_method_id" value={o.id} checked={o.id === selected} />
          <span class="radio-label">
            <span>{o.name}</span>
            <span class="muted small">{shippingText(v, o)}</span>
          </span>
        </label>
      ))}
      <Err id={`${idPrefix}-shipping-error`} message={error} />
    </fieldset>
  );
};

export type SummaryLine = {
  title: string;
  detail?: string;
  quantity: number;
  unitAmount: number;
  currency: string;
  warning?: string;
};

/** The order summary: lines, subtotal, shipping, total, and the VAT it includes. */
/** "Payer {total}" with the total as a live element. */
export function payLabel(v: ShopView, total: Child): Child {
  const [before, after] = v.t('shop.buy.pay', { total: '\u0000' }).split('\u0000');
  return (
    <>
      {before}
      {total}
      {after ?? ''}
    </>
  );
}

/** The total on the pay button; the summary refresh updates it out of band (hx-swap-oob). */
export const PayTotal: FC<{ v: ShopView; estimate: Estimate; oob?: boolean }> = ({ v, estimate: e, oob }) => (
  <span id="pay-total" hx-swap-oob={oob ? 'true' : undefined}>
    {money(v, e.totalAmount, e.currency)}
  </span>
);

export const OrderSummary: FC<{
  v: ShopView;
  lines: SummaryLine[];
  estimate: Estimate;
  refreshUrl?: string;
  oob?: boolean;
}> = ({ v, lines, estimate: e, refreshUrl, oob }) => (
  <>
    <section
      class="order-summary"
      aria-label={v.t('shop.summary.title')}
      aria-live="polite"
      hx-post={refreshUrl}
      hx-trigger={refreshUrl ? 'change from:closest form' : undefined}
      hx-include={refreshUrl ? 'closest form' : undefined}
      hx-target={refreshUrl ? 'this' : undefined}
      hx-swap={refreshUrl ? 'outerHTML' : undefined}
      hx-sync={refreshUrl ? 'this:replace' : undefined}
    >
      <h3 class="summary-title">{v.t('shop.summary.title')}</h3>
      <dl class="summary-lines">
        {lines.map((l) => (
          <div class="summary-row">
            <dt>
              {l.title}
              {l.detail ? <span class="muted"> · {l.detail}</span> : null}
              <span class="line-qty">{v.t('shop.line.quantity', { count: l.quantity })}</span>
              {l.warning ? <span class="summary-warning"> {l.warning}</span> : null}
            </dt>
            <dd>{money(v, l.unitAmount * l.quantity, l.currency)}</dd>
          </div>
        ))}
        <div class="summary-row is-sub">
          <dt>{v.t('shop.summary.subtotal')}</dt>
          <dd>{money(v, e.subtotalAmount, e.currency)}</dd>
        </div>
        <div class="summary-row is-sub">
          <dt>{v.t('shop.summary.shipping')}</dt>
          <dd>{e.shippingAmount === 0 ? v.t('shop.shipping.free') : money(v, e.shippingAmount, e.currency)}</dd>
        </div>
        <div class="summary-row is-total">
          <dt>{v.t('shop.summary.total')}</dt>
          <dd>{money(v, e.totalAmount, e.currency)}</dd>
        </div>
        <div class="summary-row is-vat">
          <dt>
            {v.t('shop.summary.vat', {
              rate: (e.vatRates.length > 1 ? e.vatRates.map((r) => r.rateBp) : [e.vatRateBp])
                .map((bp) => (bp / 100).toLocaleString(v.locale === 'fr' ? 'fr-FR' : 'en-GB'))
                .join(' / '),
              country: e.country,
            })}
          </dt>
          <dd>{money(v, e.vatAmount, e.currency)}</dd>
        </div>
      </dl>
    </section>
    {oob ? <PayTotal v={v} estimate={e} oob /> : null}
  </>
);

/** A form-level error at the top of a checkout form (announced at once). */
export const FormError: FC<{ message?: string; children?: Child }> = ({ message, children }) =>
  message ? (
    <div class="flash flash-error checkout-error" role="alert">
      <p>{message}</p>
      {children}
    </div>
  ) : null;
