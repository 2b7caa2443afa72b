/**
 * The e-mails a buyer gets at each step of an order, in French or English: plain text, plus a
 * simple HTML part where every value that came from a person (names, titles, addresses, notes,
 * tracking numbers) is escaped.
 */
import { formatMoney } from '../money';
import { rateText, vatByRate } from '../tax';
import { orderNumber, type OrderEventName } from './model';
import type { OrderDetail } from './read';

export type MailLocale = 'fr' | 'en';
export type RenderedMail = { subject: string; text: string; html: string };

type Strings = {
  subject: Record<OrderEventName, string>;
  headline: Record<OrderEventName, string>;
  /** Headlines for an order captured when paid, and for its cancellation (refunded, not voided). */
  paidCaptured: string;
  cancelledRefunded: string;
  hello: (name: string) => string;
  carrier: string;
  tracking: string;
  refundAmount: string;
  note: string;
  summary: string;
  shipping: string;
  total: string;
  vat: string;
  edition: (numbers: string) => string;
  refunded: string;
  address: string;
  follow: string;
  /** The terms of sale the buyer accepted (legal/), in the confirmation. */
  terms: (version: number) => string;
  signature: (brand: string) => string;
  footer: string;
};

const FR: Strings = {
  subject: {
    paid: 'Commande {n} confirmée',
    preparing: 'Commande {n} en préparation',
    shipped: 'Commande {n} expédiée',
    delivered: 'Commande {n} livrée',
    cancelled: 'Commande {n} annulée',
    refunded: 'Commande {n} remboursée',
    partially_refunded: 'Commande {n} : remboursement partiel',
    return_requested: 'Commande {n} : demande reçue',
    return_accepted: 'Commande {n} : demande acceptée',
    return_refused: 'Commande {n} : demande refusée',
    return_received: 'Commande {n} : article reçu',
    return_refunded: 'Commande {n} : retour remboursé',
    repaired: 'Commande {n} : réparation terminée',
    withdrawal_requested: 'Commande {n} : rétractation reçue',
  },
  headline: {
    paid: 'Merci pour votre commande : le paiement est autorisé, {brand} va la préparer.',
    preparing: '{brand} prépare votre commande.',
    shipped: 'Votre commande est en route.',
    delivered: 'Votre commande a été livrée. Bonne dégustation !',
    cancelled: 'Votre commande a été annulée. Rien ne vous sera débité.',
    refunded: 'Votre commande a été remboursée.',
    partially_refunded: 'Une partie de votre commande a été remboursée.',
    return_requested: 'Nous avons bien reçu votre demande ; {brand} va vous répondre.',
    return_accepted: '{brand} a accepté votre demande.',
    return_refused: '{brand} a refusé votre demande.',
    return_received: '{brand} a reçu votre article.',
    return_refunded: 'Votre retour a été remboursé.',
    repaired: 'La réparation de votre article est terminée.',
    withdrawal_requested:
      'Nous avons bien reçu votre rétractation : renvoyez les articles sous 14 jours ; {brand} vous rembourse sous 14 jours.',
  },
  paidCaptured: 'Merci pour votre commande : le paiement est débité, {brand} va la préparer.',
  cancelledRefunded: 'Votre commande a été annulée et vous êtes remboursé(e).',
  hello: (name) => `Bonjour ${name},`,
  carrier: 'Transporteur',
  tracking: 'Numéro de suivi',
  refundAmount: 'Montant remboursé',
  note: 'Message de la marque',
  summary: 'Récapitulatif',
  shipping: 'Livraison',
  total: 'Total TTC',
  vat: 'dont TVA',
  edition: (numbers) => `édition limitée, n° ${numbers}`,
  refunded: 'Remboursé',
  address: 'Adresse de livraison',
  follow: 'Suivre votre commande',
  terms: (version) => `Conditions générales de vente acceptées (version ${version})`,
  signature: (brand) => `— ${brand}, sur Comptoir`,
  footer: 'Vous recevez ce message parce que vous avez passé cette commande sur Comptoir.',
};

const EN: Strings = {
  subject: {
    paid: 'Order {n} confirmed',
    preparing: 'Order {n} is being prepared',
    shipped: 'Order {n} has shipped',
    delivered: 'Order {n} was delivered',
    cancelled: 'Order {n} cancelled',
    refunded: 'Order {n} refunded',
    partially_refunded: 'Order {n}: partial refund',
    return_requested: 'Order {n}: request received',
    return_accepted: 'Order {n}: request accepted',
    return_refused: 'Order {n}: request declined',
    return_received: 'Order {n}: item received',
    return_refunded: 'Order {n}: return refunded',
    repaired: 'Order {n}: repair completed',
    withdrawal_requested: 'Order {n}: withdrawal received',
  },
  headline: {
    paid: 'Thank you for your order: the payment is authorised and {brand} will prepare it.',
    preparing: '{brand} is preparing your order.',
    shipped: 'Your order is on its way.',
    delivered: 'Your order was delivered. Enjoy!',
    cancelled: 'Your order was cancelled. You will not be charged.',
    refunded: 'Your order was refunded.',
    partially_refunded: 'Part of your order was refunded.',
    return_requested: 'We received your request; {brand} will answer you.',
    return_accepted: '{brand} accepted your request.',
    return_refused: '{brand} declined your request.',
    return_received: '{brand} received your item.',
    return_refunded: 'Your return was refunded.',
    repaired: 'The repair of your item is complete.',
    withdrawal_requested:
      'We received your withdrawal: send the items back within 14 days; {brand} refunds you within 14 days.',
  },
  paidCaptured: 'Thank you for your order: the payment is taken and {brand} will prepare it.',
  cancelledRefunded: 'Your order was cancelled and refunded.',
  hello: (name) => `Hello ${name},`,
  carrier: 'Carrier',
  tracking: 'Tracking number',
  refundAmount: 'Amount refunded',
  note: 'Message from the brand',
  summary: 'Summary',
  shipping: 'Shipping',
  total: 'Total incl. VAT',
  vat: 'including VAT',
  edition: (numbers) => `limited edition, no. ${numbers}`,
  refunded: 'Refunded',
  address: 'Shipping address',
  follow: 'Track your order',
  terms: (version) => `Terms of sale accepted (version ${version})`,
  signature: (brand) => `— ${brand}, on Comptoir`,
  footer: 'You are receiving this message because you placed this order on Comptoir.',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

/** Mail headers must stay one line: no CR/LF from a brand's name can inject a header. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

export function orderMail(input: {
  locale: MailLocale;
  event: OrderEventName;
  detail: OrderDetail;
  data?: Record<string, unknown>;
  publicUrl: string;
}): RenderedMail {
  const s = input.locale === 'en' ? EN : FR;
  const { order, lines, brand, buyer } = input.detail;
  const data = input.data ?? {};
  const brandName = brand.displayName || brand.username;
  const buyerName = buyer.displayName || buyer.username;
  const fmt = (amount: number) => formatMoney(amount, order.currency, input.locale);
  const n = orderNumber(order.id);
  const subject = oneLine(`${s.subject[input.event].replace('{n}', n)} · ${brandName}`);
  const refundedAtCancel = input.event === 'cancelled' && typeof data.amount === 'number';
  const headline = (
    input.event === 'paid' && data.captured === true
      ? s.paidCaptured
      : refundedAtCancel
        ? s.cancelledRefunded
        : s.headline[input.event]
  ).replace('{brand}', brandName);
  const url = `${input.publicUrl}/orders/${order.id}`;
  const terms =
    input.event === 'paid' && order.termsVersion != null
      ? {
          label: s.terms(order.termsVersion),
          url: `${input.publicUrl}/@${brand.username}/legal/terms/${order.termsVersion}`,
        }
      : null;

  const facts: [string, string][] = [];
  if (input.event === 'shipped' || (order.carrier && input.event === 'delivered')) {
    if (order.carrier) facts.push([s.carrier, order.carrier]);
    if (order.trackingNumber) facts.push([s.tracking, order.trackingNumber]);
  }
  if (
    typeof data.amount === 'number' &&
    ['refunded', 'partially_refunded', 'return_refunded', 'cancelled'].includes(input.event)
  )
    facts.push([s.refundAmount, fmt(data.amount)]);
  if (typeof data.note === 'string' && data.note) facts.push([s.note, data.note]);

  const lineTexts = lines.map((l) => {
    const options = Object.values(l.options ?? {}).join(', ');
    const numbers = l.editionNumbers?.length ? ` — ${s.edition(l.editionNumbers.join(', '))}` : '';
    return {
      label: `${l.quantity} × ${l.title}${options ? ` (${options})` : ''}${numbers}`,
      amount: fmt(l.totalAmount),
    };
  });
  const totals: [string, string][] = [
    [`${s.shipping}${order.shippingMethodName ? ` (${order.shippingMethodName})` : ''}`, fmt(order.shippingAmount)],
    [s.total, `${fmt(order.totalAmount)} (${s.vat} ${fmt(order.vatAmount)})`],
  ];
  // Several VAT rates (tax classes): each rate's VAT on its own line.
  const rates = vatByRate(lines, order.shippingAmount);
  if (rates.length > 1)
    for (const r of rates) totals.push([`${s.vat} ${rateText(r.rateBp, input.locale)}`, fmt(r.vat)]);
  if (order.refundedAmount > 0) totals.push([s.refunded, fmt(order.refundedAmount)]);
  const a = order.shippingAddress;
  const addressLines = a
    ? [a.name, a.line1, a.line2, `${a.postal_code} ${a.city}`, a.country].filter((x): x is string => Boolean(x))
    : [];

  // French typography puts a (narrow) space before the colon; English does not.
  const sep = input.locale === 'fr' ? '\u202f: ' : ': ';
  const text = [
    s.hello(buyerName),
    '',
    headline,
    '',
    ...facts.map(([k, v]) => `${k}${sep}${v}`),
    ...(facts.length ? [''] : []),
    `${s.summary} (${n})`,
    ...lineTexts.map((l) => `- ${l.label} — ${l.amount}`),
    ...totals.map(([k, v]) => `${k}${sep}${v}`),
    ...(addressLines.length ? ['', `${s.address}${sep.trimEnd()}`, ...addressLines] : []),
    ...(terms ? ['', `${terms.label}${sep}${terms.url}`] : []),
    '',
    `${s.follow}${sep}${url}`,
    '',
    s.signature(brandName),
    '',
    s.footer,
    '',
  ].join('\n');

  const row = (k: string, v: string) =>
    `<tr><th align="left" style="padding:2px 12px 2px 0;font-weight:normal;color:#555">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`;
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:16px">
<p>${escapeHtml(s.hello(buyerName))}</p>
<p><strong>${escapeHtml(headline)}</strong></p>
${facts.length ? `<table role="presentation">${facts.map(([k, v]) => row(k, v)).join('')}</table>` : ''}
<h2 style="font-size:16px;margin-top:24px">${escapeHtml(s.summary)} <span style="color:#777">${escapeHtml(n)}</span></h2>
<table role="presentation" style="width:100%;border-collapse:collapse">
${lineTexts.map((l) => `<tr><td style="padding:4px 0;border-bottom:1px solid #eee">${escapeHtml(l.label)}</td><td align="right" style="padding:4px 0;border-bottom:1px solid #eee">${escapeHtml(l.amount)}</td></tr>`).join('\n')}
${totals.map(([k, v]) => `<tr><td style="padding:4px 0">${escapeHtml(k)}</td><td align="right" style="padding:4px 0">${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
${addressLines.length ? `<p style="margin-top:16px"><span style="color:#555">${escapeHtml(s.address)}</span><br>${addressLines.map(escapeHtml).join('<br>')}</p>` : ''}
${terms ? `<p style="margin-top:16px;font-size:13px"><a href="${escapeHtml(terms.url)}">${escapeHtml(terms.label)}</a></p>` : ''}
<p style="margin-top:24px"><a href="${escapeHtml(url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(s.follow)}</a></p>
<p>${escapeHtml(s.signature(brandName))}</p>
<p style="color:#777;font-size:12px">${escapeHtml(s.footer)}</p>
</body></html>
`;
  return { subject, text, html };
}
