/**
 * Pre-sales' JSON API (errors `{"error": {"code", "message"}}`). The create and pledge replies are
 * exact (`{id, status}`, plus `order_id` once charged): other tools rely on them. Contracts are
 * built inside the route module (load order, docs/architecture.md); rules live in the service.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, id, json, mount, route } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { ErrorBody } from '../../../http/openapi';
import {
  createPresale,
  getPledge,
  getPresale,
  myPledges,
  pledge,
  updatePledgeMethod,
  withdrawPledge,
  type Pledge,
  type Presale,
} from './service';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const time = z.string().meta({ format: 'date-time' });

export function presentPresale(p: Presale, publicUrl: string) {
  return {
    id: p.id,
    url: `${publicUrl}/presales/${p.id}`,
    brand_id: p.brandId,
    product_id: p.productId,
    status: p.status,
    pledged_units: p.pledgedUnits,
    threshold_units: p.thresholdUnits,
    cap_units: p.capUnits,
    charged_units: p.chargedUnits,
    pledge_count: p.pledgeCount,
    deadline: p.deadline.toISOString(),
    expected_delivery: p.expectedDelivery,
    currency: p.currency,
    prices: Object.entries(p.prices).map(([variant_id, amount]) => ({ variant_id, amount })),
    created_at: p.createdAt.toISOString(),
  };
}

export function presentPledge(p: Pledge) {
  return {
    id: p.id,
    presale_id: p.presaleId,
    status: p.status,
    variant_id: p.variantId,
    quantity: p.quantity,
    unit_amount: p.unitAmount,
    payment_method_id: p.paymentMethodId,
    order_id: p.orderId,
    failure_code: p.failureCode,
    created_at: p.createdAt.toISOString(),
  };
}

function contracts() {
  const tags = ['Pre-sales'];
  const PresaleEntity = z
    .object({
      id: z.string(),
      url: z.string(),
      brand_id: z.string(),
      product_id: z.string(),
      status: z.enum(['open', 'succeeded', 'failed']),
      pledged_units: z.number().int(),
      threshold_units: z.number().int(),
      cap_units: z.number().int().nullable(),
      charged_units: z.number().int(),
      pledge_count: z.number().int(),
      deadline: time,
      expected_delivery: z.string().nullable().meta({ format: 'date' }),
      currency: z.string(),
      prices: z.array(z.object({ variant_id: z.string(), amount: z.number().int() })),
      created_at: time,
    })
    .meta({ id: 'Presale' });
  const PledgeStatus = z.enum(['pledged', 'charged', 'cancelled', 'payment_failed', 'lapsed']);
  const PledgeEntity = z
    .object({
      id: z.string(),
      presale_id: z.string(),
      status: PledgeStatus,
      variant_id: z.string(),
      quantity: z.number().int(),
      unit_amount: z.number().int(),
      payment_method_id: z.string().nullable(),
      order_id: z.string().nullable(),
      failure_code: z.string().nullable(),
      created_at: time,
    })
    .meta({ id: 'PresalePledge' });
  const PledgeCreated = z
    .object({ id: z.string(), status: PledgeStatus, order_id: z.string().optional() })
    .meta({ id: 'PresalePledgeCreated' });
  const presaleParam = z.object({ id: id('The pre-sale', 'Pre-sale') });
  const pledgeParams = z.object({ id: id('The pre-sale', 'Pre-sale'), pledge_id: id('The pledge', 'Pledge') });
  const writer = { auth: 'user' as const, scope: 'write' as const };
  const error = (description: string) => json(ErrorBody, description);
  return {
    create: route({
      method: 'post',
      path: '/api/v1/brands/{id}/presales',
      tags,
      summary: 'Brand owner or admin: open a pre-sale of a draft product (threshold, deadline, optional cap)',
      ...writer,
      request: {
        params: z.object({ id: id('The brand', 'Brand') }),
        body: body(
          z.looseObject({
            product_id: checked({ type: 'string', format: 'uuid', description: 'A draft product of the brand' }),
            threshold_units: checked({ type: 'integer', minimum: 1 }),
            deadline: checked({ type: 'string', format: 'date-time', description: 'In the future' }),
            cap_units: checked({ type: 'integer', description: 'At least threshold_units' }).optional(),
            expected_delivery: checked({ type: 'string', format: 'date' }).optional(),
          }),
        ),
      },
      responses: {
        201: json(z.object({ id: z.string(), status: z.literal('open') }).meta({ id: 'PresaleCreated' }), 'Opened'),
        ...failures(400, 401, 403, 404),
        422: error(
          'invalid_threshold, invalid_deadline, invalid_cap, invalid_expected_delivery, unknown_product, product_not_draft, no_variants (details.field names the field)',
        ),
      },
    }),
    show: route({
      method: 'get',
      path: '/api/v1/presales/{id}',
      tags,
      summary: 'A pre-sale and its progress',
      request: { params: presaleParam },
      responses: { 200: json(PresaleEntity, 'The pre-sale'), ...failures(404) },
    }),
    pledge: route({
      method: 'post',
      path: '/api/v1/presales/{id}/pledges',
      tags,
      summary: 'Pledge (nothing is charged until the threshold; after it, charged at once until the cap)',
      description:
        'Idempotency-Key is required: the same key again answers the same pledge. 201 {id, status} with status ' +
        'pledged, or charged with order_id (payment_failed when the card was declined after the threshold).',
      ...writer,
      request: {
        params: presaleParam,
        headers: z.object({
          'Idempotency-Key': z.string().optional().meta({ description: 'Required', maxLength: 255 }),
        }),
        body: body(
          z.looseObject({
            variant_id: checked({ type: 'string', format: 'uuid' }),
            quantity: checked({ type: 'integer', minimum: 1, maximum: 100 }),
            payment_method_id: checked({ type: 'string', format: 'uuid', description: 'One of your saved methods' }),
            address_id: checked({
              type: 'string',
              format: 'uuid',
              description: 'Default: your default address',
            }).optional(),
          }),
        ),
      },
      responses: {
        201: json(PledgeCreated, 'The pledge'),
        ...failures(400, 401, 404),
        409: error('presale_closed (failed or past its deadline), presale_full (beyond the cap)'),
        422: error(
          'unknown_variant, invalid_quantity, invalid_payment_method, invalid_address, idempotency_key_reused',
        ),
      },
    }),
    mine: route({
      method: 'get',
      path: '/api/v1/presales/{id}/pledges/mine',
      tags,
      summary: 'Your pledges on this pre-sale, newest first',
      auth: 'user',
      scope: 'read',
      request: { params: presaleParam },
      responses: { 200: json(z.array(PledgeEntity), 'Your pledges'), ...failures(401, 404) },
    }),
    withdraw: route({
      method: 'delete',
      path: '/api/v1/presales/{id}/pledges/{pledge_id}',
      tags,
      summary: 'Withdraw your pledge while the pre-sale is below its threshold',
      ...writer,
      request: { params: pledgeParams },
      responses: {
        200: json(PledgeEntity, 'The pledge, cancelled'),
        ...failures(401, 404),
        409: error('pledge_locked'),
      },
    }),
    update: route({
      method: 'patch',
      path: '/api/v1/presales/{id}/pledges/{pledge_id}',
      tags,
      summary: 'Another saved method for your pledge; after a declined charge, charged again at once',
      ...writer,
      request: {
        params: pledgeParams,
        body: body(z.looseObject({ payment_method_id: checked({ type: 'string', format: 'uuid' }) })),
      },
      responses: {
        200: json(PledgeEntity, 'The pledge'),
        ...failures(400, 401, 404),
        409: error('pledge_locked'),
        422: error('invalid_payment_method'),
      },
    }),
  };
}

export const presalesApi: RouteModule = (app, ctx) => {
  const api = contracts();
  const publicUrl = ctx.config.publicUrl;

  mount(app, api.create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    const presale = await createPresale(ctx, viewer.accountId, c.req.valid('param').id.toLowerCase(), {
      productId: input.product_id,
      thresholdUnits: input.threshold_units,
      deadline: input.deadline,
      capUnits: input.cap_units,
      expectedDelivery: input.expected_delivery,
    });
    return c.json({ id: presale.id, status: 'open' as const }, 201);
  });

  mount(app, api.show, async (c) =>
    c.json(presentPresale(await getPresale(ctx.db, c.req.valid('param').id), publicUrl), 200),
  );

  mount(app, api.pledge, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = c.req.valid('json');
    const { pledge: p, replayed } = await pledge(
      ctx,
      viewer.accountId,
      c.req.valid('param').id,
      {
        variantId: input.variant_id,
        quantity: input.quantity,
        paymentMethodId: input.payment_method_id,
        addressId: input.address_id,
      },
      c.req.valid('header')['Idempotency-Key'],
    );
    if (replayed) c.header('Idempotent-Replayed', 'true');
    const current = replayed ? await getPledge(ctx.db, p.id) : p;
    return c.json(
      { id: current.id, status: current.status, ...(current.orderId ? { order_id: current.orderId } : {}) },
      201,
    );
  });

  mount(app, api.mine, async (c) => {
    const viewer = requireViewer(c, 'read');
    const presale = await getPresale(ctx.db, c.req.valid('param').id);
    return c.json((await myPledges(ctx.db, viewer.accountId, presale.id)).map(presentPledge), 200);
  });

  mount(app, api.withdraw, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: presaleId, pledge_id } = c.req.valid('param');
    return c.json(presentPledge(await withdrawPledge(ctx, viewer.accountId, presaleId, pledge_id)), 200);
  });

  mount(app, api.update, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: presaleId, pledge_id } = c.req.valid('param');
    const p = await updatePledgeMethod(
      ctx,
      viewer.accountId,
      presaleId,
      pledge_id,
      c.req.valid('json').payment_method_id,
    );
    return c.json(presentPledge(p), 200);
  });
};
