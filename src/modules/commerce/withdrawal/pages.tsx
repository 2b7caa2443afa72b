/**
 * Withdrawal pages: the buyer's form on the order page posts here (POST /orders/:id/withdrawal),
 * the model withdrawal form of the consumer code's annex, printable and prefilled
 * (GET /orders/:id/withdrawal/form), and the team's refund of a withdrawal
 * (POST /brands/:username/orders/:id/withdrawals/:withdrawalId/refund).
 */
import type { Context } from 'hono';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError, notFound } from '../../../http/errors';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { renderError, renderPage, tOf } from '../../../web/page';
import { getOrder, orderNumber } from '../orders';
import { readBrandLegal } from '../legal';
import { buyerOf, errorText, loginRedirect, shopView } from '../page-helpers';
import { ModelForm } from './model-form';
import { periodEndsAt, refundWithdrawal, requestWithdrawal } from './service';

type Ctx = Context<AppEnv>;

const orderIdOf = (c: Ctx) => {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw notFound('Order');
  return id.toLowerCase();
};

export const withdrawalPages: RouteModule = (app, ctx) => {
  app.post('/orders/:id/withdrawal', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const id = orderIdOf(c);
    const p = await readParams(c);
    const chosen = p.line_ids;
    const lineIds = Array.isArray(chosen) ? chosen : typeof chosen === 'string' ? [chosen] : [];
    try {
      await requestWithdrawal(ctx, viewerId, id, {
        // "Withdraw from the whole order": every line not yet withdrawn nor excluded.
        lineIds: p.mode === 'lines' ? lineIds : undefined,
        reason: typeof p.reason === 'string' ? p.reason : undefined,
        sealed: p.sealed === '1' || p.sealed === 'on',
      });
      return c.redirect(`/orders/${id}#withdrawal`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      return renderError(c, error.status === 409 ? 409 : 422, errorText(tOf(c), error), ctx);
    }
  });

  app.get('/orders/:id/withdrawal/form', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const d = await getOrder(ctx, viewerId, orderIdOf(c));
    // The form is the buyer's to send: the brand's team has no use for it.
    if (d.as !== 'buyer') throw notFound('Order');
    const v = shopView(c, viewerId);
    // Addressed as the law asks: the seller's company name and address when the brand has filled them in.
    const { identity } = await readBrandLegal(ctx.db, d.order.brandId);
    const seller = identity ? { name: identity.companyName, address: identity.address } : null;
    return renderPage(c, {
      meta: { title: v.t('withdrawal.model.title'), noindex: true },
      body: (
        <ModelForm v={v} d={d} seller={seller} periodEndsAt={periodEndsAt(d.order)} number={orderNumber(d.order.id)} />
      ),
    });
  });

  app.post('/brands/:username/orders/:id/withdrawals/:withdrawalId/refund', async (c) => {
    const viewerId = buyerOf(c);
    if (!viewerId) return loginRedirect(c);
    const id = orderIdOf(c);
    const username = c.req.param('username') ?? '';
    try {
      const { withdrawal } = await refundWithdrawal(ctx, viewerId, c.req.param('withdrawalId') ?? '');
      if (withdrawal.orderId !== id) throw notFound('Withdrawal');
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404 || error.status === 403) throw error;
      return renderError(c, 409, errorText(tOf(c), error), ctx);
    }
    return c.redirect(`/brands/${encodeURIComponent(username)}/orders/${id}?done=withdrawal_refunded`, 303);
  });
};
