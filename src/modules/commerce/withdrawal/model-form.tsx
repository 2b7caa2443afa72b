/**
 * The model withdrawal form (annex to article R221-1 of the consumer code), prefilled with the
 * brand, the order and the buyer: a printable page for a buyer who prefers paper or e-mail.
 */
import type { FC } from 'hono/jsx';
import type { OrderDetail } from '../orders';
import type { ShopView } from '../views/product-card';
import { lawDate } from './section';

export const ModelForm: FC<{
  v: ShopView;
  d: OrderDetail;
  /** The brand's legal identity (commerce/legal), when filled in. */
  seller: { name: string; address: string } | null;
  periodEndsAt: Date | null;
  number: string;
}> = ({ v, d, seller, periodEndsAt, number }) => {
  const a = d.order.shippingAddress;
  const address = a ? [a.line1, a.line2, `${a.postal_code} ${a.city}`, a.country].filter(Boolean).join(', ') : '';
  return (
    <article class="narrow stack card withdrawal-model">
      <h1>{v.t('withdrawal.model.title')}</h1>
      <p class="muted">{v.t('withdrawal.model.intro')}</p>
      <p>
        {v.t('withdrawal.model.to', {
          brand: seller ? `${seller.name}, ${seller.address}` : d.brand.displayName || d.brand.username,
        })}
      </p>
      <p>{v.t('withdrawal.model.notify')}</p>
      <p>{v.t('withdrawal.model.order', { ref: number })}</p>
      <ul>
        {d.lines.map((l) => (
          <li>{l.quantity > 1 ? `${l.title} × ${l.quantity}` : l.title}</li>
        ))}
      </ul>
      <p>{v.t('withdrawal.model.ordered', { date: lawDate(v, d.order.createdAt) })}</p>
      <p>{v.t('withdrawal.model.received', { date: d.order.deliveredAt ? lawDate(v, d.order.deliveredAt) : '' })}</p>
      <p>{v.t('withdrawal.model.name', { name: a?.name ?? (d.buyer.displayName || d.buyer.username) })}</p>
      <p>{v.t('withdrawal.model.address', { address })}</p>
      <p>{v.t('withdrawal.model.signature')}</p>
      <p>{v.t('withdrawal.model.date')}</p>
      {periodEndsAt ? <p class="muted small">{v.t('withdrawal.intro', { date: lawDate(v, periodEndsAt) })}</p> : null}
      <p class="muted small">{v.t('withdrawal.model.online')}</p>
      <p class="no-print">
        <a class="button ghost" href={`/orders/${d.order.id}#withdrawal`}>
          {v.t('withdrawal.model.back')}
        </a>
      </p>
    </article>
  );
};
