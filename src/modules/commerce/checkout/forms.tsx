// The checkout forms: reading the choices, the product bought, and the buy form with its state.
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { badRequest } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import type { Params } from '../../../http/params';
import { renderPage } from '../../../web/page';
import { listAddresses, saveAddress, type Address } from '../shipping';
import { estimate, shippingOptions, type ShippingOption } from '../cart';
import { placeOrder, type PlacedOrder } from './place';
import type { OrderRequest, Referral } from './quote';
import { listPaymentMethods, savePaymentMethod, type PaymentMethod } from '../payments';
import { BuyForm, MAX_BUY_QUANTITY, type BuyFormProps, type PlacedView } from '../views/buy-dialog';
import {
  emptyAddress,
  TEST_TOKENS,
  type CheckoutChoices,
  type FieldErrors,
  type NewAddressValues,
} from '../views/checkout';
import { productsByIds, productSummary, type ProductSummary, shownPrice } from '../catalog';
import { variants } from '../schema';
import { buyerOf, type Ctx, isHtmx, shopView } from '../page-helpers';
import { checkoutTerms } from '../legal';

export const s = (p: Params, key: string) => (typeof p[key] === 'string' ? (p[key] as string).trim() : '');
export const newKey = () => crypto.randomUUID();

export function readKey(p: Params): string {
  const key = s(p, 'idempotency_key');
  if (key.length > 100) throw badRequest('invalid_idempotency_key', 'The form key is malformed');
  return key;
}

export function readNewAddress(p: Params): NewAddressValues {
  return {
    name: s(p, 'addr_name'),
    line1: s(p, 'addr_line1'),
    line2: s(p, 'addr_line2'),
    postal_code: s(p, 'addr_postal_code'),
    city: s(p, 'addr_city'),
    country: (s(p, 'addr_country') || 'FR').toUpperCase(),
    phone: s(p, 'addr_phone'),
  };
}

/** The choices of a checkout form, or the buyer's defaults on a first render. */
export function choicesFrom(
  p: Params | null,
  addresses: Address[],
  methods: PaymentMethod[],
  shipping: ShippingOption[],
  buyerName: string,
): CheckoutChoices {
  const defAddress = addresses.find((a) => a.isDefault) ?? addresses[0];
  const defMethod = methods.find((m) => m.isDefault) ?? methods[0];
  const defShipping = shipping.find((o) => o.isDefault) ?? shipping[0];
  if (!p) {
    return {
      addressId: defAddress?.id ?? 'new',
      newAddress: emptyAddress(buyerName),
      paymentMethodId: defMethod?.id ?? 'new',
      testToken: 'tok_visa',
      shippingMethodId: defShipping?.id ?? '',
    };
  }
  const token = s(p, 'test_token');
  return {
    addressId: s(p, 'address_id') || (addresses.length ? defAddress!.id : 'new'),
    newAddress: readNewAddress(p),
    paymentMethodId: s(p, 'payment_method_id') || (methods.length ? defMethod!.id : 'new'),
    testToken: (TEST_TOKENS as readonly string[]).includes(token) ? token : 'tok_visa',
    shippingMethodId: s(p, 'shipping_method_id') || defShipping?.id || '',
  };
}

/** The destination country for VAT in the summary. */
export const countryOf = (choices: CheckoutChoices, addresses: Address[]) =>
  choices.addressId === 'new'
    ? /^[A-Z]{2}$/.test(choices.newAddress.country)
      ? choices.newAddress.country
      : 'FR'
    : (addresses.find((a) => a.id === choices.addressId)?.country ?? 'FR');

/**
 * Turns the form's choices into the order request's address and payment method: a new test card
 * is saved first (the provider's token only), a new address travels inline and joins the address
 * book once the order is placed.
 */
export async function resolveChoices(ctx: AppContext, buyerId: string, choices: CheckoutChoices, physical: boolean) {
  let paymentMethodId = choices.paymentMethodId;
  if (paymentMethodId === 'new' || !paymentMethodId) {
    const saved = await savePaymentMethod(ctx, buyerId, { provider: 'test', token: choices.testToken });
    paymentMethodId = saved.id;
  }
  const request: Pick<OrderRequest, 'paymentMethodId' | 'addressId' | 'shippingAddress' | 'shippingMethodId'> = {
    paymentMethodId,
    shippingMethodId: choices.shippingMethodId || undefined,
  };
  const newAddress = choices.addressId === 'new' || !choices.addressId;
  if (!newAddress) request.addressId = choices.addressId;
  else if (physical || Object.values(choices.newAddress).some((x) => x && x !== 'FR'))
    request.shippingAddress = { ...choices.newAddress };
  return { request, saveNewAddress: newAddress && request.shippingAddress !== undefined };
}

/** Title, quantity and total of a placed order, for the confirmation. */
export async function placedView(
  db: DbOrTx,
  placed: { orderId: string; status: PlacedOrder['status'] },
): Promise<PlacedView> {
  const [row] = await queryRows<{
    title: string;
    quantity: number;
    lines: number;
    total_amount: number;
    currency: string;
  }>(
    db,
    sql`select (select title from order_lines where order_id = o.id order by id limit 1) as title,
               (select sum(quantity)::int from order_lines where order_id = o.id) as quantity,
               (select count(*)::int from order_lines where order_id = o.id) as lines,
               o.total_amount, o.currency
        from orders o where o.id = ${placed.orderId}`,
  );
  return {
    orderId: placed.orderId,
    status: placed.status,
    title: row?.title ?? '',
    quantity: Number(row?.quantity ?? 1),
    totalAmount: Number(row?.total_amount ?? 0),
    currency: row?.currency ?? 'EUR',
  };
}

/**
 * Where a payment that needs the buyer's action (3-D Secure) continues: the provider's page when
 * it gave one (Stripe), else the order page, whose "approve the payment" button confirms it.
 */
export const actionTarget = (placed: PlacedOrder) =>
  placed.nextActionUrl && /^https:\/\//.test(placed.nextActionUrl) ? placed.nextActionUrl : `/orders/${placed.orderId}`;

// Products ------------------------------------------------------------------------------------------

/** A published product with its variants, brand, first image: for the buy form. */
export async function productOfVariant(db: DbOrTx, variantId: string): Promise<ProductSummary | null> {
  if (!isUuid(variantId)) return null;
  const [row] = await db
    .select({ productId: variants.productId })
    .from(variants)
    .where(eq(variants.id, variantId.toLowerCase()));
  if (!row) return null;
  const [view] = await productsByIds({ db }, null, [row.productId]);
  return view ? productSummary(view) : null;
}

/** The post an order comes from: kept only when that post really carries the product. */
async function checkedSource(db: DbOrTx, raw: string, productId: string): Promise<string | null> {
  if (!raw || !isUuid(raw)) return null;
  // The post itself, or a repost of it (its Buy button names the repost).
  const rows = await queryRows(
    db,
    sql`select 1 from statuses s join status_products sp on sp.status_id = coalesce(s.reblog_of_id, s.id)
        where s.id = ${raw.toLowerCase()} and sp.product_id = ${productId}`,
  );
  return rows.length ? raw.toLowerCase() : null;
}

export async function buyerName(db: DbOrTx, accountId: string): Promise<string> {
  const [row] = await queryRows<{ display_name: string; username: string }>(
    db,
    sql`select display_name, username from accounts where id = ${accountId}`,
  );
  return row?.display_name || row?.username || '';
}

/** What a buy-now form is drawn from, before the estimate, the idempotency key and the errors. */
type BuyState = Pick<
  BuyFormProps,
  'product' | 'variantId' | 'quantity' | 'sourceStatusId' | 'popupId' | 'addresses' | 'methods' | 'shipping' | 'choices'
>;

/** What a buy-now request names, from a query string or a form (popup_id: a campaign's pop-up store). */
export const buyQuery = (read: (name: string) => string | undefined) => ({
  variantId: read('variant_id') ?? '',
  quantity: read('quantity') || '1',
  source: read('source_status_id') ?? '',
  popup: read('popup_id') ?? '',
});

export async function buyState(
  ctx: AppContext,
  buyerId: string,
  p: Params | null,
  query: { variantId: string; quantity: string; source: string; popup?: string },
): Promise<BuyState | null> {
  const product = await productOfVariant(ctx.db, query.variantId);
  if (!product) return null;
  const [addresses, methods, shipping, name, sourceStatusId] = await Promise.all([
    listAddresses(ctx.db, buyerId),
    listPaymentMethods(ctx.db, buyerId),
    shippingOptions(ctx.db, product.brandId),
    buyerName(ctx.db, buyerId),
    checkedSource(ctx.db, query.source, product.id),
  ]);
  const n = Number(query.quantity || '1');
  const quantity = Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_BUY_QUANTITY) : 1;
  return {
    product,
    variantId: query.variantId.toLowerCase(),
    quantity,
    sourceStatusId,
    popupId: query.popup && isUuid(query.popup) ? query.popup.toLowerCase() : null,
    addresses,
    methods,
    shipping,
    choices: choicesFrom(p, addresses, methods, shipping, name),
  };
}

export async function renderBuy(
  c: Ctx,
  ctx: AppContext,
  state: BuyState,
  opts: { mode: 'dialog' | 'page'; key: string; errors?: FieldErrors; status?: 200 | 402 | 409 | 422 },
) {
  const v = shopView(c, buyerOf(c));
  const variant = state.product.variants.find((x) => x.id === state.variantId) ?? state.product.variants[0];
  const method = state.shipping.find((o) => o.id === state.choices.shippingMethodId) ?? state.shipping[0];
  const est = await estimate(
    ctx.db,
    [
      {
        unitAmount: variant ? shownPrice(variant).amount : 0,
        quantity: state.quantity,
        kind: state.product.kind,
        taxClass: state.product.taxClass,
      },
    ],
    variant?.currency ?? 'EUR',
    method,
    countryOf(state.choices, state.addresses),
  );
  const form = (
    <BuyForm
      v={v}
      mode={opts.mode}
      product={state.product}
      variantId={variant?.id ?? state.variantId}
      quantity={state.quantity}
      sourceStatusId={state.sourceStatusId}
      popupId={state.popupId}
      addresses={state.addresses}
      methods={state.methods}
      shipping={state.shipping}
      choices={state.choices}
      estimate={est}
      idempotencyKey={opts.key}
      errors={opts.errors ?? {}}
      testCards={ctx.payments.has('test')}
      terms={await checkoutTerms(ctx.db, state.product.brandId)}
    />
  );
  // htmx swaps only 2xx answers: a form with errors comes back as 200 into the dialog.
  if (isHtmx(c)) return c.html(form as unknown as string, 200);
  return renderPage(c, {
    meta: { title: v.t('shop.buy.title', { name: state.product.title }), noindex: true },
    status: opts.status ?? 200,
    body: <div class="narrow-wide stack buy-page card">{form}</div>,
  });
}

/** Places a "buy now" order from a form, once per idempotency key. */
export async function placeBuyNow(
  ctx: AppContext,
  buyerId: string,
  state: BuyState,
  key: string,
  referral: Referral | null = null,
) {
  const physical = state.product.kind === 'physical';
  const body = {
    variant: state.variantId,
    quantity: state.quantity,
    source: state.sourceStatusId,
    popup: state.popupId,
    choices: state.choices,
  };
  return idempotent(ctx.db, { scope: 'web-orders', principal: buyerId, key: key || undefined, body }, async (held) => {
    const { request, saveNewAddress } = await resolveChoices(ctx, buyerId, state.choices, physical);
    const placed = await placeOrder(
      ctx,
      buyerId,
      {
        ...request,
        lines: [{ variantId: state.variantId, quantity: state.quantity }],
        sourceStatusId: state.sourceStatusId,
        popupId: state.popupId,
        referral,
      },
      // A crash of this node before paying gives the form's key back with the order: the buyer may resubmit.
      { heldKey: held },
    );
    if (saveNewAddress) await saveAddress(ctx.db, buyerId, request.shippingAddress).catch(() => {});
    return { status: 201, body: placed };
  });
}
