// Pieces of the order pages: the timeline, the event history, the lines table and the address.
import type { Child, FC } from 'hono/jsx';
import { fullDateText, RelativeTime } from '../../../web/components';
import type { OrderDetail } from '../orders';
import { money, type ShopView } from './product-card';
import { rateText, vatByRate } from '../tax';

type Milestone = { key: 'paid' | 'preparing' | 'shipped' | 'delivered'; at: Date | null; detail?: Child };
const RANK: Record<string, number> = {
  pending_confirmation: -1,
  awaiting_payment: -1,
  paid: 0,
  preparing: 1,
  shipped: 2,
  delivered: 3,
};

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
          {v.t('shop.order.carrier', { carrier: o.carrier })} · {v.t('shop.order.tracking')}{' '}
          <code class="tracking-number">{o.trackingNumber}</code>
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
        const state =
          i < reached && !s.at
            ? 'skipped'
            : i < reached || (i === reached && (s.key === 'delivered' || terminal))
              ? 'done'
              : i === reached
                ? 'current'
                : 'todo';
        return (
          <li class={`timeline-step is-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span class="timeline-dot" aria-hidden="true">
              {state === 'todo' || state === 'skipped' ? '' : '✓'}
            </span>
            <span class="timeline-text">
              <strong>{v.t(`shop.timeline.${s.key}` as 'shop.timeline.paid')}</strong>
              {s.at ? (
                <time datetime={s.at.toISOString()}>{fullDateText(v.locale, s.at)}</time>
              ) : (
                <span class="muted">{state === 'todo' && !terminal ? v.t('shop.timeline.todo') : ''}</span>
              )}
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
            {o.cancelledAt || eventAt(o.status) ? (
              <time>{fullDateText(v.locale, (o.cancelledAt ?? eventAt(o.status))!)}</time>
            ) : null}
          </span>
        </li>
      ) : null}
    </ol>
  );
};

export const EventHistory: FC<{ v: ShopView; d: OrderDetail }> = ({ v, d }) => (
  <details class="order-history">
    <summary>{v.t('shop.order.history')}</summary>
    <ul class="list">
      {d.events.map((e) => (
        <li class="list-item">
          <span class="list-main">
            <span>
              {e.type === 'paid' && e.data?.captured === true
                ? v.t('shop.event.paid_captured')
                : v.t(`shop.event.${e.type}` as 'shop.event.paid')}
            </span>
            {typeof e.data?.amount === 'number' ? (
              <span class="muted small">{money(v, e.data.amount as number, d.order.currency)}</span>
            ) : null}
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
  const rates = vatByRate(d.lines, o.shippingAmount);
  const invoiced = !['awaiting_payment', 'pending_confirmation'].includes(o.status);
  return (
    <>
      <dl class="summary-lines order-lines">
        {d.lines.map((l) => (
          <div class="summary-row">
            <dt>
              {l.title}
              {Object.values(l.options ?? {}).length ? (
                <span class="muted"> · {Object.values(l.options).join(' · ')}</span>
              ) : null}
              {/* Its own line and words: a variant may hold a "×" itself (3 × 100 g). */}
              <span class="line-qty">{v.t('shop.line.quantity', { count: l.quantity })}</span>
              {l.sale ? (
                <span class="line-sale muted small">
                  {v.t('sale.order_line', {
                    label: l.sale.label,
                    amount: money(v, l.sale.referenceAmount, o.currency),
                  })}
                </span>
              ) : null}
              {l.editionNumbers?.length ? (
                <span class="edition-numbers">
                  {v.t('edition.numbers', { numbers: l.editionNumbers.join(', ') })} ·{' '}
                  <a href={`/orders/${o.id}/certificates/${l.id}`}>{v.t('edition.certificate.link')}</a>
                </span>
              ) : null}
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
        {rates.length > 1 ? (
          rates.map((r) => (
            <div class="summary-row is-vat">
              <dt>{v.t('tax.vat_at', { rate: rateText(r.rateBp, v.locale) })}</dt>
              <dd>{money(v, r.vat, o.currency)}</dd>
            </div>
          ))
        ) : (
          <div class="summary-row is-vat">
            <dt>{v.t('shop.summary.vat_included')}</dt>
            <dd>{money(v, o.vatAmount, o.currency)}</dd>
          </div>
        )}
        {o.refundedAmount > 0 ? (
          <div class="summary-row is-refund">
            <dt>{v.t('shop.order.refunded')}</dt>
            <dd>− {money(v, o.refundedAmount, o.currency)}</dd>
          </div>
        ) : null}
      </dl>
      {invoiced ? (
        <p class="order-invoice-link">
          <a href={`/orders/${o.id}/invoice`}>{v.t('tax.invoice.link')}</a>
        </p>
      ) : null}
    </>
  );
};

export const AddressBlock: FC<{ v: ShopView; d: OrderDetail }> = ({ v, d }) => {
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
