/**
 * Orders as pages: the buyer's list, the status page ("where is my order": a timeline of paid,
 * preparing, shipped with carrier and tracking number, delivered; or cancelled / refunded), its
 * actions (confirm a reply-to-buy order, cancel before shipping, ask for a return or repair after
 * delivery), and the brand's console (filters, list, detail with the next steps, CSV export).
 */
import type { Child, FC } from 'hono/jsx';
import { fullDateText, RelativeTime } from '../../../web/components';
import { renderLoaded, type LoadedExtensions, type OrderPageExtension } from '../extensions';
import { orderNumber, type OrderDetail, type OrderSummary } from '../orders';
import type { OrderStatus } from '../schema';
import type { PaymentMethod } from '../payments';
import { cardLabel, FormError } from './checkout';
import { money, type ShopView } from './product-card';
import { Csrf, Notice, SubmitRow } from './shared';
import { AddressBlock, EventHistory, OrderLinesTable, OrderTimeline } from './order-parts';
import { OrderTerms } from '../legal/views';

export const StatusBadge: FC<{ v: ShopView; status: OrderStatus | string }> = ({ v, status }) => (
  <span class={`badge order-status status-${status.replace(/_/g, '-')}`}>
    {v.t(`shop.status.${status}` as 'shop.status.paid')}
  </span>
);

export const itemsText = (lines: { title: string; quantity: number }[]) =>
  lines.map((l) => (l.quantity > 1 ? `${l.title} × ${l.quantity}` : l.title)).join(', ');

// Buyer pages --------------------------------------------------------------------------------------

export const MyOrdersPage: FC<{ v: ShopView; orders: OrderSummary[]; older: string | null; tabs: Child }> = ({
  v,
  orders,
  older,
  tabs,
}) => (
  <div class="narrow-wide stack">
    <header class="page-header">
      <h1>{v.t('shop.orders.title')}</h1>
      {tabs}
    </header>
    <section class="card">
      {orders.length === 0 ? (
        <p class="empty-state">{v.t('shop.orders.empty')}</p>
      ) : (
        <ul class="list order-list">
          {orders.map(({ order: o, lines, brand }) => (
            <li class="list-item">
              <div class="list-main">
                <a class="display-name" href={`/orders/${o.id}`}>
                  {itemsText(lines)}
                </a>
                <span class="muted small">
                  {brand.displayName || brand.username} · n° {orderNumber(o.id)} ·{' '}
                  <RelativeTime date={o.createdAt} locale={v.locale} />
                </span>
              </div>
              <div class="list-actions order-list-end">
                <strong class="price">{money(v, o.totalAmount, o.currency)}</strong>
                <StatusBadge v={v} status={o.status} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
    {older ? (
      <nav class="pagination" aria-label={v.t('shop.orders.paging')}>
        <a class="pagination-link button secondary" href={`/orders?max_id=${older}`} rel="next">
          {v.t('shop.orders.older')}
        </a>
      </nav>
    ) : null}
  </div>
);

export type OrderPageProps = {
  v: ShopView;
  d: OrderDetail;
  methods: PaymentMethod[];
  notice?: string | null;
  error?: string | null;
  returnValues?: { kind: string; reason: string };
  /** Linked modules' sections (e.g. "review what you bought"), after the items. */
  extensions?: LoadedExtensions<OrderPageExtension>;
};

/** The buyer's status page. */
export const OrderPage: FC<OrderPageProps> = ({ v, d, methods, notice, error, returnValues, extensions }) => {
  const o = d.order;
  const pending = o.status === 'pending_confirmation';
  const awaiting = o.status === 'awaiting_payment';
  const cancellable = o.status === 'paid' || o.status === 'preparing';
  // Captured when paid (a pre-sale pledge): cancelling refunds rather than releases the payment.
  const captured = d.payments.some((p) => p.kind === 'capture' && p.status !== 'failed');
  const openReturn = d.returns.find(
    (r) => r.status === 'requested' || r.status === 'accepted' || r.status === 'received',
  );
  return (
    <div class="narrow-wide stack order-page">
      <header class="page-header order-header">
        <p class="eyebrow">
          <a href="/orders">{v.t('shop.orders.title')}</a>
        </p>
        <h1>{v.t('shop.order.title', { ref: orderNumber(o.id) })}</h1>
        <p class="muted">
          {v.t('shop.order.from', { name: d.brand.displayName || d.brand.username })} ·{' '}
          <time datetime={o.createdAt.toISOString()}>{fullDateText(v.locale, o.createdAt)}</time> ·{' '}
          <StatusBadge v={v} status={o.status} />
        </p>
      </header>
      <Notice text={notice} />
      <FormError message={error ?? undefined} />
      {pending ? (
        <section class="card confirm-card" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{v.t('shop.order.confirm_title')}</h2>
          <p>{v.t('shop.order.confirm_text')}</p>
          {o.expiresAt ? (
            <p class="muted small">
              {v.t('shop.order.expires')}{' '}
              <time datetime={o.expiresAt.toISOString()}>{fullDateText(v.locale, o.expiresAt)}</time>
            </p>
          ) : null}
          <form method="post" action={`/orders/${o.id}/confirm`} class="form">
            <Csrf v={v} />
            {methods.length > 1 ? (
              <div class="field">
                <label for="confirm-method">{v.t('shop.checkout.payment')}</label>
                <select id="confirm-method" name="payment_method_id">
                  {methods.map((m) => (
                    <option value={m.id} selected={m.id === o.paymentMethodId}>
                      {cardLabel(m)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <SubmitRow label={v.t('shop.order.confirm_pay', { total: money(v, o.totalAmount, o.currency) })} />
          </form>
          <form method="post" action={`/orders/${o.id}/cancel`} class="inline">
            <Csrf v={v} />
            <button type="submit" class="button ghost small">
              {v.t('shop.order.decline')}
            </button>
          </form>
        </section>
      ) : null}
      {awaiting ? (
        <section class="card confirm-card">
          <h2>{v.t('shop.order.action_title')}</h2>
          <p>{v.t('shop.order.action_text')}</p>
          <form method="post" action={`/orders/${o.id}/confirm`} class="inline">
            <Csrf v={v} />
            <button type="submit" class="button primary">
              {v.t('shop.order.action_confirm')}
            </button>
          </form>
        </section>
      ) : null}
      {pending || awaiting ? null : (
        <section class="card" aria-labelledby="where-title">
          <h2 id="where-title">{v.t('shop.order.where')}</h2>
          <OrderTimeline v={v} d={d} />
          <EventHistory v={v} d={d} />
        </section>
      )}
      <section class="card" aria-labelledby="lines-title">
        <h2 id="lines-title">{v.t('shop.order.items')}</h2>
        <OrderLinesTable v={v} d={d} />
        <AddressBlock v={v} d={d} />
        <OrderTerms t={v.t} username={d.brand.username} version={o.termsVersion} />
      </section>
      {renderLoaded(v, extensions)}
      {cancellable ? (
        <section class="card">
          <h2>{v.t('shop.order.cancel_title')}</h2>
          <p class="muted">{v.t(captured ? 'shop.order.cancel_text_refund' : 'shop.order.cancel_text')}</p>
          <form method="post" action={`/orders/${o.id}/cancel`} class="form">
            <Csrf v={v} />
            <div class="field">
              <label for="cancel-reason">{v.t('shop.order.cancel_reason')}</label>
              <input type="text" id="cancel-reason" name="reason" maxlength={500} />
            </div>
            <SubmitRow label={v.t('shop.order.cancel')} variant="danger" confirm={v.t('shop.order.cancel_confirm')} />
          </form>
        </section>
      ) : null}
      {d.returns.length ? (
        <section class="card">
          <h2>{v.t('shop.returns.title')}</h2>
          <ul class="list">
            {d.returns.map((r) => (
              <li class="list-item">
                <span class="list-main">
                  <strong>{v.t(`shop.returns.kind_${r.kind}` as 'shop.returns.kind_return')}</strong>
                  <span class="muted small">{r.reason}</span>
                  {r.resolution ? (
                    <span class="small">{v.t('shop.returns.brand_note', { note: r.resolution })}</span>
                  ) : null}
                </span>
                <span class="badge">{v.t(`shop.returns.status_${r.status}` as 'shop.returns.status_requested')}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {o.status === 'delivered' && !openReturn ? (
        <section class="card" aria-labelledby="return-title">
          <h2 id="return-title">{v.t('shop.returns.ask')}</h2>
          <form method="post" action={`/orders/${o.id}/returns`} class="form" enctype="multipart/form-data">
            <Csrf v={v} />
            <fieldset class="fieldset">
              <legend>{v.t('shop.returns.kind')}</legend>
              <label class="check">
                <input
                  type="radio"
                  name="kind"
                  value="return"
                  checked={(returnValues?.kind ?? 'return') === 'return'}
                />{' '}
                {v.t('shop.returns.kind_return')}
              </label>
              <label class="check">
                <input type="radio" name="kind" value="repair" checked={returnValues?.kind === 'repair'} />{' '}
                {v.t('shop.returns.kind_repair')}
              </label>
            </fieldset>
            <div class="field">
              <label for="return-reason">
                {v.t('shop.returns.reason')}
                <span class="required" aria-hidden="true">
                  {' '}
                  *
                </span>
              </label>
              <textarea id="return-reason" name="reason" rows={3} maxlength={2000} required>
                {returnValues?.reason ?? ''}
              </textarea>
            </div>
            <div class="field">
              <label for="return-photos">{v.t('shop.returns.photos')}</label>
              <p class="field-hint">{v.t('shop.returns.photos_hint')}</p>
              <input type="file" id="return-photos" name="photos" accept="image/jpeg,image/png,image/webp" multiple />
            </div>
            <SubmitRow label={v.t('shop.returns.send')} />
          </form>
        </section>
      ) : null}
    </div>
  );
};
