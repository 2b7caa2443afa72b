// The address book and the brands' shipping methods: our own JSON API.
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../../db/client';
import type { RouteModule } from '../../../http/app';
import { notFound } from '../../../http/errors';
import { requireViewer } from '../../../http/middleware';
import { errors, parseParams, registerOperations } from '../../../http/openapi';
import { bool, queryParams, readParams } from '../../../http/params';
import { deleteAddress, listAddresses, saveAddress, type Address } from './addresses';
import {
  createShippingMethod,
  deleteShippingMethod,
  listShippingMethods,
  updateShippingMethod,
  type ShippingInput,
} from './methods';
import { presentShippingMethod } from './present';
import { teamRole } from '../orders';
import { pathUuid } from '../api-helpers';
import {
  AddressCreate,
  addressSchema,
  brandId,
  pathId,
  read,
  ShippingCreate,
  shippingSchema,
  ShippingUpdate,
  T,
  write,
} from '../api-schemas';

registerOperations([
  {
    method: 'get',
    path: '/api/v1/addresses',
    tags: T.addr,
    summary: 'Your address book (default first)',
    ...read,
    responses: { 200: { description: 'Addresses', schema: { type: 'array', items: addressSchema } }, ...errors(401) },
  },
  {
    method: 'post',
    path: '/api/v1/addresses',
    tags: T.addr,
    summary: 'Save an address; the first becomes the default',
    ...write,
    body: { schema: AddressCreate },
    responses: { 201: { description: 'The address', schema: addressSchema }, ...errors(400, 401, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/addresses/{id}',
    tags: T.addr,
    summary: 'Delete an address',
    ...write,
    parameters: [pathId('id', 'Address id')],
    responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 404) },
  },
  {
    method: 'get',
    path: '/api/v1/brands/{id}/shipping_methods',
    tags: T.ship,
    summary: 'The brand’s shipping methods (its team may add ?all=true for retired ones)',
    auth: 'optional',
    parameters: [brandId],
    responses: {
      200: { description: 'Methods, default first', schema: { type: 'array', items: shippingSchema } },
      ...errors(404),
    },
  },
  {
    method: 'post',
    path: '/api/v1/brands/{id}/shipping_methods',
    tags: T.ship,
    summary: 'Owner/admin: add a method (flat, free_above, pickup)',
    ...write,
    parameters: [brandId],
    body: { schema: ShippingCreate },
    responses: { 201: { description: 'The method', schema: shippingSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'patch',
    path: '/api/v1/brands/{id}/shipping_methods/{method_id}',
    tags: T.ship,
    summary: 'Owner/admin: change a method; default: true makes it the only default',
    ...write,
    parameters: [brandId, pathId('method_id', 'Shipping method id')],
    body: { schema: ShippingUpdate },
    responses: { 200: { description: 'The method', schema: shippingSchema }, ...errors(400, 401, 403, 404, 422) },
  },
  {
    method: 'delete',
    path: '/api/v1/brands/{id}/shipping_methods/{method_id}',
    tags: T.ship,
    summary: 'Owner/admin: retire a method (the last one stays: 409)',
    ...write,
    parameters: [brandId, pathId('method_id', 'Shipping method id')],
    responses: { 200: { description: 'Removed; {}', schema: { type: 'object' } }, ...errors(401, 403, 404, 409) },
  },
]);

function presentAddress(a: Address) {
  return {
    id: a.id,
    name: a.name,
    line1: a.line1,
    line2: a.line2,
    postal_code: a.postalCode,
    city: a.city,
    country: a.country,
    phone: a.phone,
    default: a.isDefault,
  };
}

function shippingInput(body: z.output<typeof ShippingUpdate>): ShippingInput {
  const currency = body.price?.currency ?? body.free_above?.currency;
  return {
    kind: body.kind,
    name: body.name,
    amount: body.price?.amount,
    freeAboveAmount: body.free_above === null ? null : body.free_above?.amount,
    currency,
    isDefault: body.default,
  };
}

/** The address book and the brands' shipping methods. */
export const shippingRoutes: RouteModule = (app, ctx) => {
  // Addresses -------------------------------------------------------------------------------

  app.get('/api/v1/addresses', async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await listAddresses(ctx.db, viewer.accountId)).map(presentAddress));
  });

  app.post('/api/v1/addresses', async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = parseParams(AddressCreate, await readParams(c));
    const { default: makeDefault, ...address } = input;
    return c.json(presentAddress(await saveAddress(ctx.db, viewer.accountId, address, makeDefault ?? false)), 201);
  });

  app.delete('/api/v1/addresses/:id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteAddress(ctx.db, viewer.accountId, pathUuid(c, 'id', 'Address'));
    return c.json({});
  });

  // Shipping methods ------------------------------------------------------------------------

  app.get('/api/v1/brands/:id/shipping_methods', async (c) => {
    const brand = pathUuid(c, 'id', 'Brand');
    const viewer = c.get('viewer');
    const all = bool(queryParams(c), 'all') ?? false;
    const team = all && viewer ? await teamRole(ctx.db, brand, viewer.accountId) : null;
    const [exists] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from accounts where id = ${brand} and kind = 'brand'`,
    );
    if (!exists) throw notFound('Brand');
    return c.json(
      (await listShippingMethods(ctx.db, brand, { includeInactive: Boolean(team) })).map(presentShippingMethod),
    );
  });

  app.post('/api/v1/brands/:id/shipping_methods', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = pathUuid(c, 'id', 'Brand');
    const input = parseParams(ShippingCreate, await readParams(c));
    return c.json(
      presentShippingMethod(await createShippingMethod(ctx.db, viewer.accountId, brand, shippingInput(input))),
      201,
    );
  });

  app.patch('/api/v1/brands/:id/shipping_methods/:method_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    const brand = pathUuid(c, 'id', 'Brand');
    const method = pathUuid(c, 'method_id', 'Shipping method');
    const input = parseParams(ShippingUpdate, await readParams(c));
    return c.json(
      presentShippingMethod(await updateShippingMethod(ctx.db, viewer.accountId, brand, method, shippingInput(input))),
    );
  });

  app.delete('/api/v1/brands/:id/shipping_methods/:method_id', async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteShippingMethod(
      ctx.db,
      viewer.accountId,
      pathUuid(c, 'id', 'Brand'),
      pathUuid(c, 'method_id', 'Shipping method'),
    );
    return c.json({});
  });
};
