/**
 * Withdrawal API: the buyer withdraws (POST /api/v1/orders/{id}/withdrawal), the brand refunds
 * (POST /api/v1/withdrawals/{id}/refund). The order's read shows them under `withdrawal`
 * (registered on the order API fields, see register.ts).
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { ErrorBody } from '../../../http/openapi';
import { idempotent } from '../../../http/idempotency';
import { requireViewer } from '../../../http/middleware';
import { IdempotencyHeader } from '../cart/api-schemas';
import { loadOrder } from '../orders';
import { presentWithdrawal, WithdrawalEntity } from './present';
import { refundWithdrawal, requestWithdrawal } from './service';

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });
const tags = ['Orders: withdrawal'];

const WithdrawalBody = z.object({
  line_ids: z
    .array(z.string())
    .optional()
    .meta({ description: 'The order lines to withdraw from; default: every line not yet withdrawn nor excluded' }),
  reason: z.string().optional().meta({ maxLength: 2000, description: 'Optional: no reason is needed' }),
  sealed: z
    .boolean()
    .optional()
    .meta({ description: 'The hygiene products withdrawn are still sealed (needed to withdraw them)' }),
});

export const withdraw = route({
  method: 'post',
  path: '/api/v1/orders/{id}/withdrawal',
  tags,
  summary: 'Buyer: withdraw from all or part of the order (14 days after delivery, no reason needed)',
  description:
    'The period ends at the end (Paris time) of the 14th day after delivery, extended to the next working day ' +
    'when that day is a weekend day or a French public holiday; a buyer may also withdraw before delivery. ' +
    'The goods go back within 14 days (return_deadline); the brand refunds within 14 days (refund_deadline).',
  auth: 'user',
  scope: 'write',
  request: {
    params: z.object({ id: id('The order id', 'Order') }),
    headers: IdempotencyHeader,
    body: body(WithdrawalBody, { required: false }),
  },
  responses: {
    201: json(WithdrawalEntity, 'The withdrawal'),
    ...failures(400, 401, 404),
    409: error('withdrawal_period_over (details.period_ended_at), withdrawal_not_open, or idempotency_in_progress'),
    422: error(
      'unknown_line, invalid_line_ids, line_already_withdrawn, line_excluded, line_unsealed, invalid_reason, ' +
        'or idempotency_key_reused',
    ),
  },
});

export const refund = route({
  method: 'post',
  path: '/api/v1/withdrawals/{id}/refund',
  tags,
  summary: 'Brand owner/admin: refund a withdrawal (its lines, plus shipping for the whole order)',
  auth: 'user',
  scope: 'write',
  request: { params: z.object({ id: id('The withdrawal id', 'Withdrawal') }) },
  responses: {
    200: json(WithdrawalEntity, 'The withdrawal, refunded'),
    ...failures(401, 403, 404),
    409: error('withdrawal_refunded (already), or invalid_transition'),
  },
});

export const withdrawalApi: RouteModule = (app, ctx) => {
  mount(app, withdraw, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: orderId } = c.req.valid('param');
    const input = c.req.valid('json') ?? {};
    const result = await idempotent(
      ctx.db,
      {
        scope: 'orders.withdrawal',
        principal: viewer.accountId,
        key: c.req.valid('header')['Idempotency-Key'],
        body: { order: orderId, ...input },
      },
      async () => {
        const w = await requestWithdrawal(ctx, viewer.accountId, orderId, {
          lineIds: input.line_ids,
          reason: input.reason,
          sealed: input.sealed,
        });
        const order = await loadOrder(ctx.db, w.orderId);
        return { status: 201, body: presentWithdrawal(w, order!.currency, ctx.clock.now()) };
      },
    );
    if (result.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(result.body, 201);
  });

  mount(app, refund, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { withdrawal } = await refundWithdrawal(ctx, viewer.accountId, c.req.valid('param').id);
    const order = await loadOrder(ctx.db, withdrawal.orderId);
    return c.json(presentWithdrawal(withdrawal, order!.currency, ctx.clock.now()), 200);
  });
};
