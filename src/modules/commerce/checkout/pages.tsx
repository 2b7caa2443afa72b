/**
 * Buying from the pages: "buy now" from a post or a product page (GET/POST /checkout/now, also
 * the feed's buy dialog and the one-click form), the cart (POST /cart/items, GET /cart, change,
 * remove, accept new prices), its checkout per brand (GET/POST /checkout?brand=), the summary htmx
 * recomputes (POST /checkout/summary), addresses and payment methods (/settings/...).
 *
 * Every order-placing POST carries an idempotency key made with the form: a double click or a
 * replay gives the same order (scope 'web-orders'); it passes the referral cookie on (page-helpers).
 */
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { idempotent } from '../../../http/idempotency';
import { readParams, type Params } from '../../../http/params';
import { renderError, renderPage, safeNext, tOf } from '../../../web/page';
import { findByUsername } from '../../accounts';
import { listAddresses, saveAddress } from '../shipping';
import {
  acceptCurrentPrices,
  addToCart,
  checkoutCart,
  estimate,
  getCart,
  removeFromCart,
  setCartQuantity,
  shippingOptions,
} from '../cart';
import { listPaymentMethods } from '../payments';
import { BuyConfirmation, MAX_BUY_QUANTITY } from '../views/buy-dialog';
import { CartCheckoutPage, CartPage } from '../views/cart';
import { OrderSummary, type FieldErrors } from '../views/checkout';
import { buyHref, variantLabel } from '../views/product-card';
import { buyerOf, type Ctx, errorText, fieldErrors, isHtmx, loginRedirect, shopView } from '../page-helpers';
import { referralOf } from '../page-helpers';
import {
  actionTarget,
  buyerName,
  buyQuery,
  buyState,
  choicesFrom,
  countryOf,
  newKey,
  placeBuyNow,
  placedView,
  productOfVariant,
  readKey,
  renderBuy,
  resolveChoices,
  s,
} from './forms';
import { checkoutSettingsPages } from './settings-pages';
import { checkoutTerms } from '../legal';

export const checkoutPages: RouteModule = (app, ctx) => {
  app.get('/checkout/now', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c);
    const query = buyQuery((name) => c.req.query(name));
    const state = await buyState(ctx, buyerId, null, query);
    if (!state) return renderError(c, 404, tOf(c)('shop.error.unknown_variant'), ctx);
    return renderBuy(c, ctx, state, { mode: isHtmx(c) ? 'dialog' : 'page', key: newKey() });
  });

  app.post('/checkout/now', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/home');
    const p = await readParams(c);
    const key = readKey(p);
    const inline = s(p, 'one_click') === '1';
    const mode = inline ? 'inline' : s(p, 'mode') === 'dialog' && isHtmx(c) ? 'dialog' : 'page';
    const query = buyQuery((name) => s(p, name));
    const state = await buyState(ctx, buyerId, p, query);
    if (!state) throw new AppError(422, 'unknown_variant', 'This item does not exist or is not for sale');
    // "Buy now" from a product page sends no key: show the form; only our own forms (keyed when rendered) place orders.
    if (!key) return renderBuy(c, ctx, state, { mode: isHtmx(c) ? 'dialog' : 'page', key: newKey() });
    const rawQuantity = Number(s(p, 'quantity') || '1');
    try {
      if (!Number.isInteger(rawQuantity) || rawQuantity < 1 || rawQuantity > MAX_BUY_QUANTITY)
        throw new AppError(422, 'invalid_quantity', 'The quantity must be a whole number of at least 1');
      const result = await placeBuyNow(ctx, buyerId, state, key, referralOf(c));
      const placed = result.body;
      if (placed.status === 'awaiting_payment') {
        const target = actionTarget(placed);
        if (isHtmx(c)) {
          c.header('HX-Redirect', target);
          return c.body(null, 204);
        }
        return c.redirect(target, 303);
      }
      if (isHtmx(c)) {
        const v = shopView(c, buyerId);
        return c.html(
          (
            <BuyConfirmation v={v} order={await placedView(ctx.db, placed)} mode={mode === 'page' ? 'dialog' : mode} />
          ) as unknown as string,
          200,
        );
      }
      return c.redirect(`/orders/${placed.orderId}?placed=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const t = tOf(c);
      if (inline && isHtmx(c)) {
        // One-click failed (declined card, sold out…): say why, and offer the full form.
        return c.html(
          (
            <p class="one-click-error" role="alert">
              {errorText(t, error)}{' '}
              <a href={buyHref(state.variantId, state.sourceStatusId)} data-buy-dialog="">
                {t('shop.one_click.choose')}
              </a>
            </p>
          ) as unknown as string,
          200,
        );
      }
      if (error.code === 'idempotency_key_reused')
        return renderBuy(c, ctx, state, {
          mode: mode === 'dialog' ? 'dialog' : 'page',
          key: newKey(),
          errors: fieldErrors(t, error),
          status: 422,
        });
      return renderBuy(c, ctx, state, {
        mode: mode === 'dialog' ? 'dialog' : 'page',
        key: key || newKey(),
        errors: fieldErrors(t, error),
        status: error.status === 402 ? 402 : error.status === 409 ? 409 : 422,
      });
    }
  });

  /** The order summary again, after a choice changed (htmx). */
  app.post('/checkout/summary', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return c.body(null, 204);
    const p = await readParams(c);
    const v = shopView(c, buyerId);
    const [addresses, methods] = await Promise.all([
      listAddresses(ctx.db, buyerId),
      listPaymentMethods(ctx.db, buyerId),
    ]);
    const brand = s(p, 'brand');
    if (brand) {
      const account = await findByUsername(ctx, brand);
      const [group] = account ? await getCart(ctx.db, buyerId, account.id) : [];
      if (!group) return c.body(null, 204);
      const shipping = await shippingOptions(ctx.db, group.brandId);
      const choices = choicesFrom(p, addresses, methods, shipping, '');
      const method = shipping.find((o) => o.id === choices.shippingMethodId) ?? shipping[0];
      const est = await estimate(ctx.db, group.lines, group.currency, method, countryOf(choices, addresses));
      const lines = group.lines.map((l) => ({
        title: l.title,
        detail: Object.values(l.options).join(' · ') || undefined,
        quantity: l.quantity,
        unitAmount: l.unitAmount,
        currency: l.currency,
      }));
      return c.html(
        (<OrderSummary v={v} lines={lines} estimate={est} refreshUrl="/checkout/summary" oob />) as unknown as string,
      );
    }
    const product = await productOfVariant(ctx.db, s(p, 'variant_id'));
    if (!product) return c.body(null, 204);
    const variant = product.variants.find((x) => x.id === s(p, 'variant_id').toLowerCase())!;
    const shipping = await shippingOptions(ctx.db, product.brandId);
    const choices = choicesFrom(p, addresses, methods, shipping, '');
    const n = Number(s(p, 'quantity') || '1');
    const quantity = Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_BUY_QUANTITY) : 1;
    const method = shipping.find((o) => o.id === choices.shippingMethodId) ?? shipping[0];
    const est = await estimate(
      ctx.db,
      [
        {
          unitAmount: variant.sale?.amount ?? variant.priceAmount,
          quantity,
          kind: product.kind,
          taxClass: product.taxClass,
        },
      ],
      variant.currency,
      method,
      countryOf(choices, addresses),
    );
    return c.html(
      (
        <OrderSummary
          v={v}
          lines={[
            {
              title: product.title,
              detail: variantLabel(variant) || undefined,
              quantity,
              unitAmount: variant.sale?.amount ?? variant.priceAmount,
              currency: variant.currency,
            },
          ]}
          estimate={est}
          refreshUrl="/checkout/summary"
          oob
        />
      ) as unknown as string,
    );
  });

  // Cart ---------------------------------------------------------------------------------------------

  app.post('/cart/items', async (c) => {
    const buyerId = buyerOf(c);
    const p = await readParams(c);
    if (!buyerId) return loginRedirect(c, s(p, 'next') ? safeNext(s(p, 'next'), '/cart') : '/cart');
    try {
      const added = await addToCart(ctx.db, buyerId, {
        variantId: s(p, 'variant_id'),
        quantity: s(p, 'quantity') || undefined,
        sourceStatusId: s(p, 'source_status_id'),
      });
      const t = tOf(c);
      if (isHtmx(c)) {
        // The header's cart link listens for this event and fetches its new count.
        c.header('HX-Trigger', 'cart-changed');
        return c.html(
          (
            <p class="cart-added" role="status">
              <span aria-hidden="true">✓ </span>
              {t('shop.cart.added', { name: added.title })} · <a href="/cart">{t('shop.cart.view')}</a>
            </p>
          ) as unknown as string,
        );
      }
      return c.redirect(`/cart?added=${added.variantId}`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (isHtmx(c))
        return c.html(
          (
            <p class="one-click-error" role="alert">
              {errorText(tOf(c), error)}
            </p>
          ) as unknown as string,
        );
      return showCart(c, buyerId, { error: errorText(tOf(c), error), status: error.status === 404 ? 404 : 422 });
    }
  });

  const showCart = async (
    c: Ctx,
    buyerId: string,
    extra: { error?: string; notice?: string; status?: 200 | 404 | 422 } = {},
  ) => {
    const v = shopView(c, buyerId);
    const groups = await getCart(ctx.db, buyerId);
    const added = c.req.query('added');
    const notice =
      extra.notice ??
      (added ? v.t('shop.cart.added_short') : c.req.query('accepted') ? v.t('shop.cart.prices_accepted') : null);
    return renderPage(c, {
      meta: { title: v.t('shop.cart.title'), noindex: true },
      status: extra.status ?? 200,
      body: <CartPage v={v} groups={groups} notice={notice} error={extra.error} />,
    });
  };

  app.get('/cart', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c);
    return showCart(c, buyerId);
  });

  app.post('/cart/items/:variantId', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/cart');
    const p = await readParams(c);
    try {
      await setCartQuantity(ctx.db, buyerId, c.req.param('variantId'), s(p, 'quantity'));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return showCart(c, buyerId, { error: errorText(tOf(c), error), status: 422 });
    }
    return c.redirect('/cart', 303);
  });

  app.post('/cart/items/:variantId/remove', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/cart');
    await removeFromCart(ctx.db, buyerId, c.req.param('variantId')).catch((error) => {
      if (!(error instanceof AppError)) throw error;
    });
    return c.redirect('/cart', 303);
  });

  app.post('/cart/accept-prices', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/cart');
    const p = await readParams(c);
    const brandId = s(p, 'brand_id');
    await acceptCurrentPrices(ctx.db, buyerId, isUuid(brandId) ? brandId.toLowerCase() : undefined);
    const next = s(p, 'next');
    return c.redirect(next ? safeNext(next, '/cart?accepted=1') : '/cart?accepted=1', 303);
  });

  // Cart checkout, per brand ---------------------------------------------------------------------

  const cartCheckout = async (
    c: Ctx,
    buyerId: string,
    brandRef: string,
    p: Params | null,
    opts: { key?: string; errors?: FieldErrors; status?: 200 | 402 | 409 | 422 } = {},
  ) => {
    const v = shopView(c, buyerId);
    const brand = brandRef ? await findByUsername(ctx, brandRef) : null;
    const [group] = brand ? await getCart(ctx.db, buyerId, brand.id) : [];
    if (!group) return c.redirect('/cart', 303);
    const [addresses, methods, shipping, name] = await Promise.all([
      listAddresses(ctx.db, buyerId),
      listPaymentMethods(ctx.db, buyerId),
      shippingOptions(ctx.db, group.brandId),
      buyerName(ctx.db, buyerId),
    ]);
    const choices = choicesFrom(p, addresses, methods, shipping, name);
    const method = shipping.find((o) => o.id === choices.shippingMethodId) ?? shipping[0];
    const est = await estimate(ctx.db, group.lines, group.currency, method, countryOf(choices, addresses));
    return renderPage(c, {
      meta: { title: v.t('shop.checkout.title', { name: group.brandName }), noindex: true },
      status: opts.status ?? 200,
      body: (
        <CartCheckoutPage
          v={v}
          group={group}
          addresses={addresses}
          methods={methods}
          shipping={shipping}
          choices={choices}
          estimate={est}
          idempotencyKey={opts.key ?? newKey()}
          errors={opts.errors ?? {}}
          testCards={ctx.payments.has('test')}
          terms={await checkoutTerms(ctx.db, group.brandId)}
        />
      ),
    });
  };

  app.get('/checkout', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c);
    return cartCheckout(c, buyerId, c.req.query('brand') ?? '', null);
  });

  app.post('/checkout', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/cart');
    const p = await readParams(c);
    const key = readKey(p);
    const brand = await findByUsername(ctx, s(p, 'brand'));
    if (!brand) return c.redirect('/cart', 303);
    const [group] = await getCart(ctx.db, buyerId, brand.id);
    if (!group) return c.redirect('/cart', 303);
    const [addresses, methods, shipping, name] = await Promise.all([
      listAddresses(ctx.db, buyerId),
      listPaymentMethods(ctx.db, buyerId),
      shippingOptions(ctx.db, brand.id),
      buyerName(ctx.db, buyerId),
    ]);
    const choices = choicesFrom(p, addresses, methods, shipping, name);
    try {
      const result = await idempotent(
        ctx.db,
        { scope: 'web-orders', principal: buyerId, key: key || undefined, body: { brand: brand.id, choices } },
        async (held) => {
          const { request, saveNewAddress } = await resolveChoices(
            ctx,
            buyerId,
            choices,
            group.lines.some((l) => l.kind === 'physical'),
          );
          const placed = await checkoutCart(ctx, buyerId, brand.id, { ...request, referral: referralOf(c) }, held);
          if (saveNewAddress) await saveAddress(ctx.db, buyerId, request.shippingAddress).catch(() => {});
          return { status: 201, body: placed };
        },
      );
      if (result.body.status === 'awaiting_payment') return c.redirect(actionTarget(result.body), 303);
      return c.redirect(`/orders/${result.body.orderId}?placed=1`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const t = tOf(c);
      return cartCheckout(c, buyerId, brand.username, p, {
        key: error.code === 'idempotency_key_reused' ? newKey() : key,
        errors: fieldErrors(t, error),
        status: error.status === 402 ? 402 : error.status === 409 ? 409 : 422,
      });
    }
  });

  // Address book and payment methods
  checkoutSettingsPages(app, ctx);
};

export const routes: RouteModule[] = [checkoutPages];
