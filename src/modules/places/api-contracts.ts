/**
 * The contracts of the places API (src/http/contract.ts). Request fields are described with the
 * values clients must send but reach the service as given: it checks them and answers a 422 whose
 * code names the rule and whose `details.field` names the field (invalid_lat, too_far, ...).
 * Built inside a function (see docs/architecture.md, "Load order"): the Account entity is named
 * by the accounts module.
 */
import { z } from 'zod';
import { body, failures, id, json, route } from '../../http/contract';
import { AccountEntity } from '../accounts';
import { categoryCodes, MAX_COMMENT, RADIUS } from './validation';
import { NEARBY } from './nearby';
import { isUuid } from '../../db/ids';

const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta).optional();
const time = z.string().meta({ format: 'date-time' });
const uuid = z.string().meta({ format: 'uuid' });
const fail = (status: 403 | 404 | 409 | 422, text: string) =>
  json(failures(status)[status].content['application/json'].schema, text);

const placeFields = {
  name: checked({ type: 'string', maxLength: 120 }),
  address: checked({ type: 'string', maxLength: 300 }),
  postcode: checked({ type: 'string' }),
  city: checked({ type: 'string', maxLength: 100, description: 'As shown in posts: "Lyon 2e"' }),
  lat: checked({ type: 'number', minimum: -90, maximum: 90 }),
  lon: checked({ type: 'number', minimum: -180, maximum: 180 }),
  radius_m: checked({
    type: 'integer',
    minimum: RADIUS.min,
    maximum: RADIUS.max,
    default: RADIUS.default,
    description: 'Check-in radius in metres',
  }),
  category: checked({ type: 'string', enum: categoryCodes, default: 'shop' }),
  opening_hours: checked({
    type: 'object',
    description: 'ISO weekday ("1" = Monday .. "7") to a list of "HH:MM-HH:MM" ranges',
    additionalProperties: { type: 'array', items: { type: 'string', pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$' } },
  }),
  photo: checked({ type: 'string', format: 'binary', description: 'multipart/form-data only: an image' }),
  photo_alt: checked({ type: 'string', maxLength: 500 }),
  starts_at: checked({ type: 'string', format: 'date-time', description: 'A pop-up store opens' }),
  ends_at: checked({ type: 'string', format: 'date-time', description: 'A pop-up store closes (after starts_at)' }),
};
const PlaceCreate = z.looseObject(placeFields).meta({ required: ['name', 'address', 'lat', 'lon'] });
const PlaceEdit = z.looseObject(placeFields);
const CheckinCreate = z
  .looseObject({
    lat: checked({ type: 'number', minimum: -90, maximum: 90 }),
    lon: checked({ type: 'number', minimum: -180, maximum: 180 }),
    accuracy_m: checked({ type: 'number', minimum: 0, maximum: 10000, description: 'Counts up to 100 m' }),
    visibility: checked({
      type: 'string',
      enum: ['public', 'private'],
      default: 'public',
      description: 'public: shared as a post to your followers; private: only you (still counts)',
    }),
    comment: checked({ type: 'string', maxLength: MAX_COMMENT }),
  })
  .meta({ required: ['lat', 'lon'] });

const brandRef = z.object({ id: z.string(), username: z.string(), display_name: z.string(), shop_url: z.string() });
const typeTypes = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

export function placeContracts() {
  const Created = z
    .strictObject({
      id: uuid,
      name: z.string(),
      lat: z.number(),
      lon: z.number(),
      radius_m: z.number().int(),
      url: z.string(),
    })
    .meta({ id: 'PlaceCreated' });
  const Special = z
    .object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      description: z.string().nullable(),
      every_n: z.number().int().nullable(),
      first_n: z.number().int().nullable(),
      min_people: z.number().int().nullable(),
      window_minutes: z.number().int().nullable(),
      starts_at: time.nullable(),
      ends_at: time.nullable(),
    })
    .meta({ id: 'PlaceSpecial' });
  const Place = z
    .object({
      id: z.string(),
      name: z.string(),
      address: z.string(),
      postcode: z.string().nullable(),
      city: z.string().nullable(),
      lat: z.number(),
      lon: z.number(),
      radius_m: z.number().int(),
      category: z.string(),
      category_name: z.object({ code: z.string(), name_fr: z.string(), name_en: z.string() }),
      opening_hours: z.record(z.string(), z.array(z.string())).nullable(),
      photo: z.object({ url: z.string(), preview_url: z.string(), alt: z.string() }).nullable(),
      starts_at: time.nullable(),
      ends_at: time.nullable(),
      status: z.enum(['active', 'suggested', 'hidden']),
      url: z.string(),
      brand: brandRef.nullable().meta({ description: 'null for a place a person suggested (no shop)' }),
      checkins_count: z.number().int().meta({ description: 'Counted check-ins' }),
      mayor: AccountEntity.nullable(),
      specials: z.array(Special).meta({ description: 'Specials on now' }),
      created_at: time,
      updated_at: time,
    })
    .meta({ id: 'Place' });
  const Nearby = z
    .object({
      id: z.string(),
      name: z.string(),
      distance_m: z.number().meta({ description: 'Great-circle distance in metres (haversine), 0.1 m' }),
      address: z.string(),
      postcode: z.string().nullable(),
      city: z.string().nullable(),
      lat: z.number(),
      lon: z.number(),
      radius_m: z.number().int(),
      category: z.string(),
      checkins_count: z.number().int(),
      url: z.string(),
      photo_preview_url: z.string().nullable(),
      brand: brandRef.nullable(),
    })
    .meta({ id: 'NearbyPlace' });
  const Checkin = z
    .object({
      id: uuid,
      counted: z.boolean(),
      reason: z.enum(['already_today', 'implausible_travel']).optional(),
      badges: z.array(z.object({ code: z.string(), name: z.string() })),
      mayor: z.boolean().meta({ description: 'This check-in made or kept you mayor' }),
      specials: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), code: z.string() })),
    })
    .meta({ id: 'CheckinCreated' });
  const OwnCheckin = z
    .object({
      id: z.string(),
      place: z.object({ id: z.string(), name: z.string(), url: z.string() }),
      counted: z.boolean(),
      reason: z.string().nullable(),
      visibility: z.enum(['public', 'private']),
      comment: z.string().nullable(),
      local_day: z.string().meta({ format: 'date', description: 'Europe/Paris day' }),
      created_at: time,
    })
    .meta({ id: 'OwnCheckin' });

  const tags = ['Places'];
  const writer = { auth: 'user' as const, scope: 'write' as const };
  const brand = z.object({ id: id('The brand', 'Brand') });
  const place = z.object({ id: id('The place', 'Place') });
  const fieldErrors = 'invalid_<field> or missing_<field>, with details.field naming it';
  return {
    create: route({
      method: 'post',
      path: '/api/v1/brands/{id}/places',
      tags,
      summary: 'Brand team (owner, admin, community manager): add one of the brand’s places',
      ...writer,
      request: { params: brand, body: body(PlaceCreate, { types: typeTypes }) },
      responses: {
        201: json(Created, 'Exactly {id, name, lat, lon, radius_m, url}'),
        ...failures(400, 401, 404, 413),
        403: fail(403, 'not_a_member, role_not_allowed'),
        422: fail(422, `${fieldErrors}; media_* for the photo`),
      },
    }),
    brandPlaces: route({
      method: 'get',
      path: '/api/v1/brands/{id}/places',
      tags,
      summary: 'A brand’s places, by name (its team may add ?include_hidden=true)',
      auth: 'optional',
      request: {
        params: brand,
        query: z.object({
          include_hidden: z
            .string()
            .optional()
            .meta({ enum: ['true', 'false'] }),
        }),
      },
      responses: { 200: json(z.array(Place), 'Places'), ...failures(400, 404) },
    }),
    suggest: route({
      method: 'post',
      path: '/api/v1/places',
      tags,
      summary: 'Suggest a place that is no brand’s (a café, a market): shown at once, without a shop',
      ...writer,
      request: { body: body(PlaceCreate, { types: typeTypes }) },
      responses: {
        201: json(Created, 'Exactly {id, name, lat, lon, radius_m, url}'),
        ...failures(400, 401, 413),
        403: fail(403, 'not_a_person'),
        422: fail(422, fieldErrors),
      },
    }),
    nearby: route({
      method: 'get',
      path: '/api/v1/places/nearby',
      tags,
      summary: 'Places around a point, nearest first, with their distance; never who is there',
      description:
        'Give lat and lon, or q: a French postcode, commune or address geocoded offline (the commune’s ' +
        'centre; see docs/places.md for its limits). Only places on the map now (pop-ups within their dates).',
      auth: 'optional',
      request: {
        query: z.object({
          lat: checked({ type: 'number', minimum: -90, maximum: 90 }),
          lon: checked({ type: 'number', minimum: -180, maximum: 180 }),
          q: z.string().optional().meta({ description: 'Postcode, commune or address, instead of lat/lon' }),
          radius_m: checked({
            type: 'integer',
            minimum: NEARBY.minRadiusM,
            maximum: NEARBY.maxRadiusM,
            default: NEARBY.defaultRadiusM,
          }),
          category: checked({ type: 'string', enum: categoryCodes }),
          limit: checked({ type: 'integer', minimum: 1, default: NEARBY.defaultLimit, description: 'At most 100' }),
        }),
      },
      responses: {
        200: json(z.array(Nearby), 'Nearest first'),
        ...failures(400),
        404: fail(404, 'unknown_place_query: q names no French postcode or commune we know'),
        422: fail(422, `${fieldErrors} (lat, lon, radius_m, category, limit)`),
      },
    }),
    show: route({
      method: 'get',
      path: '/api/v1/places/{id}',
      tags,
      summary: 'One place, with its counted check-ins, its mayor (an Account or null) and its specials on now',
      auth: 'optional',
      request: { params: place },
      responses: { 200: json(Place, 'The place'), ...failures(404) },
    }),
    edit: route({
      method: 'patch',
      path: '/api/v1/places/{id}',
      tags,
      summary: 'Change a place (its brand’s team; for a suggested place, its author or a platform moderator)',
      ...writer,
      request: { params: place, body: body(PlaceEdit, { types: typeTypes }) },
      responses: {
        200: json(Place, 'The place'),
        ...failures(400, 401, 404, 413),
        403: fail(403, 'not_a_member, role_not_allowed, not_your_place'),
        422: fail(422, fieldErrors),
      },
    }),
    remove: route({
      method: 'delete',
      path: '/api/v1/places/{id}',
      tags,
      summary: 'Take a place off the map (its history stays)',
      ...writer,
      request: { params: place },
      responses: {
        200: json(Place, 'The place, status hidden'),
        ...failures(401, 404),
        403: fail(403, 'not_a_member, role_not_allowed, not_your_place'),
      },
    }),
    checkin: route({
      method: 'post',
      path: '/api/v1/places/{id}/checkins',
      tags,
      summary: 'Check in with your position (within the radius plus your accuracy, counted up to 100 m)',
      description:
        'At most one counted check-in per place and Europe/Paris day (later ones answer counted false, reason ' +
        'already_today); travel faster than 300 km/h since your previous check-in answers counted false, reason ' +
        'implausible_travel. Public check-ins are shared as a post to your followers. Rate-limited per person.',
      ...writer,
      request: { params: place, body: body(CheckinCreate) },
      responses: {
        201: json(Checkin, '{id, counted, reason?, badges, mayor, specials}'),
        ...failures(400, 401, 404, 429),
        403: fail(403, 'not_a_person'),
        422: fail(422, `too_far (details.distance_m, allowed_m), place_closed, ${fieldErrors}`),
      },
    }),
    mine: route({
      method: 'get',
      path: '/api/v1/checkins',
      tags,
      summary: 'Your own check-ins, newest first (nobody else’s are listed anywhere)',
      auth: 'user',
      scope: 'read',
      request: {
        query: z.object({
          max_id: z
            .string()
            .refine(isUuid, 'must be the id of a check-in (a UUID)')
            .optional()
            .meta({ format: 'uuid', description: 'The last check-in of the previous page' }),
          limit: checked({ type: 'integer', minimum: 1, default: 20, description: 'At most 50' }),
        }),
      },
      responses: { 200: json(z.array(OwnCheckin), 'Check-ins'), ...failures(400, 401) },
    }),
  };
}
