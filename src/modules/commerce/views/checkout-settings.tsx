/** The address book and saved payment methods (settings pages). */
import type { FC } from 'hono/jsx';
import type { Address } from '../shipping';
import type { PaymentMethod } from '../payments';
import { addressLine, cardLabel, FormError, TEST_TOKENS, type NewAddressValues } from './checkout';
import type { ShopView } from './product-card';
import { Csrf, Notice, SubmitRow } from './shared';

export const ShopSettingsTabs: FC<{ v: ShopView; current: 'addresses' | 'payment' | 'orders' | 'cart' }> = ({
  v,
  current,
}) => (
  <nav class="tabs" aria-label={v.t('shop.settings.sections')}>
    <a href="/orders" aria-current={current === 'orders' ? 'page' : undefined}>
      {v.t('shop.orders.title')}
    </a>
    <a href="/cart" aria-current={current === 'cart' ? 'page' : undefined}>
      {v.t('shop.cart.title')}
    </a>
    <a href="/settings/addresses" aria-current={current === 'addresses' ? 'page' : undefined}>
      {v.t('shop.addresses.title')}
    </a>
    <a href="/settings/payment-methods" aria-current={current === 'payment' ? 'page' : undefined}>
      {v.t('shop.payment_methods.title')}
    </a>
  </nav>
);

/**
 * A saved address or card list: each row with its "default" badge, "make default" unless it already
 * is, and "remove". Both settings pages post to `${base}/:id/default` and `${base}/:id/delete`.
 */
const SavedList: FC<{
  v: ShopView;
  items: { id: string; isDefault: boolean; label: string }[];
  base: string;
  empty: string;
  deleteConfirm: string;
}> = ({ v, items, base, empty, deleteConfirm }) =>
  items.length === 0 ? (
    <p class="empty-state">{empty}</p>
  ) : (
    <ul class="list">
      {items.map((item) => (
        <li class="list-item">
          <div class="list-main">
            <span>
              {item.label}{' '}
              {item.isDefault ? <span class="badge badge-verified">{v.t('shop.settings.default')}</span> : null}
            </span>
          </div>
          <div class="list-actions">
            {item.isDefault ? null : (
              <form method="post" action={`${base}/${item.id}/default`} class="inline">
                <Csrf v={v} />
                <button type="submit" class="button secondary small">
                  {v.t('shop.settings.make_default')}
                </button>
              </form>
            )}
            <form method="post" action={`${base}/${item.id}/delete`} class="inline">
              <Csrf v={v} />
              <button type="submit" class="button ghost small" data-confirm={deleteConfirm}>
                {v.t('shop.settings.remove')}
              </button>
            </form>
          </div>
        </li>
      ))}
    </ul>
  );

export const AddressBookPage: FC<{
  v: ShopView;
  addresses: Address[];
  values: NewAddressValues;
  error?: string;
  notice?: string;
}> = ({ v, addresses, values, error, notice }) => {
  const field = (
    name: keyof NewAddressValues,
    label: string,
    opts: { required?: boolean; autocomplete?: string; maxlength?: number } = {},
  ) => (
    <div class="field">
      <label for={`address-${name}`}>
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
        id={`address-${name}`}
        name={`addr_${name}`}
        value={values[name]}
        required={opts.required || undefined}
        autocomplete={opts.autocomplete}
        maxlength={opts.maxlength}
      />
    </div>
  );
  return (
    <div class="narrow-wide stack">
      <header class="page-header">
        <h1>{v.t('shop.addresses.title')}</h1>
        <ShopSettingsTabs v={v} current="addresses" />
      </header>
      <Notice text={notice} />
      <section class="card" aria-labelledby="addresses-list">
        <h2 id="addresses-list" class="card-title">
          {v.t('shop.addresses.saved')}
        </h2>
        <SavedList
          v={v}
          items={addresses.map((a) => ({ id: a.id, isDefault: a.isDefault, label: addressLine(a) }))}
          base="/settings/addresses"
          empty={v.t('shop.addresses.empty')}
          deleteConfirm={v.t('shop.addresses.delete_confirm')}
        />
      </section>
      <section class="card" aria-labelledby="address-new">
        <h2 id="address-new" class="card-title">
          {v.t('shop.addresses.add')}
        </h2>
        <FormError message={error} />
        <form method="post" action="/settings/addresses" class="form">
          <Csrf v={v} />
          <div class="grid cols-2">
            {field('name', v.t('shop.address.name'), { required: true, autocomplete: 'name', maxlength: 100 })}
            {field('phone', v.t('shop.address.phone'), { autocomplete: 'tel', maxlength: 30 })}
            {field('line1', v.t('shop.address.line1'), {
              required: true,
              autocomplete: 'address-line1',
              maxlength: 200,
            })}
            {field('line2', v.t('shop.address.line2'), { autocomplete: 'address-line2', maxlength: 200 })}
            {field('postal_code', v.t('shop.address.postal_code'), {
              required: true,
              autocomplete: 'postal-code',
              maxlength: 12,
            })}
            {field('city', v.t('shop.address.city'), {
              required: true,
              autocomplete: 'address-level2',
              maxlength: 100,
            })}
            <div class="field">
              <label for="address-country">{v.t('shop.address.country')}</label>
              <select id="address-country" name="addr_country" autocomplete="country">
                {['FR', 'BE', 'CH', 'LU', 'DE', 'ES', 'IT', 'GB', 'CA'].map((c) => (
                  <option value={c} selected={values.country === c}>
                    {v.t(`shop.country.${c}` as 'shop.country.FR')}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <label class="check">
            <input type="checkbox" name="make_default" value="1" /> {v.t('shop.settings.use_by_default')}
          </label>
          <SubmitRow label={v.t('shop.addresses.save')} />
        </form>
      </section>
    </div>
  );
};

export const PaymentMethodsPage: FC<{
  v: ShopView;
  methods: PaymentMethod[];
  testCards: boolean;
  error?: string;
  notice?: string;
}> = ({ v, methods, testCards, error, notice }) => (
  <div class="narrow-wide stack">
    <header class="page-header">
      <h1>{v.t('shop.payment_methods.title')}</h1>
      <ShopSettingsTabs v={v} current="payment" />
    </header>
    <Notice text={notice} />
    <section class="card" aria-labelledby="methods-list">
      <h2 id="methods-list" class="card-title">
        {v.t('shop.payment_methods.saved')}
      </h2>
      <p class="muted small">{v.t('shop.payment_methods.privacy')}</p>
      <SavedList
        v={v}
        items={methods.map((m) => ({ id: m.id, isDefault: m.isDefault, label: cardLabel(m) }))}
        base="/settings/payment-methods"
        empty={v.t('shop.payment_methods.empty')}
        deleteConfirm={v.t('shop.payment_methods.delete_confirm')}
      />
    </section>
    {testCards ? (
      <section class="card" aria-labelledby="method-new">
        <h2 id="method-new" class="card-title">
          {v.t('shop.payment_methods.add')}
        </h2>
        <FormError message={error} />
        <form method="post" action="/settings/payment-methods" class="form">
          <Csrf v={v} />
          <div class="field">
            <label for="test-token">{v.t('shop.checkout.test_card')}</label>
            <p class="field-hint" id="test-token-hint">
              {v.t('shop.checkout.test_card_hint')}
            </p>
            <select id="test-token" name="test_token" aria-describedby="test-token-hint">
              {TEST_TOKENS.map((t) => (
                <option value={t}>{v.t(`shop.test_token.${t}` as 'shop.test_token.tok_visa')}</option>
              ))}
            </select>
          </div>
          <label class="check">
            <input type="checkbox" name="make_default" value="1" /> {v.t('shop.settings.use_by_default')}
          </label>
          <SubmitRow label={v.t('shop.payment_methods.save')} />
        </form>
      </section>
    ) : null}
  </div>
);
