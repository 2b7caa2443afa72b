/**
 * Payment methods: our own JSON API (a provider token never leaves the server). Each route is a
 * contract (src/http/contract.ts): its schemas check the requests, type the handlers and describe
 * it in the OpenAPI document.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { notFound } from '../../../http/errors';
import { requireViewer } from '../../../http/middleware';
import { ErrorBody } from '../../../http/openapi';
import { PaymentMethodCreate, PaymentMethodEntity } from './api-schemas';
import { deletePaymentMethod, listPaymentMethods, savePaymentMethod, setDefaultPaymentMethod } from './methods';
import { presentPaymentMethod } from './present';

// Contracts ---------------------------------------------------------------------------------------

const tags = ['Payment methods'];
const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const method = z.object({ id: id('Payment method id', 'Payment method') });

const list = route({
  method: 'get',
  path: '/api/v1/payment_methods',
  tags,
  summary: 'Your saved payment methods (default first)',
  ...reader,
  responses: { 200: json(z.array(PaymentMethodEntity), 'Methods'), ...failures(401) },
});
const save = route({
  method: 'post',
  path: '/api/v1/payment_methods',
  tags,
  summary: 'Save a payment method from a provider token; the first becomes the default',
  description:
    'An unknown provider is 422 unknown_provider; a card number instead of a token 422 card_number_refused; a ' +
    'token the provider refuses 422 invalid_token; a provider that cannot be reached 402 payment_unavailable.',
  ...writer,
  request: { body: body(PaymentMethodCreate) },
  responses: {
    201: json(PaymentMethodEntity, 'The saved method'),
    ...failures(400, 401, 422),
    402: json(ErrorBody, 'payment_unavailable: the payment provider could not be reached; try again'),
  },
});
const remove = route({
  method: 'delete',
  path: '/api/v1/payment_methods/{id}',
  tags,
  summary: 'Forget a saved method',
  ...writer,
  request: { params: method },
  responses: { 200: json(z.object({}), 'Removed; {}'), ...failures(401, 404) },
});
const makeDefault = route({
  method: 'post',
  path: '/api/v1/payment_methods/{id}/default',
  tags,
  summary: 'Make it the default (one-click buy)',
  ...writer,
  request: { params: method },
  responses: { 200: json(PaymentMethodEntity, 'The method'), ...failures(401, 404) },
});

// Routes ------------------------------------------------------------------------------------------

/** Saved payment methods (a token from the provider; only brand, last 4 digits and expiry shown). */
export const paymentMethodRoutes: RouteModule = (app, ctx) => {
  mount(app, list, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await listPaymentMethods(ctx.db, viewer.accountId)).map(presentPaymentMethod), 200);
  });

  mount(app, save, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    const method = await savePaymentMethod(ctx, viewer.accountId, {
      provider: input.provider,
      token: input.token,
      makeDefault: input.default,
    });
    return c.json(presentPaymentMethod(method), 201);
  });

  mount(app, remove, async (c) => {
    const viewer = requireViewer(c, 'write');
    await deletePaymentMethod(ctx.db, viewer.accountId, c.req.valid('param').id.toLowerCase());
    return c.json({}, 200);
  });

  mount(app, makeDefault, async (c) => {
    const viewer = requireViewer(c, 'write');
    const id = c.req.valid('param').id.toLowerCase();
    await setDefaultPaymentMethod(ctx.db, viewer.accountId, id);
    const method = (await listPaymentMethods(ctx.db, viewer.accountId)).find((m) => m.id === id);
    if (!method) throw notFound('Payment method');
    return c.json(presentPaymentMethod(method), 200);
  });
};
