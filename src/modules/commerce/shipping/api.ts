// The address book and the brands' shipping methods: our own JSON API, each route a contract (src/http/contract.ts).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../../db/client';
import type { RouteModule } from '../../../http/app';
import { body, failures, flag, id, json, mount, route } from '../../../http/contract';
import { notFound } from '../../../http/errors';
import { requireViewer } from '../../../http/middleware';
import { teamRole } from '../orders';
import { type Address, deleteAddress, listAddresses, saveAddress } from './addresses';
import { AddressCreate, AddressEntity, ShippingCreate, ShippingMethodEntity, ShippingUpdate } from './api-schemas';
import {
  createShippingMethod,
  deleteShippingMethod,
  listShippingMethods,
  type ShippingInput,
  updateShippingMethod,
} from './methods';
import { presentShippingMethod } from './present';

// Contracts ---------------------------------------------------------------------------------------

const reader = { auth: 'user' as const, scope: 'read' as const };
const writer = { auth: 'user' as const, scope: 'write' as const };
const addressTags = ['Addresses'];
const shippingTags = ['Shipping methods'];
const brand = z.object({ id: id('The brand’s account id', 'Brand') });
const method = brand.extend({ method_id: id('Shipping method id', 'Shipping method') });
const removed = json(z.object({}), 'Removed; an empty object');

const addresses = route({
  method: 'get',
  path: '/api/v1/addresses',
  tags: addressTags,
  summary: 'Your address book (default first)',
  ...reader,
  responses: { 200: json(z.array(AddressEntity), 'Addresses'), ...failures(401) },
});
const addAddress = route({
  method: 'post',
  path: '/api/v1/addresses',
  tags: addressTags,
  summary: 'Save an address; the first becomes the default',
  description: 'A malformed field is 422 invalid_address naming it; at most 20 addresses (422 too_many_addresses).',
  ...writer,
  request: { body: body(AddressCreate) },
  responses: { 201: json(AddressEntity, 'The address'), ...failures(400, 401, 422) },
});
const removeAddress = route({
  method: 'delete',
  path: '/api/v1/addresses/{id}',
  tags: addressTags,
  summary: 'Delete an address',
  ...writer,
  request: { params: z.object({ id: id('Address id', 'Address') }) },
  responses: { 200: removed, ...failures(401, 404) },
});
const methods = route({
  method: 'get',
  path: '/api/v1/brands/{id}/shipping_methods',
  tags: shippingTags,
  summary: 'The brand’s shipping methods (its team may add ?all=true for retired ones)',
  auth: 'optional',
  request: { params: brand, query: z.object({ all: flag('Also the retired methods (the brand’s team only)') }) },
  responses: { 200: json(z.array(ShippingMethodEntity), 'Methods, default first'), ...failures(400, 404) },
});
const addMethod = route({
  method: 'post',
  path: '/api/v1/brands/{id}/shipping_methods',
  tags: shippingTags,
  summary: 'Owner/admin: add a method (flat, free_above, pickup)',
  ...writer,
  request: { params: brand, body: body(ShippingCreate) },
  responses: { 201: json(ShippingMethodEntity, 'The method'), ...failures(400, 401, 403, 404, 422) },
});
const editMethod = route({
  method: 'patch',
  path: '/api/v1/brands/{id}/shipping_methods/{method_id}',
  tags: shippingTags,
  summary: 'Owner/admin: change a method; default: true makes it the only default',
  ...writer,
  request: { params: method, body: body(ShippingUpdate) },
  responses: { 200: json(ShippingMethodEntity, 'The method'), ...failures(400, 401, 403, 404, 422) },
});
const retireMethod = route({
  method: 'delete',
  path: '/api/v1/brands/{id}/shipping_methods/{method_id}',
  tags: shippingTags,
  summary: 'Owner/admin: retire a method (the last one stays: 409 last_shipping_method)',
  ...writer,
  request: { params: method },
  responses: { 200: removed, ...failures(401, 403, 404, 409) },
});

// Routes ------------------------------------------------------------------------------------------

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

  mount(app, addresses, async (c) => {
    const viewer = requireViewer(c, 'read');
    return c.json((await listAddresses(ctx.db, viewer.accountId)).map(presentAddress), 200);
  });

  mount(app, addAddress, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { default: makeDefault, ...address } = c.req.valid('json');
    return c.json(presentAddress(await saveAddress(ctx.db, viewer.accountId, address, makeDefault ?? false)), 201);
  });

  mount(app, removeAddress, async (c) => {
    const viewer = requireViewer(c, 'write');
    await deleteAddress(ctx.db, viewer.accountId, c.req.valid('param').id);
    return c.json({}, 200);
  });

  // Shipping methods ------------------------------------------------------------------------

  mount(app, methods, async (c) => {
    const brand = c.req.valid('param').id;
    const viewer = c.get('viewer');
    const all = c.req.valid('query').all ?? false;
    const team = all && viewer ? await teamRole(ctx.db, brand, viewer.accountId) : null;
    const [exists] = await queryRows<{ id: string }>(
      ctx.db,
      sql`select id from accounts where id = ${brand} and kind = 'brand'`,
    );
    if (!exists) throw notFound('Brand');
    return c.json(
      (await listShippingMethods(ctx.db, brand, { includeInactive: Boolean(team) })).map(presentShippingMethod),
      200,
    );
  });

  mount(app, addMethod, async (c) => {
    const viewer = requireViewer(c, 'write');
    const input = shippingInput(c.req.valid('json'));
    return c.json(
      presentShippingMethod(await createShippingMethod(ctx.db, viewer.accountId, c.req.valid('param').id, input)),
      201,
    );
  });

  mount(app, editMethod, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: brand, method_id } = c.req.valid('param');
    const input = shippingInput(c.req.valid('json'));
    return c.json(
      presentShippingMethod(await updateShippingMethod(ctx.db, viewer.accountId, brand, method_id, input)),
      200,
    );
  });

  mount(app, retireMethod, async (c) => {
    const viewer = requireViewer(c, 'write');
    const { id: brand, method_id } = c.req.valid('param');
    await deleteShippingMethod(ctx.db, viewer.accountId, brand, method_id);
    return c.json({}, 200);
  });
};
