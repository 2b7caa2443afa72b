/**
 * The printable invoice of a paid order: GET /orders/:id/invoice, for its buyer and the brand's
 * team only (commerce's order access: anyone else gets 404). The seller is the brand: its legal
 * name, address and identifiers come from its profile fields when it filled them ("Raison
 * sociale", "Adresse", "SIRET", "TVA"...), else its name and location. Lines show the unit price
 * excluding VAT and each line's stored rate; totals per rate follow (tax.ts). The number is
 * FA-<year>-<n>: the order's rank among the brand's paid orders of that year (Paris time), a
 * chronological sequence without gaps since a paid order is never deleted.
 */
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { DbOrTx } from '../../../db/client';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import type { AppEnv } from '../../../http/types';
import { fullDateText, PAGE_TIME_ZONE } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import { loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { getAccount, type Account } from '../../accounts';
import { formatMoney, vatIncluded } from '../money';
import { rateText, shippingRate as shippingRateOf, vatByRate } from '../tax';
import { orderNumber } from './model';
import { getOrder, type OrderDetail } from './read';

type InvoiceView = { t: T; locale: Locale };
type Seller = { name: string; address: string; ids: { name: string; value: string }[] };

// A pattern with letters beyond ASCII is written as a string: the built server stays ASCII (scripts/build.mjs).
const LEGAL_NAME = new RegExp('raison sociale|legal name|dénomination|company', 'i');
const ADDRESS = new RegExp('adresse|address|siège', 'i');
const IDENTIFIER = new RegExp('siret|siren|rcs|tva|vat|n° ?tva|ape|capital', 'i');

export function sellerOf(brand: Pick<Account, 'displayName' | 'username' | 'location' | 'fields'>): Seller {
  const fields = brand.fields ?? [];
  return {
    name: fields.find((f) => LEGAL_NAME.test(f.name))?.value || brand.displayName || brand.username,
    address: fields.find((f) => ADDRESS.test(f.name))?.value || brand.location,
    ids: fields.filter((f) => IDENTIFIER.test(f.name) && !LEGAL_NAME.test(f.name) && !ADDRESS.test(f.name)),
  };
}

/** FA-2026-00042: the order's rank among the brand's orders paid in the same (Paris) year. */
export async function invoiceNumber(db: DbOrTx, order: { id: string; brandId: string; paidAt: Date }) {
  const year = new Intl.DateTimeFormat('en-GB', { timeZone: PAGE_TIME_ZONE, year: 'numeric' }).format(order.paidAt);
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from orders where brand_id = ${order.brandId} and paid_at is not null
          and extract(year from paid_at at time zone ${PAGE_TIME_ZONE}) = ${Number(year)}
          and (paid_at, id) <= (${order.paidAt.toISOString()}::timestamptz, ${order.id}::uuid)`,
  );
  return `FA-${year}-${String(row?.n ?? 1).padStart(5, '0')}`;
}

const excl = (gross: number, vat: number) => gross - vat;

export const InvoicePage: FC<{ v: InvoiceView; d: OrderDetail; seller: Seller; number: string }> = ({
  v,
  d,
  seller,
  number,
}) => {
  const o = d.order;
  const fmt = (amount: number) => formatMoney(amount, o.currency, v.locale);
  const rates = vatByRate(d.lines, o.shippingAmount);
  const shippingRate = shippingRateOf(
    d.lines.map((l) => l.vatRateBp),
    0,
  );
  const shippingVat = vatIncluded(o.shippingAmount, shippingRate);
  const a = o.shippingAddress;
  return (
    <article class="card invoice" lang={v.locale}>
      <header class="invoice-header">
        <h1>{v.t('tax.invoice.title', { number })}</h1>
        <dl class="invoice-facts">
          <dt>{v.t('tax.invoice.number')}</dt>
          <dd>{number}</dd>
          <dt>{v.t('tax.invoice.date')}</dt>
          <dd>{o.paidAt ? fullDateText(v.locale, o.paidAt) : ''}</dd>
          <dt>{v.t('tax.invoice.order')}</dt>
          <dd>{orderNumber(o.id)}</dd>
        </dl>
      </header>
      <div class="invoice-parties grid cols-2">
        <section>
          <h2 class="small-title">{v.t('tax.invoice.seller')}</h2>
          <p class="invoice-seller">
            <strong>{seller.name}</strong>
            {seller.address ? <span class="invoice-address">{seller.address}</span> : null}
            {seller.ids.map((f) => (
              <span class="invoice-id">
                {f.name} : {f.value}
              </span>
            ))}
          </p>
        </section>
        <section>
          <h2 class="small-title">{v.t('tax.invoice.buyer')}</h2>
          <p>
            <strong>
              {a?.name || (d.buyer.deleted ? v.t('erase.deleted_account') : d.buyer.displayName || d.buyer.username)}
            </strong>
            {a ? (
              <span class="invoice-address">
                {[a.line1, a.line2, `${a.postal_code} ${a.city}`, a.country].filter(Boolean).join(', ')}
              </span>
            ) : null}
          </p>
        </section>
      </div>
      <table class="invoice-lines">
        <thead>
          <tr>
            <th scope="col">{v.t('tax.invoice.item')}</th>
            <th scope="col" class="num">
              {v.t('tax.invoice.quantity')}
            </th>
            <th scope="col" class="num">
              {v.t('tax.invoice.unit_excl')}
            </th>
            <th scope="col" class="num">
              {v.t('tax.invoice.rate')}
            </th>
            <th scope="col" class="num">
              {v.t('tax.invoice.total_excl')}
            </th>
            <th scope="col" class="num">
              {v.t('tax.invoice.total_incl')}
            </th>
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l) => {
            const base = excl(l.totalAmount, l.vatAmount);
            return (
              <tr>
                <td>
                  {l.title}
                  {Object.values(l.options ?? {}).length ? ` · ${Object.values(l.options).join(' · ')}` : ''}
                  <span class="muted small"> ({l.sku})</span>
                </td>
                <td class="num">{l.quantity}</td>
                <td class="num">{fmt(Math.round(base / l.quantity))}</td>
                <td class="num">{rateText(l.vatRateBp, v.locale)}</td>
                <td class="num">{fmt(base)}</td>
                <td class="num">{fmt(l.totalAmount)}</td>
              </tr>
            );
          })}
          {o.shippingAmount > 0 ? (
            <tr>
              <td>
                {v.t('tax.invoice.shipping')}
                {o.shippingMethodName ? ` · ${o.shippingMethodName}` : ''}
              </td>
              <td class="num">1</td>
              <td class="num">{fmt(o.shippingAmount - shippingVat)}</td>
              <td class="num">{rateText(shippingRate, v.locale)}</td>
              <td class="num">{fmt(o.shippingAmount - shippingVat)}</td>
              <td class="num">{fmt(o.shippingAmount)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <h2 class="small-title">{v.t('tax.invoice.per_rate')}</h2>
      <table class="invoice-rates">
        <thead>
          <tr>
            <th scope="col">{v.t('tax.invoice.rate')}</th>
            <th scope="col" class="num">
              {v.t('tax.invoice.base')}
            </th>
            <th scope="col" class="num">
              {v.t('tax.invoice.vat')}
            </th>
            <th scope="col" class="num">
              {v.t('tax.invoice.total_incl')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rates.map((r) => (
            <tr>
              <td>{rateText(r.rateBp, v.locale)}</td>
              <td class="num">{fmt(r.base)}</td>
              <td class="num">{fmt(r.vat)}</td>
              <td class="num">{fmt(r.gross)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{v.t('tax.invoice.total_incl')}</th>
            <td class="num">{fmt(o.totalAmount - o.vatAmount)}</td>
            <td class="num">{fmt(o.vatAmount)}</td>
            <td class="num">
              <strong>{fmt(o.totalAmount)}</strong>
            </td>
          </tr>
          {o.refundedAmount > 0 ? (
            <tr>
              <th scope="row">{v.t('tax.invoice.refunded')}</th>
              <td />
              <td />
              <td class="num">− {fmt(o.refundedAmount)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>
      <p class="muted small">{v.t('tax.invoice.footer')}</p>
    </article>
  );
};

export const invoicePages: RouteModule = (app, ctx) => {
  app.get('/orders/:id/invoice', async (c: Context<AppEnv>) => {
    const viewerId = c.get('viewer')?.accountId;
    if (!viewerId) return loginRedirect(c);
    const t = tOf(c);
    const id = (c.req.param('id') ?? '').toLowerCase();
    const missing = () => renderError(c, 404, t('shop.error.order_not_found'), ctx);
    if (!isUuid(id)) return missing();
    let d: OrderDetail;
    try {
      d = await getOrder(ctx, viewerId, id);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return missing();
      throw error;
    }
    if (!d.order.paidAt) return renderError(c, 409, t('tax.invoice.unpaid'), ctx);
    const [brand, number] = await Promise.all([
      getAccount(ctx, d.order.brandId),
      invoiceNumber(ctx.db, { id: d.order.id, brandId: d.order.brandId, paidAt: new Date(d.order.paidAt) }),
    ]);
    return renderPage(c, {
      meta: { title: t('tax.invoice.title', { number }), noindex: true },
      body: <InvoicePage v={{ t, locale: c.get('locale') }} d={d} seller={sellerOf(brand)} number={number} />,
    });
  });
};
