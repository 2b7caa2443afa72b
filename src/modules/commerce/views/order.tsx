/**
 * Orders as pages: the buyer's list, the status page ("where is my order": a timeline of paid,
 * preparing, shipped with carrier and tracking number, delivered; or cancelled / refunded), its
 * actions (confirm a reply-to-buy order, cancel before shipping, ask for a return or repair after
 * delivery), and the brand's console (filters, list, detail with the next steps, CSV export).
 */
import type { Child, FC } from 'hono/jsx';
import { fullDateText, RelativeTime } from '../../../web/components';
import { renderLoaded, type LoadedExtensions, type OrderPageExtension } from '../extensions';
import type { OrderDetail, OrderSummary } from '../orders';
import type { OrderStatus } from '../schema';
import type { PaymentMethod } from '../payments';
import { cardLabel, FormError } from './checkout';
import { money, type ShopView } from './product-card';
import { Csrf, Notice, SubmitRow } from './shared';

export const orderRef = (id: string) => id.replace(/-/g, '').slice(-8).toUpperCase();

export const StatusBadge: FC<{ v: ShopView; status: OrderStatus | string }> = ({ v, status }) => (
  <span class={`badge order-status status-${status.replace(/_/g, '-')}`}>{v.t(`shop.status.${status}` as 'shop.status.paid')}</span>
);

const itemsText = (lines: { title: string; quantity: number }[]) => lines.map((l) => (l.quantity > 1 ? `${l.title} × ${l.quantity}` : l.title)).join(', ');

// Timeline ----------------------------------------------------------------------------------------

type Milestone = { key: 'paid' | 'preparing' | 'shipped' | 'delivered'; at: Date | null; detail?: Child };
const RANK: Record<string, number> = { pending_confirmation: -1, awaiting_payment: -1, paid: 0, preparing: 1, shipped: 2, delivered: 3 };

/** The four steps of a parcel, each done (with its date), current, or to come. */
export const OrderTimeline: FC<{ v: ShopView; d: OrderDetail }> = ({ v, d }) => {
  const o = d.order;
  const eventAt = (type: string) => d.events.find((e) => e.type === type)?.createdAt ?? null;
  const steps: Milestone[] = [
    { key: 'paid', at: o.paidAt ?? eventAt('paid') },
    { key: 'preparing', at: eventAt('preparing') },
    {
      key: 'shipped',
      at: o.shippedAt ?? eventAt('shipped'),
      detail: o.carrier ? (
        <span class="timeline-detail">
          {v.t('shop.order.carrier', { carrier: o.carrier })} · {v.t('shop.order.tracking')} <code class="tracking-number">{o.trackingNumber}</code>
        </span>
      ) : null,
    },
    { key: 'delivered', at: o.deliveredAt ?? eventAt('delivered') },
  ];
  const terminal = o.status === 'cancelled' || o.status === 'refunded';
  // Where the parcel got to before a cancellation or a refund.
  const reached = terminal ? Math.max(-1, ...steps.map((s, i) => (s.at ? i : -1))) : (RANK[o.status] ?? -1);
  return (
    <ol class={`order-timeline${terminal ? ' is-stopped' : ''}`} aria-label={v.t('shop.order.timeline')}>
      {steps.map((s, i) => {
        // A step the brand went past without recording it (shipped without "preparing") is skipped, not done.
        const state = i < reached && !s.at ? 'skipped' : i < reached || (i === reached && (s.key === 'delivered' || terminal)) ? 'done' : i === reached ? 'current' : 'todo';
        return (
          <li class={`timeline-step is-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span class="timeline-dot" aria-hidden="true">
              {state === 'todo' || state === 'skipped' ? '' : '✓'}
            </span>
            <span class="timeline-text">
              <strong>{v.t(`shop.timeline.${s.key}` as 'shop.timeline.paid')}</strong>
              {s.at ? <time datetime={s.at.toISOString()}>{fullDateText(v.locale, s.at)}</time> : <span class="muted">{state === 'todo' && !terminal ? v.t('shop.timeline.todo') : ''}</span>}
              {s.at ? s.detail : null}
            </span>
          </li>
        );
      })}
      {terminal ? (
        <li class="timeline-step is-terminal">
          <span class="timeline-dot" aria-hidden="true">
            ×
          </span>
          <span class="timeline-text">
            <strong>{v.t(`shop.status.${o.status}` as 'shop.status.cancelled')}</strong>
            {o.cancelledAt || eventAt(o.status) ? <time>{fullDateText(v.locale, (o.cancelledAt ?? eventAt(o.status))!)}</time> : null}
          </span>
        </li>
      ) : null}
    </ol>
  );
};

const EventHistory: FC<{ v: ShopView; d: OrderDetail }> = ({ v, d }) => (
  <details class="order-history">
    <summary>{v.t('shop.order.history')}</summary>
    <ul class="list">
      {d.events.map((e) => (
        <li class="list-item">
          <span class="list-main">
            <span>{v.t(`shop.event.${e.type}` as 'shop.event.paid')}</span>
            {typeof e.data?.amount === 'number' ? <span class="muted small">{money(v, e.data.amount as number, d.order.currency)}</span> : null}
            {typeof e.data?.reason === 'string' ? <span class="muted small">{e.data.reason as string}</span> : null}
          </span>
          <RelativeTime date={e.createdAt} locale={v.locale} class="muted small" />
        </li>
      ))}
    </ul>
  </details>
);

/** Lines and totals, with the VAT they include. */
export const OrderLinesTable: FC<{ v: ShopView; d: OrderDetail }> = ({ v, d }) => {
  const o = d.order;
  return (
    <dl class="summary-lines order-lines">
      {d.lines.map((l) => (
        <div class="summary-row">
          <dt>
            {l.title}
            {Object.values(l.options ?? {}).length ? <span class="muted"> · {Object.values(l.options).join(' · ')}</span> : null} <span class="muted">× {l.quantity}</span>
          </dt>
          <dd>{money(v, l.totalAmount, o.currency)}</dd>
        </div>
      ))}
      <div class="summary-row is-sub">
        <dt>{v.t('shop.summary.subtotal')}</dt>
        <dd>{money(v, o.subtotalAmount, o.currency)}</dd>
      </div>
      <div class="summary-row is-sub">
        <dt>
          {v.t('shop.summary.shipping')}
          {o.shippingMethodName ? <span class="muted"> · {o.shippingMethodName}</span> : null}
        </dt>
        <dd>{o.shippingAmount === 0 ? v.t('shop.shipping.free') : money(v, o.shippingAmount, o.currency)}</dd>
      </div>
      <div class="summary-row is-total">
        <dt>{v.t('shop.summary.total')}</dt>
        <dd>{money(v, o.totalAmount, o.currency)}</dd>
      </div>
      <div class="summary-row is-vat">
        <dt>{v.t('shop.summary.vat_included')}</dt>
        <dd>{money(v, o.vatAmount, o.currency)}</dd>
      </div>
      {o.refundedAmount > 0 ? (
        <div class="summary-row is-refund">
          <dt>{v.t('shop.order.refunded')}</dt>
          <dd>− {money(v, o.refundedAmount, o.currency)}</dd>
        </div>
      ) : null}
    </dl>
  );
};

const AddressBlock: FC<{ v: ShopView; d: OrderDetail }> = ({ v, d }) => {
  const a = d.order.shippingAddress;
  return (
    <div class="order-facts grid cols-2">
      <div>
        <h3 class="small-title">{v.t('shop.order.ship_to')}</h3>
        {a ? (
          <address>
            {a.name}
            <br />
            {a.line1}
            {a.line2 ? (
              <>
                <br />
                {a.line2}
              </>
            ) : null}
            <br />
            {a.postal_code} {a.city} ({a.country})
          </address>
        ) : (
          <p class="muted">{v.t('shop.order.no_address')}</p>
        )}
      </div>
      <div>
        <h3 class="small-title">{v.t('shop.order.payment')}</h3>
        <p>{d.paymentMethod ? `${d.paymentMethod.brand.toUpperCase()} •••• ${d.paymentMethod.last4}` : '—'}</p>
      </div>
    </div>
  );
};

// Buyer pages --------------------------------------------------------------------------------------

export const MyOrdersPage: FC<{ v: ShopView; orders: OrderSummary[]; older: string | null; tabs: Child }> = ({ v, orders, older, tabs }) => (
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
                  {brand.displayName || brand.username} · n° {orderRef(o.id)} · <RelativeTime date={o.createdAt} locale={v.locale} />
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
  const openReturn = d.returns.find((r) => r.status === 'requested' || r.status === 'accepted' || r.status === 'received');
  return (
    <div class="narrow-wide stack order-page">
      <header class="page-header order-header">
        <p class="eyebrow">
          <a href="/orders">{v.t('shop.orders.title')}</a>
        </p>
        <h1>{v.t('shop.order.title', { ref: orderRef(o.id) })}</h1>
        <p class="muted">
          {v.t('shop.order.from', { name: d.brand.displayName || d.brand.username })} · <time datetime={o.createdAt.toISOString()}>{fullDateText(v.locale, o.createdAt)}</time> · <StatusBadge v={v} status={o.status} />
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
              {v.t('shop.order.expires')} <time datetime={o.expiresAt.toISOString()}>{fullDateText(v.locale, o.expiresAt)}</time>
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
      </section>
      {renderLoaded(v, extensions)}
      {cancellable ? (
        <section class="card">
          <h2>{v.t('shop.order.cancel_title')}</h2>
          <p class="muted">{v.t('shop.order.cancel_text')}</p>
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
                  {r.resolution ? <span class="small">{v.t('shop.returns.brand_note', { note: r.resolution })}</span> : null}
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
                <input type="radio" name="kind" value="return" checked={(returnValues?.kind ?? 'return') === 'return'} /> {v.t('shop.returns.kind_return')}
              </label>
              <label class="check">
                <input type="radio" name="kind" value="repair" checked={returnValues?.kind === 'repair'} /> {v.t('shop.returns.kind_repair')}
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

// Brand console ---------------------------------------------------------------------------------------

export const CONSOLE_FILTERS = ['', 'paid', 'preparing', 'shipped', 'delivered', 'cancelled', 'refunded', 'pending_confirmation'] as const;

export const BrandOrdersPage: FC<{ v: ShopView; brand: { username: string; displayName: string }; orders: OrderSummary[]; status: string; older: string | null }> = ({ v, brand, orders, status, older }) => {
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
              <caption class="visually-hidden">{v.t('shop.console.title', { name: brand.displayName || brand.username })}</caption>
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
                      <a href={`${base}/${o.id}`}>{orderRef(o.id)}</a>
                    </th>
                    <td>
                      <RelativeTime date={o.createdAt} locale={v.locale} />
                    </td>
                    <td>@{buyer.username}</td>
                    <td class="items-cell">{itemsText(lines)}</td>
                    <td class="num">{money(v, o.totalAmount, o.currency)}</td>
                    <td>
                      <StatusBadge v={v} status={o.status} />
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

const ActionForm: FC<{ v: ShopView; action: string; label: string; variant?: string; confirm?: string; children?: Child }> = ({ v, action, label, variant = 'secondary', confirm, children }) => (
  <form method="post" action={action} class="inline-form console-action">
    <Csrf v={v} />
    {children}
    <button type="submit" class={`button ${variant} small`} data-confirm={confirm}>
      {label}
    </button>
  </form>
);

export const BrandOrderPage: FC<{ v: ShopView; brandUsername: string; d: OrderDetail; canRefund: boolean; notice?: string | null; error?: string | null }> = ({ v, brandUsername, d, canRefund, notice, error }) => {
  const o = d.order;
  const base = `/brands/${brandUsername}/orders/${o.id}`;
  const refundable = ['paid', 'preparing', 'shipped', 'delivered'].includes(o.status) && o.totalAmount - o.refundedAmount > 0;
  return (
    <div class="narrow-wide stack order-page">
      <header class="page-header">
        <p class="eyebrow">
          <a href={`/brands/${brandUsername}/orders`}>{v.t('shop.console.back')}</a>
        </p>
        <h1>{v.t('shop.order.title', { ref: orderRef(o.id) })}</h1>
        <p class="muted">
          @{d.buyer.username} · <time datetime={o.createdAt.toISOString()}>{fullDateText(v.locale, o.createdAt)}</time> · <StatusBadge v={v} status={o.status} />
        </p>
      </header>
      <Notice text={notice} />
      <FormError message={error ?? undefined} />
      <section class="card stack" aria-labelledby="next-title">
        <h2 id="next-title">{v.t('shop.console.next')}</h2>
        <div class="console-actions">
          {o.status === 'paid' ? <ActionForm v={v} action={`${base}/prepare`} label={v.t('shop.console.prepare')} /> : null}
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
          {o.status === 'shipped' ? <ActionForm v={v} action={`${base}/deliver`} label={v.t('shop.console.deliver')} variant="primary" /> : null}
          {canRefund && ['pending_confirmation', 'awaiting_payment', 'paid', 'preparing'].includes(o.status) ? (
            <ActionForm v={v} action={`${base}/cancel`} label={v.t('shop.console.cancel')} variant="danger" confirm={v.t('shop.console.cancel_confirm')} />
          ) : null}
          {o.status === 'delivered' || o.status === 'cancelled' || o.status === 'refunded' ? <p class="muted">{v.t('shop.console.nothing_next')}</p> : null}
        </div>
        {canRefund && refundable ? (
          <form method="post" action={`${base}/refund`} class="form refund-form">
            <Csrf v={v} />
            <div class="field">
              <label for="refund-amount">{v.t('shop.console.refund_amount', { currency: o.currency })}</label>
              <p class="field-hint">{v.t('shop.console.refund_hint', { max: money(v, o.totalAmount - o.refundedAmount, o.currency) })}</p>
              <input type="text" id="refund-amount" name="amount" inputmode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" />
            </div>
            <div class="field">
              <label for="refund-reason">{v.t('shop.console.refund_reason')}</label>
              <input type="text" id="refund-reason" name="reason" maxlength={500} />
            </div>
            <SubmitRow label={v.t('shop.console.refund')} variant="danger" confirm={v.t('shop.console.refund_confirm')} />
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
      </section>
      {d.returns.length ? (
        <section class="card">
          <h2>{v.t('shop.returns.title')}</h2>
          <ul class="list">
            {d.returns.map((r) => (
              <li class="list-item return-item">
                <span class="list-main">
                  <strong>
                    {v.t(`shop.returns.kind_${r.kind}` as 'shop.returns.kind_return')} · {v.t(`shop.returns.status_${r.status}` as 'shop.returns.status_requested')}
                  </strong>
                  <span>{r.reason}</span>
                  {r.photoPaths.length ? (
                    <span class="return-photos">
                      {r.photoPaths.map((p) => (
                        <a href={`/media/${p}`} target="_blank" rel="noopener">
                          <img src={`/media/${p}`} alt={v.t('shop.returns.photo')} width="64" height="64" loading="lazy" />
                        </a>
                      ))}
                    </span>
                  ) : null}
                </span>
                <span class="list-actions">
                  {r.status === 'requested' ? <ActionForm v={v} action={`${base}/returns/${r.id}/accept`} label={v.t('shop.returns.accept')} /> : null}
                  {r.status === 'requested' || r.status === 'accepted' ? (
                    <ActionForm v={v} action={`${base}/returns/${r.id}/refuse`} label={v.t('shop.returns.refuse')} variant="ghost">
                      <label class="visually-hidden" for={`note-${r.id}`}>
                        {v.t('shop.returns.note')}
                      </label>
                      <input type="text" id={`note-${r.id}`} name="note" placeholder={v.t('shop.returns.note')} maxlength={2000} />
                    </ActionForm>
                  ) : null}
                  {r.status === 'accepted' ? <ActionForm v={v} action={`${base}/returns/${r.id}/receive`} label={v.t('shop.returns.receive')} /> : null}
                  {(r.status === 'accepted' || r.status === 'received') && (r.kind === 'repair' || canRefund) ? (
                    <ActionForm v={v} action={`${base}/returns/${r.id}/resolve`} label={r.kind === 'repair' ? v.t('shop.returns.repaired') : v.t('shop.returns.refund')} variant="primary" />
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
