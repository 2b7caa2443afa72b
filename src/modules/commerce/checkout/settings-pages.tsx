/**
 * The buyer's address book and payment methods (/settings/addresses, /settings/payment-methods),
 * registered by the checkout pages after theirs.
 */
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError, notFound } from '../../../http/errors';
import { readParams } from '../../../http/params';
import type { MessageKey } from '../../../web/i18n';
import { fr } from '../../../web/i18n/fr';
import { renderPage, safeNext, tOf } from '../../../web/page';
import { listAddresses, saveAddress, deleteAddress } from '../shipping';
import { setDefaultAddress } from '../cart';
import { deletePaymentMethod, listPaymentMethods, savePaymentMethod, setDefaultPaymentMethod } from '../payments';
import { emptyAddress, type NewAddressValues } from '../views/checkout';
import { AddressBookPage, PaymentMethodsPage } from '../views/checkout-settings';
import { buyerOf, type Ctx, errorText, loginRedirect, shopView } from '../page-helpers';
import { buyerName, readNewAddress, s } from './forms';

export const checkoutSettingsPages: RouteModule = (app, ctx) => {
  const addressBook = async (
    c: Ctx,
    buyerId: string,
    extra: { values?: NewAddressValues; error?: string; notice?: string; status?: 200 | 404 | 422 } = {},
  ) => {
    const v = shopView(c, buyerId);
    const [addresses, name] = await Promise.all([listAddresses(ctx.db, buyerId), buyerName(ctx.db, buyerId)]);
    return renderPage(c, {
      meta: { title: v.t('shop.addresses.title'), noindex: true },
      status: extra.status ?? 200,
      body: (
        <AddressBookPage
          v={v}
          addresses={addresses}
          values={extra.values ?? emptyAddress(name)}
          error={extra.error}
          notice={extra.notice ?? noticeOf(c)}
        />
      ),
    });
  };
  const noticeOf = (c: Ctx) => {
    const done = c.req.query('done');
    return done && /^[a-z_]+$/.test(done) && `shop.settings.done_${done}` in fr
      ? tOf(c)(`shop.settings.done_${done}` as MessageKey)
      : undefined;
  };

  app.get('/settings/addresses', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c);
    return addressBook(c, buyerId);
  });

  app.post('/settings/addresses', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/settings/addresses');
    const p = await readParams(c);
    const values = readNewAddress(p);
    try {
      await saveAddress(ctx.db, buyerId, values, s(p, 'make_default') === '1');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return addressBook(c, buyerId, { values, error: errorText(tOf(c), error), status: 422 });
    }
    return c.redirect(safeNext(s(p, 'next'), '/settings/addresses?done=address_saved'), 303);
  });

  app.post('/settings/addresses/:id/default', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/settings/addresses');
    const id = c.req.param('id');
    if (!isUuid(id)) throw notFound('Address');
    await setDefaultAddress(ctx.db, buyerId, id.toLowerCase());
    return c.redirect('/settings/addresses?done=default_set', 303);
  });

  app.post('/settings/addresses/:id/delete', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/settings/addresses');
    const id = c.req.param('id');
    if (!isUuid(id)) throw notFound('Address');
    await deleteAddress(ctx.db, buyerId, id.toLowerCase());
    return c.redirect('/settings/addresses?done=removed', 303);
  });

  const paymentPage = async (c: Ctx, buyerId: string, extra: { error?: string; status?: 200 | 402 | 422 } = {}) => {
    const v = shopView(c, buyerId);
    const methods = await listPaymentMethods(ctx.db, buyerId);
    return renderPage(c, {
      meta: { title: v.t('shop.payment_methods.title'), noindex: true },
      status: extra.status ?? 200,
      body: (
        <PaymentMethodsPage
          v={v}
          methods={methods}
          testCards={ctx.payments.has('test')}
          error={extra.error}
          notice={noticeOf(c)}
        />
      ),
    });
  };

  app.get('/settings/payment-methods', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c);
    return paymentPage(c, buyerId);
  });

  app.post('/settings/payment-methods', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/settings/payment-methods');
    const p = await readParams(c);
    try {
      await savePaymentMethod(ctx, buyerId, {
        provider: 'test',
        token: s(p, 'test_token'),
        makeDefault: s(p, 'make_default') === '1',
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return paymentPage(c, buyerId, { error: errorText(tOf(c), error), status: error.status === 402 ? 402 : 422 });
    }
    return c.redirect('/settings/payment-methods?done=card_saved', 303);
  });

  app.post('/settings/payment-methods/:id/default', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/settings/payment-methods');
    const id = c.req.param('id');
    if (!isUuid(id)) throw notFound('Payment method');
    await setDefaultPaymentMethod(ctx.db, buyerId, id.toLowerCase());
    return c.redirect('/settings/payment-methods?done=default_set', 303);
  });

  app.post('/settings/payment-methods/:id/delete', async (c) => {
    const buyerId = buyerOf(c);
    if (!buyerId) return loginRedirect(c, '/settings/payment-methods');
    const id = c.req.param('id');
    if (!isUuid(id)) throw notFound('Payment method');
    await deletePaymentMethod(ctx.db, buyerId, id.toLowerCase());
    return c.redirect('/settings/payment-methods?done=removed', 303);
  });
};
