/**
 * The places JSON API (errors `{"error": {"code", "message"}}`), described in the OpenAPI
 * document by api-contracts.ts. `POST /api/v1/brands/:id/places` and `POST /api/v1/places`
 * answer exactly `{id, name, lat, lon, radius_m, url}`; a check-in answers `{id, counted,
 * reason?, badges, mayor, specials}` because other tools rely on them. Rules and authorization
 * are the services'; check-ins are rate-limited per person here (COMPTOIR_RATE_CHECKIN).
 */
import type { RouteModule } from '../../http/app';
import { mount } from '../../http/contract';
import { badRequest, unprocessable } from '../../http/errors';
import { setNextLink } from '../../http/pagination';
import { hitRateLimit } from '../../http/rate-limit';
import type { Params } from '../../http/params';
import { storeImage } from '../media';
import { placeContracts } from './api-contracts';
import { checkIn, listOwnCheckins } from './checkin';
import { geocode } from './geocode';
import { checkNearby, nearbyPlaces } from './nearby';
import {
  createPlace,
  getPlace,
  listBrandPlaces,
  removePlace,
  suggestPlace,
  updatePlace,
  type PlaceInput,
  type PlacePhoto,
} from './places';
import { presentCheckin, presentCreated, presentNearby, presentOwnCheckin, presentPlace } from './present';

export const placesApi: RouteModule = (app, ctx) => {
  const api = placeContracts();
  const config = ctx.config;
  const signedIn = (c: { get(key: 'viewer'): { accountId: string } | null | undefined }) => c.get('viewer')!.accountId;

  /** The `photo` file of a multipart body, stored like product images; undefined when none. */
  const photoOf = async (params: Params): Promise<PlacePhoto | undefined> => {
    const file = params.photo;
    if (file === undefined || file === null || file === '') return undefined;
    if (!(file instanceof Blob))
      throw badRequest('invalid_param', 'photo must be a file (multipart/form-data)', { field: 'photo' });
    if (file.size === 0) return undefined;
    const stored = await storeImage(ctx.media, new Uint8Array(await file.arrayBuffer()), 'attachment', {
      maxBytes: config.mediaMaxBytes,
    });
    return {
      path: stored.path,
      previewPath: stored.previewPath,
      alt: typeof params.photo_alt === 'string' ? params.photo_alt : null,
    };
  };

  mount(app, api.create, async (c) => {
    const params = c.req.valid('json') as Params;
    const photo = await photoOf(params);
    const place = await createPlace(
      ctx,
      signedIn(c),
      c.req.valid('param').id.toLowerCase(),
      params as PlaceInput,
      photo,
    );
    return c.json(presentCreated(config, place), 201);
  });

  mount(app, api.suggest, async (c) => {
    const params = c.req.valid('json') as Params;
    const photo = await photoOf(params);
    const place = await suggestPlace(ctx, signedIn(c), params as PlaceInput, photo);
    return c.json(presentCreated(config, place), 201);
  });

  mount(app, api.brandPlaces, async (c) => {
    const viewerId = c.get('viewer')?.accountId ?? null;
    const list = await listBrandPlaces(ctx, c.req.valid('param').id.toLowerCase(), {
      viewerId,
      includeHidden: c.req.valid('query').include_hidden === 'true',
    });
    return c.json(
      list.map((p) => presentPlace(config, p)),
      200,
    );
  });

  // Before /places/{id}: "nearby" is no id.
  mount(app, api.nearby, async (c) => {
    const q = c.req.valid('query') as Params;
    let centre = { lat: q.lat, lon: q.lon };
    if ((q.lat === undefined || q.lat === '') && (q.lon === undefined || q.lon === '') && typeof q.q === 'string') {
      const found = geocode(q.q);
      if (!found) throw unprocessable('unknown_address', 'No French postcode or commune found in q', { field: 'q' });
      centre = { lat: found.lat, lon: found.lon };
    }
    const found = await nearbyPlaces(ctx, checkNearby({ ...q, ...centre }));
    return c.json(
      found.map((n) => presentNearby(config, n)),
      200,
    );
  });

  mount(app, api.show, async (c) => {
    const place = await getPlace(ctx, c.get('viewer')?.accountId ?? null, c.req.valid('param').id.toLowerCase());
    return c.json(presentPlace(config, place), 200);
  });

  mount(app, api.edit, async (c) => {
    const params = c.req.valid('json') as Params;
    const photo = await photoOf(params);
    const id = c.req.valid('param').id.toLowerCase();
    await updatePlace(ctx, signedIn(c), id, params as PlaceInput, photo);
    return c.json(presentPlace(config, await getPlace(ctx, signedIn(c), id)), 200);
  });

  mount(app, api.remove, async (c) => {
    const id = c.req.valid('param').id.toLowerCase();
    await removePlace(ctx, signedIn(c), id);
    return c.json(presentPlace(config, await getPlace(ctx, signedIn(c), id)), 200);
  });

  mount(app, api.checkin, async (c) => {
    const accountId = signedIn(c);
    await hitRateLimit(ctx.db, `checkin:${accountId}`, config.rateLimits.checkin);
    const result = await checkIn(ctx, accountId, c.req.valid('param').id.toLowerCase(), c.req.valid('json') as Params);
    return c.json(presentCheckin(result), 201);
  });

  mount(app, api.mine, async (c) => {
    const q = c.req.valid('query') as Params;
    const n = Number(q.limit ?? 20);
    const limit = Number.isInteger(n) && n >= 1 ? Math.min(n, 50) : 20;
    const rows = await listOwnCheckins(ctx, signedIn(c), {
      maxId: typeof q.max_id === 'string' ? q.max_id : null,
      limit,
    });
    setNextLink(
      c,
      config.publicUrl,
      rows.map((r) => r.id),
      limit,
    );
    return c.json(
      rows.map((r) => presentOwnCheckin(config, r)),
      200,
    );
  });
};
