/**
 * The contracts of the pop-up stores API (src/http/contract.ts). Bodies let any value through to
 * the service, which checks them and answers 422 naming the field (invalid_ends_at, unknown_product…).
 * Built inside a function: contracts are made after http/contract.ts has loaded (see docs/architecture.md).
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../../http/contract';
import { MAX_EARLY_ACCESS_HOURS } from './early-access';
import { MAX_POPUP_DESCRIPTION, MAX_POPUP_PRODUCTS, MAX_POPUP_TITLE, popupStatuses } from './model';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const uuid = z.string().meta({ format: 'uuid' });
const time = z.string().meta({ format: 'date-time' });

export function popupContracts() {
  const fields = {
    title: checked({ type: 'string', maxLength: MAX_POPUP_TITLE }),
    description: checked({ type: 'string', maxLength: MAX_POPUP_DESCRIPTION }),
    starts_at: checked({ type: 'string', format: 'date-time', description: 'Opening (may be seconds away)' }),
    ends_at: checked({ type: 'string', format: 'date-time', description: 'Closing, after starts_at' }),
    product_ids: checked({
      type: 'array',
      items: { type: 'string', format: 'uuid' },
      minItems: 1,
      maxItems: MAX_POPUP_PRODUCTS,
      description: 'The brand’s products sold through it',
    }),
    place_id: checked({ type: 'string', format: 'uuid', description: 'One of the brand’s places (a physical pop-up)' }),
    early_access_hours: checked({
      type: 'integer',
      minimum: 0,
      maximum: MAX_EARLY_ACCESS_HOURS,
      description: 'Followers from before this setting was saved may buy this many hours before starts_at',
    }),
  };
  const PopupCreate = z
    .looseObject({
      title: fields.title.optional(),
      description: fields.description.optional(),
      starts_at: fields.starts_at.optional(),
      ends_at: fields.ends_at.optional(),
      product_ids: fields.product_ids.optional(),
      place_id: fields.place_id.optional(),
      early_access_hours: fields.early_access_hours.optional(),
    })
    .meta({ required: ['title', 'starts_at', 'ends_at', 'product_ids'] });
  const PopupUpdate = z.looseObject({
    title: fields.title.optional(),
    description: fields.description.optional(),
    starts_at: fields.starts_at.optional(),
    ends_at: fields.ends_at.optional(),
    product_ids: fields.product_ids.optional(),
    place_id: fields.place_id.optional(),
    early_access_hours: fields.early_access_hours.optional(),
  });
  const Popup = z
    .object({
      id: uuid,
      brand_id: uuid,
      title: z.string(),
      description: z.string(),
      url: z.string().meta({ format: 'uri', description: 'Its page' }),
      status: z.enum(popupStatuses).meta({ description: 'From the clock: scheduled, open, closed' }),
      starts_at: time,
      ends_at: time,
      early_access_hours: z.number().int(),
      early_access_from: time
        .nullable()
        .meta({ description: 'When earlier followers may buy (null: no early access)' }),
      place_id: uuid.nullable(),
      product_ids: z.array(uuid),
      banner_url: z.string().nullable(),
      opening_status_id: uuid.nullable().meta({ description: 'The brand’s post at opening, once it went out' }),
      announced_at: time.nullable(),
      created_at: time,
    })
    .meta({ id: 'Popup' });
  const Announced = z
    .object({ status_id: uuid, url: z.string(), status: z.enum(popupStatuses) })
    .meta({ id: 'PopupAnnouncement' });
  const Subscribed = z
    .object({ subscribed: z.boolean(), status: z.enum(popupStatuses) })
    .meta({ id: 'PopupSubscription' });
  const brand = z.object({ id: id('The brand’s account id', 'Brand') });
  const popup = z.object({ id: id('The pop-up store', 'Popup') });
  const tags = ['Campaigns: pop-up stores'];
  const writer = { auth: 'user' as const, scope: 'write' as const };
  return {
    Popup,
    create: route({
      method: 'post',
      path: '/api/v1/brands/{id}/popups',
      tags,
      summary: 'Open a pop-up store (owner, admin): its products, opening and closing times, optional place',
      ...writer,
      request: { params: brand, body: body(PopupCreate) },
      responses: { 201: json(Popup, 'The pop-up store'), ...failures(400, 401, 403, 404, 422) },
    }),
    list: route({
      method: 'get',
      path: '/api/v1/brands/{id}/popups',
      tags,
      summary: 'A brand’s pop-up stores, latest opening first',
      auth: 'optional',
      request: { params: brand },
      responses: { 200: json(z.array(Popup), 'Pop-up stores'), ...failures(404) },
    }),
    show: route({
      method: 'get',
      path: '/api/v1/popups/{id}',
      tags,
      summary: 'One pop-up store',
      auth: 'optional',
      request: { params: popup },
      responses: { 200: json(Popup, 'The pop-up store'), ...failures(404) },
    }),
    update: route({
      method: 'patch',
      path: '/api/v1/popups/{id}',
      tags,
      summary: 'Change a pop-up store before it closes (owner, admin)',
      ...writer,
      request: { params: popup, body: body(PopupUpdate) },
      responses: { 200: json(Popup, 'The pop-up store'), ...failures(400, 401, 403, 404, 409, 422) },
    }),
    subscribe: route({
      method: 'post',
      path: '/api/v1/popups/{id}/subscribe',
      tags,
      summary: 'Notify me when it opens',
      ...writer,
      request: { params: popup },
      responses: { 200: json(Subscribed, 'Subscribed'), ...failures(401, 404, 409) },
    }),
    announce: route({
      method: 'post',
      path: '/api/v1/popups/{id}/announce',
      tags,
      summary: 'Announce it now with a post by the brand (owner, admin, community manager)',
      ...writer,
      request: { params: popup },
      responses: { 201: json(Announced, 'The post'), ...failures(401, 403, 404, 409) },
    }),
  };
}
