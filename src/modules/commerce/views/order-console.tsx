// The brand's order console: the filtered list, and one order with its next steps.
import type { Child, FC } from 'hono/jsx';
import { fullDateText, RelativeTime } from '../../../web/components';
import { type OrderDetail, type OrderSummary, orderNumber } from '../orders';
import { FormError } from './checkout';
import { money, type ShopView } from './product-card';
import { Csrf, Notice, SubmitRow } from './shared';
import { AddressBlock, EventHistory, OrderLinesTable, OrderTimeline } from './order-parts';
import { itemsText, StatusBadge } from './order';
import { renderLoaded, type LoadedExtensions, type OrderPageExtension } from '../extensions';
import { OrderTerms } from '../legal/views';

export const CONSOLE_FILTERS = [
  '',
  'paid',
  'preparing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
  'pending_confirmation',
] as const;

export const BrandOrdersPage: FC<{
  v: ShopView;
  brand: { username: string; displayName: string };
  orders: OrderSummary[];
  status: string;
  older: string | null;
  /** Orders with a withdrawal whose refund is late (commerce/withdrawal). */
  lateWithdrawals?: Set<string>;
}> = ({ v, brand, orders, status, older, lateWithdrawals }) => {
  const base = `/brands/${brand.username}/orders`;
  const q = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ ...(status ? { status } : {}), ...extra });
    const s = params.toString();
    return s ? `?${s}` : '';
  };
  return (
    <div class="stack brand-orders">
      <header class="page-header">
        <h1>{v.t('shop.console.title', { name: brand.displayName || brand.username })}</h1>
        <nav class="tabs" aria-label={v.t('shop.console.filters')}>
          {CONSOLE_FILTERS.map((f) => (
            <a href={f ? `${base}?status=${f}` : base} aria-current={f === status ? 'page' : undefined}>
              {f ? v.t(`shop.status.${f}` as 'shop.status.paid') : v.t('shop.console.all')}
            </a>
          ))}
        </nav>
      </header>
      <p class="actions">
        <a class="button secondary small" href={`${base}.csv${q({})}`} download="">
          {v.t('shop.console.export')}
        </a>
      </p>
      <section class="card">
        {orders.length === 0 ? (
          <p class="empty-state">{v.t('shop.console.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="orders-table">
              <caption class="visually-hidden">
                {v.t('shop.console.title', { name: brand.displayName || brand.username })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{v.t('shop.console.number')}</th>
                  <th scope="col">{v.t('shop.console.date')}</th>
                  <th scope="col">{v.t('shop.console.buyer')}</th>
                  <th scope="col">{v.t('shop.console.items')}</th>
                  <th scope="col" class="num">
                    {v.t('shop.summary.total')}
                  </th>
                  <th scope="col">{v.t('shop.console.status')}</th>
                </tr>
              </thead>
              <tbody>
                {orders.map(({ order: o, lines, buyer }) => (
                  <tr>
                    <th scope="row">
                      <a href={`${base}/${o.id}`}>{orderNumber(o.id)}</a>
                    </th>
                    <td>
                      <RelativeTime date={o.createdAt} locale={v.locale} />
                    </td>
                    <td>{buyer.deleted ? v.t('erase.deleted_account') : `@${buyer.username}`}</td>
                    <td class="items-cell">{itemsText(lines)}</td>
                    <td class="num">{money(v, o.totalAmount, o.currency)}</td>
                    <td>
                      <StatusBadge v={v} status={o.status} />
                      {lateWithdrawals?.has(o.id) ? (
                        <span class="badge badge-danger withdrawal-late">{v.t('withdrawal.list_late')}</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {older ? (
        <nav class="pagination" aria-label={v.t('shop.orders.paging')}>
          <a class="pagination-link button secondary" href={`${base}${q({ max_id: older })}`} rel="next">
            {v.t('shop.orders.older')}
          </a>
        </nav>
      ) : null}
    </div>
  );
};

const ActionForm: FC<{
  v: ShopView;
  action: string;
  label: string;
  variant?: string;
  confirm?: string;
  children?: Child;
}> = ({ v, action, label, variant = 'secondary', confirm, children }) => (
  <form method="post" action={action} class="inline-form console-action">
    <Csrf v={v} />
    {children}
    <button type="submit" class={`button ${variant} small`} data-confirm={confirm}>
      {label}
    </button>
  </form>
);

export const BrandOrderPage: FC<{
  v: ShopView;
  brandUsername: string;
  d: OrderDetail;
  canRefund: boolean;
  notice?: string | null;
  error?: string | null;
  extensions?: LoadedExtensions<OrderPageExtension>;
}> = ({ v, brandUsername, d, canRefund, notice, error, extensions }) => {
  const o = d.order;
  const base = `/brands/${brandUsername}/orders/${o.id}`;
  const refundable =
    ['paid', 'preparing', 'shipped', 'delivered'].includes(o.status) && o.totalAmount - o.refundedAmount > 0;
  return (
    <div class="narrow-wide stack order-page">
      <header class="page-header">
        <p class="eyebrow">
          <a href={`/brands/${brandUsername}/orders`}>{v.t('shop.console.back')}</a>
        </p>
        <h1>{v.t('shop.order.title', { ref: orderNumber(o.id) })}</h1>
        <p class="muted">
          {d.buyer.deleted ? v.t('erase.deleted_account') : `@${d.buyer.username}`} ·{' '}
          <time datetime={o.createdAt.toISOString()}>{fullDateText(v.locale, o.createdAt)}</time> ·{' '}
          <StatusBadge v={v} status={o.status} />
        </p>
      </header>
      <Notice text={notice} />
      <FormError message={error ?? undefined} />
      {renderLoaded(v, extensions)}
      <section class="card stack" aria-labelledby="next-title">
        <h2 id="next-title">{v.t('shop.console.next')}</h2>
        <div class="console-actions">
          {o.status === 'paid' ? (
            <ActionForm v={v} action={`${base}/prepare`} label={v.t('shop.console.prepare')} />
          ) : null}
          {o.status === 'paid' || o.status === 'preparing' ? (
            <form method="post" action={`${base}/ship`} class="form ship-form">
              <Csrf v={v} />
              <div class="grid cols-2">
                <div class="field">
                  <label for="ship-carrier">{v.t('shop.console.carrier')}</label>
                  <input type="text" id="ship-carrier" name="carrier" maxlength={60} required list="carriers" />
                  <datalist id="carriers">
                    {['Colissimo', 'Chronopost', 'Mondial Relay', 'DHL', 'UPS', 'La Poste'].map((c) => (
                      <option value={c} />
                    ))}
                  </datalist>
                </div>
                <div class="field">
                  <label for="ship-tracking">{v.t('shop.console.tracking')}</label>
                  <input type="text" id="ship-tracking" name="tracking_number" maxlength={100} required />
                </div>
              </div>
              <SubmitRow label={v.t('shop.console.ship')} />
            </form>
          ) : null}
          {o.status === 'shipped' ? (
            <ActionForm v={v} action={`${base}/deliver`} label={v.t('shop.console.deliver')} variant="primary" />
          ) : null}
          {canRefund && ['pending_confirmation', 'awaiting_payment', 'paid', 'preparing'].includes(o.status) ? (
            <ActionForm
              v={v}
              action={`${base}/cancel`}
              label={v.t('shop.console.cancel')}
              variant="danger"
              confirm={v.t('shop.console.cancel_confirm')}
            />
          ) : null}
          {o.status === 'delivered' || o.status === 'cancelled' || o.status === 'refunded' ? (
            <p class="muted">{v.t('shop.console.nothing_next')}</p>
          ) : null}
        </div>
        {canRefund && refundable ? (
          <form method="post" action={`${base}/refund`} class="form refund-form">
            <Csrf v={v} />
            <div class="field">
              <label for="refund-amount">{v.t('shop.console.refund_amount', { currency: o.currency })}</label>
              <p class="field-hint">
                {v.t('shop.console.refund_hint', { max: money(v, o.totalAmount - o.refundedAmount, o.currency) })}
              </p>
              <input
                type="text"
                id="refund-amount"
                name="amount"
                inputmode="decimal"
                pattern="[0-9]+([.,][0-9]{1,2})?"
              />
            </div>
            <div class="field">
              <label for="refund-reason">{v.t('shop.console.refund_reason')}</label>
              <input type="text" id="refund-reason" name="reason" maxlength={500} />
            </div>
            <SubmitRow
              label={v.t('shop.console.refund')}
              variant="danger"
              confirm={v.t('shop.console.refund_confirm')}
            />
          </form>
        ) : null}
      </section>
      <section class="card">
        <h2>{v.t('shop.order.timeline')}</h2>
        <OrderTimeline v={v} d={d} />
        <EventHistory v={v} d={d} />
      </section>
      <section class="card">
        <h2>{v.t('shop.order.items')}</h2>
        <OrderLinesTable v={v} d={d} />
        <AddressBlock v={v} d={d} />
        <OrderTerms t={v.t} username={d.brand.username} version={d.order.termsVersion} />
      </section>
      {d.returns.length ? (
        <section class="card">
          <h2>{v.t('shop.returns.title')}</h2>
          <ul class="list">
            {d.returns.map((r) => (
              <li class="list-item return-item">
                <span class="list-main">
                  <strong>
                    {v.t(`shop.returns.kind_${r.kind}` as 'shop.returns.kind_return')} ·{' '}
                    {v.t(`shop.returns.status_${r.status}` as 'shop.returns.status_requested')}
                  </strong>
                  <span>{r.reason}</span>
                  {r.photoPaths.length ? (
                    <span class="return-photos">
                      {r.photoPaths.map((p) => (
                        <a href={`/media/${p}`} target="_blank" rel="noopener">
                          <img
                            src={`/media/${p}`}
                            alt={v.t('shop.returns.photo')}
                            width="64"
                            height="64"
                            loading="lazy"
                          />
                        </a>
                      ))}
                    </span>
                  ) : null}
                </span>
                <span class="list-actions">
                  {r.status === 'requested' ? (
                    <ActionForm v={v} action={`${base}/returns/${r.id}/accept`} label={v.t('shop.returns.accept')} />
                  ) : null}
                  {r.status === 'requested' || r.status === 'accepted' ? (
                    <ActionForm
                      v={v}
                      action={`${base}/returns/${r.id}/refuse`}
                      label={v.t('shop.returns.refuse')}
                      variant="ghost"
                    >
                      <label class="visually-hidden" for={`note-${r.id}`}>
                        {v.t('shop.returns.note')}
                      </label>
                      <input
                        type="text"
                        id={`note-${r.id}`}
                        name="note"
                        placeholder={v.t('shop.returns.note')}
                        maxlength={2000}
                      />
                    </ActionForm>
                  ) : null}
                  {r.status === 'accepted' ? (
                    <ActionForm v={v} action={`${base}/returns/${r.id}/receive`} label={v.t('shop.returns.receive')} />
                  ) : null}
                  {(r.status === 'accepted' || r.status === 'received') && (r.kind === 'repair' || canRefund) ? (
                    <ActionForm
                      v={v}
                      action={`${base}/returns/${r.id}/resolve`}
                      label={r.kind === 'repair' ? v.t('shop.returns.repaired') : v.t('shop.returns.refund')}
                      variant="primary"
                    />
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
};
