/**
 * The contracts of the ambassadors API (src/http/contract.ts). Bodies let any value through to
 * the services, which answer 422 naming the field (invalid_commission_percent, invalid_window_days,
 * product_not_in_program…). Built inside a function: contracts are made after http/contract.ts loads.
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../http/contract';
import { ambassadorStatuses } from './schema';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta).optional();
const uuid = z.string().meta({ format: 'uuid' });
const time = z.string().meta({ format: 'date-time' });

export function ambassadorContracts() {
  const ProgramBody = z
    .looseObject({
      commission_percent: checked({ type: 'number', minimum: 0, maximum: 50, description: 'Commission, percent' }),
      window_days: checked({ type: 'integer', minimum: 1, maximum: 365, description: 'Attribution window (days)' }),
      min_payout: checked({
        type: 'object',
        properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string' } },
        description: 'Smallest payout, minor units',
      }),
      return_window_days: checked({ type: 'integer', minimum: 0, maximum: 365, description: 'Days after delivery' }),
      terms: checked({ type: 'string', maxLength: 5000 }),
      product_scope: checked({ type: 'string', enum: ['all', 'selected'] }),
      product_ids: checked({ type: 'array', items: { type: 'string', format: 'uuid' } }),
      collection_rates: checked({
        type: 'array',
        items: {
          type: 'object',
          properties: { collection_id: { type: 'string', format: 'uuid' }, commission_percent: { type: 'number' } },
        },
      }),
      open_to_applications: checked({ type: 'boolean' }),
      active: checked({ type: 'boolean', description: 'false closes the programme' }),
    })
    .meta({ required: ['commission_percent', 'window_days'] });
  const Program = z
    .object({
      brand_id: uuid,
      commission_percent: z.number(),
      window_days: z.number().int(),
      return_window_days: z.number().int(),
      min_payout: z.object({ amount: z.number().int(), currency: z.string() }),
      terms: z.string(),
      product_scope: z.enum(['all', 'selected']),
      product_ids: z.array(uuid),
      collection_rates: z.array(z.object({ collection_id: uuid, commission_percent: z.number() })),
      open_to_applications: z.boolean(),
      active: z.boolean(),
      url: z.string().meta({ format: 'uri', description: 'Its page, where people apply' }),
      updated_at: time,
    })
    .meta({ id: 'AmbassadorProgram' });
  const Ambassador = z
    .object({
      id: uuid,
      brand_id: uuid,
      account_id: uuid,
      username: z.string().optional(),
      status: z.enum(ambassadorStatuses),
      message: z.string(),
      clicks: z.number().int().optional(),
      orders: z.number().int().optional(),
      created_at: time,
    })
    .meta({ id: 'Ambassador' });
  const Link = z
    .object({
      id: uuid,
      url: z.string().meta({ format: 'uri', description: 'The short link to share' }),
      code: z.string().meta({ description: 'Its code (an order’s `ref`)' }),
      target_kind: z.enum(['product', 'collection', 'popup', 'picks']),
      target_id: uuid.nullable(),
      clicks: z.number().int().optional(),
      orders: z.number().int().optional(),
    })
    .meta({ id: 'AmbassadorLink' });
  const brand = z.object({ id: id('The brand’s account id', 'Brand') });
  const amb = z.object({ id: id('The ambassadorship', 'Ambassador') });
  const tags = ['Ambassadors'];
  const writer = { auth: 'user' as const, scope: 'write' as const };
  const reader = { auth: 'user' as const, scope: 'read' as const };
  const action = (path: string, summary: string) =>
    route({
      method: 'post',
      path: `/api/v1/ambassadors/{id}/${path}`,
      tags,
      summary,
      ...writer,
      request: { params: amb },
      responses: { 200: json(Ambassador, 'The ambassadorship'), ...failures(401, 403, 404, 409) },
    });
  return {
    saveProgram: route({
      method: 'post',
      path: '/api/v1/brands/{id}/ambassador_program',
      tags,
      summary: 'Open or change the brand’s ambassador programme (owner, admin)',
      ...writer,
      request: { params: brand, body: body(ProgramBody) },
      responses: {
        201: json(Program, 'Created'),
        200: json(Program, 'Changed'),
        ...failures(400, 401, 403, 404, 422),
      },
    }),
    showProgram: route({
      method: 'get',
      path: '/api/v1/brands/{id}/ambassador_program',
      tags,
      summary: 'The brand’s ambassador programme (its team)',
      ...reader,
      request: { params: brand },
      responses: { 200: json(Program, 'The programme'), ...failures(401, 403, 404) },
    }),
    invite: route({
      method: 'post',
      path: '/api/v1/brands/{id}/ambassadors',
      tags,
      summary: 'Make a person an ambassador at once (owner, admin)',
      ...writer,
      request: {
        params: brand,
        body: body(z.looseObject({ account_id: checked({ type: 'string', format: 'uuid' }) })),
      },
      responses: {
        201: json(z.object({ id: uuid, status: z.enum(ambassadorStatuses) }), 'Accepted'),
        200: json(z.object({ id: uuid, status: z.enum(ambassadorStatuses) }), 'Already accepted'),
        ...failures(400, 401, 403, 404, 422),
      },
    }),
    list: route({
      method: 'get',
      path: '/api/v1/brands/{id}/ambassadors',
      tags,
      summary: 'The brand’s ambassadors and applications (its team), newest first',
      ...reader,
      request: {
        params: brand,
        query: z.object({ status: z.enum(ambassadorStatuses).optional() }),
      },
      responses: { 200: json(z.array(Ambassador), 'Ambassadors'), ...failures(401, 403, 404) },
    }),
    apply: route({
      method: 'post',
      path: '/api/v1/brands/{id}/ambassador_applications',
      tags,
      summary: 'Apply to the brand’s programme (a person), with an optional message',
      ...writer,
      request: { params: brand, body: body(z.looseObject({ message: checked({ type: 'string', maxLength: 1000 }) })) },
      responses: {
        201: json(Ambassador, 'Applied'),
        200: json(Ambassador, 'Already applied (or an invitation accepted)'),
        ...failures(400, 401, 404, 409, 422),
      },
    }),
    accept: action('accept', 'Accept an application (owner, admin)'),
    refuse: action('refuse', 'Refuse an application or withdraw an invitation (owner, admin)'),
    acceptInvitation: action('accept_invitation', 'Accept an invitation (the person invited)'),
    end: action('end', 'End the ambassadorship (the ambassador, or the brand’s owner or admin)'),
    makeLink: route({
      method: 'post',
      path: '/api/v1/ambassadors/{id}/links',
      tags,
      summary: 'The ambassador’s short link to a product, collection, pop-up store or their picks',
      ...writer,
      request: {
        params: amb,
        body: body(
          z.looseObject({
            product_id: checked({ type: 'string', format: 'uuid' }),
            collection_id: checked({ type: 'string', format: 'uuid' }),
            popup_id: checked({ type: 'string', format: 'uuid' }),
            picks: checked({ type: 'boolean', description: 'The picks storefront' }),
          }),
        ),
      },
      responses: {
        201: json(Link, 'Made'),
        200: json(Link, 'The same link as before'),
        ...failures(400, 401, 404, 422),
      },
    }),
    links: route({
      method: 'get',
      path: '/api/v1/ambassadors/{id}/links',
      tags,
      summary: 'The ambassador’s links with their clicks and orders (the ambassador)',
      ...reader,
      request: { params: amb },
      responses: { 200: json(z.array(Link), 'Links'), ...failures(401, 404) },
    }),
  };
}
