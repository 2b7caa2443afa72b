// Payment methods: our own JSON API (a provider token never leaves the server).
import type { RouteModule } from '../../../http/app';
import { notFound } from '../../../http/errors';
import { requireViewer } from '../../../http/middleware';
import { errors, parseParams, registerOperations } from '../../../http/openapi';
import { readParams } from '../../../http/params';
import { deletePaymentMethod, listPaymentMethods, savePaymentMethod, setDefaultPaymentMethod } from './methods';
import { presentPaymentMethod } from './present';
import { pathUuid } from '../api-helpers';
import { pathId, PaymentMethodCreate, paymentMethodSchema, read, T, write } from '../api-schemas';

registerOperations([
  {
    method: 'get',
    path: '/api/v1/payment_methods',
    tags: T.pm,
    summary: 'Your saved payment methods (default first)',
    ...read,
    responses: {
      200: { description: 'Methods', schema: { type: 'array', items: paymentMethodSchema } },
      ...errors(401),
    },
  },
  {
    method: 'post',
    path: '/api/v1/payment_methods',
    tags: T.pm,
    summary: 'Save a payment method from a provider token; the first becomes the default',
    ...write,
    body: { schema: PaymentMethodCreate },
    responses: { 201: { description: 'The saved method', schema: paymentMethodSchema }, ...errors(400, 401, 402, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/payment_methods/{id}',
    tags: T.pm,
    summary: 'Forget a saved method',
    ...write,
    parameters: [pathId('id', 'Payment method id')],
    responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 404) },
  },
  {
    method: 'post',
    path: '/api/v1/payment_methods/{id}/default',
    tags: T.pm,
    summary: 'Make it the default (one-click buy)',
    ...write,
    parameters: [pathId('id', 'Payment method id')],
    responses: { 200: { description: 'The method', schema: paymentMethodSchema }, ...errors(401, 404) },
  },
]);

/** Saved payment methods (a token from the provider; only brand, last 4 digits and expiry shown). */
export const paymentMethodRoutes: RouteModule = (app, ctx) => {
  app.get('/api/v1/payment_methods', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await listPaymentMethods(ctx.db, viewer.accountId)).map(presentPaymentMethod));
  });

  app.post('/api/v1/payment_methods', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(PaymentMethodCreate, await readParams(c));
    const method = await savePaymentMethod(ctx, viewer.accountId, {
      provider: input.provider,
      token: input.token,
      makeDefault: input.default,
    });
    return c.json(presentPaymentMethod(method), 201);
  });

  app.delete('/api/v1/payment_methods/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deletePaymentMethod(ctx.db, viewer.accountId, pathUuid(c, 'id', 'Payment method'));
    return c.json({});
  });

  app.post('/api/v1/payment_methods/:id/default', async (c) => {
    const viewer = requireViewer(c, 'write');
    const id = pathUuid(c, 'id', 'Payment method');
    await setDefaultPaymentMethod(ctx.db, viewer.accountId, id);
    const method = (await listPaymentMethods(ctx.db, viewer.accountId)).find((m) => m.id === id);
    if (!method) throw notFound('Payment method');
    return c.json(presentPaymentMethod(method));
  });
};
