/**
 * The places pages for people: places nearby (the browser's position or a typed address), a
 * place's page with its check-in, tips and specials, "suggest a place" and "my codes". Forms post
 * with the CSRF token; without JavaScript everything but reading the position works (the list,
 * the plot, tips, likes). Rules are the services'; these routes read forms and render.
 */
import type { RouteModule } from '../../http/app';
import { readParams } from '../../http/params';
import { hitRateLimit } from '../../http/rate-limit';
import { loginRedirect, renderError, renderPage, safeNext, tOf } from '../../web/page';
import { mediaSrc } from '../../web/components';
import { findBrand, type Account } from '../accounts';
import { checkIn } from './checkin';
import { geocode } from './geocode';
import { checkNearby, nearbyPlaces } from './nearby';
import { haversineM } from './geo';
import { getPlace, listBrandPlaces, suggestPlace } from './places';
import { myCodes } from './redeem';
import { createTip, likeTip, listTips, unlikeTip } from './tips';
import { MyCodesPage, NearbyPage, SuggestPage, type NearbyItem } from './views/nearby';
import { PlacePage, TipLike, type CheckinOutcome, type PlaceData } from './views/place';
import {
  categoriesFor,
  categoryLabel,
  clientError,
  type Ctx,
  fieldErrors,
  isHtmx,
  personOf,
  placesScript,
  stringsOf,
  tilesOf,
  UUID,
  viewOf,
} from './web-shared';

const head = <script src={placesScript} defer></script>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export const placePages: RouteModule = (app, ctx) => {
  /** A brand's places (its profile links here): the list around their middle, and the plot. */
  const brandPlaces = async (c: Ctx, brand: Account) => {
    const v = viewOf(c);
    const rows = await listBrandPlaces(ctx, brand.id, { viewerId: personOf(c) });
    const live = rows.filter((p) => p.status === 'active');
    const center = live.length
      ? {
          lat: live.reduce((a, p) => a + p.lat, 0) / live.length,
          lon: live.reduce((a, p) => a + p.lon, 0) / live.length,
        }
      : null;
    const name = brand.displayName || brand.username;
    return renderPage(c, {
      meta: { title: v.t('places.brand_places_title', { name }), head },
      body: (
        <NearbyPage
          v={v}
          categories={categoriesFor(v.locale)}
          query={{ q: '', category: '' }}
          center={center ? { ...center, label: name, you: false } : null}
          places={live.map((p) => ({
            id: p.id,
            name: p.name,
            categoryLabel: categoryLabel(p.category, v.locale),
            address: p.address,
            city: p.city,
            lat: p.lat,
            lon: p.lon,
            distanceM: center ? haversineM(center.lat, center.lon, p.lat, p.lon) : 0,
            brandName: null,
          }))}
          tiles={tilesOf(ctx)}
          error={null}
          signedIn={personOf(c) !== null}
          title={v.t('places.brand_places_title', { name })}
        />
      ),
    });
  };

  // Nearby ---------------------------------------------------------------------------------
  app.get('/places', async (c) => {
    const v = viewOf(c);
    const q = str(c.req.query('q')).slice(0, 200);
    const category = str(c.req.query('category'));
    const lat = c.req.query('lat');
    const lon = c.req.query('lon');
    let center: { lat: number; lon: number; label: string | null; you: boolean } | null = null;
    let error: string | null = null;
    let places: NearbyItem[] = [];
    let status: 200 | 400 | 404 = 200;
    const brandName = str(c.req.query('brand'));
    const brand = brandName && !lat && !q ? await findBrand(ctx, brandName) : null;
    if (brand) return brandPlaces(c, brand);
    if (lat && lon) center = { lat: Number(lat), lon: Number(lon), label: null, you: true };
    else if (q) {
      const found = geocode(q);
      if (found) center = { lat: found.lat, lon: found.lon, label: found.label || q, you: false };
      else {
        error = v.t('places.nearby.not_found');
        status = 404;
      }
    }
    if (center) {
      try {
        const options = checkNearby({ lat: center.lat, lon: center.lon, category: category || undefined });
        places = (await nearbyPlaces(ctx, options)).map((p) => ({
          id: p.id,
          name: p.name,
          categoryLabel: categoryLabel(p.category, v.locale),
          address: p.address,
          city: p.city,
          lat: p.lat,
          lon: p.lon,
          distanceM: p.distanceM,
          brandName: p.brandName,
        }));
      } catch (e) {
        if (!clientError(e)) throw e;
        center = null;
        error = v.t('places.nearby.bad_point');
        status = 400;
      }
    }
    return renderPage(c, {
      meta: { title: v.t('places.nearby.title'), head, noindex: Boolean(center) },
      status,
      body: (
        <NearbyPage
          v={v}
          categories={categoriesFor(v.locale)}
          query={{ q, category }}
          center={center}
          places={places}
          tiles={tilesOf(ctx)}
          error={error}
          signedIn={personOf(c) !== null}
        />
      ),
    });
  });

  // Suggest a place --------------------------------------------------------------------------
  app.get('/places/new', async (c) => {
    if (!personOf(c)) return loginRedirect(c);
    const v = viewOf(c);
    return renderPage(c, {
      meta: { title: v.t('places.suggest.title'), noindex: true },
      body: <SuggestPage v={v} categories={categoriesFor(v.locale)} values={{}} errors={{}} />,
    });
  });

  app.post('/places', async (c) => {
    const viewerId = personOf(c);
    if (!viewerId) return loginRedirect(c);
    const params = await readParams(c);
    const values = stringsOf(params);
    const v = viewOf(c);
    const input = {
      name: values.name,
      address: values.address,
      category: values.category,
      lat: values.lat,
      lon: values.lon,
    };
    try {
      // Without coordinates, the address is looked up; a suggestion people cannot place is refused.
      if (!str(values.lat) || !str(values.lon)) {
        const found = str(values.address) ? geocode(str(values.address)) : null;
        if (!found)
          return renderPage(c, {
            meta: { title: v.t('places.suggest.title'), noindex: true },
            status: 422,
            body: (
              <SuggestPage
                v={v}
                categories={categoriesFor(v.locale)}
                values={values}
                errors={{ address: v.t('places.nearby.not_found') }}
              />
            ),
          });
        Object.assign(input, { lat: found.lat, lon: found.lon });
      }
      const place = await suggestPlace(ctx, viewerId, input);
      return c.redirect(`/places/${place.id}?notice=suggested`, 303);
    } catch (e) {
      if (!clientError(e) || e.kind === 'not_found') throw e;
      return renderPage(c, {
        meta: { title: v.t('places.suggest.title'), noindex: true },
        status: e.kind === 'forbidden' ? 403 : 422,
        body: <SuggestPage v={v} categories={categoriesFor(v.locale)} values={values} errors={fieldErrors(c, e)} />,
      });
    }
  });

  // A place ----------------------------------------------------------------------------------
  const showPlace = async (
    c: Ctx,
    extra: { outcome?: CheckinOutcome; tipError?: string; status?: 200 | 201 | 422 | 429 } = {},
  ) => {
    const viewerId = personOf(c);
    const id = c.req.param('id')!.toLowerCase();
    const v = viewOf(c);
    const place = await getPlace(ctx, viewerId, id).catch((e) => {
      if (clientError(e) && e.kind === 'not_found') return null;
      throw e;
    });
    if (!place) return renderError(c, 404, v.t('error.not_found'), ctx);
    const tips = await listTips(ctx.db, viewerId, place.id);
    const data: PlaceData = {
      id: place.id,
      name: place.name,
      category: place.category,
      categoryLabel: categoryLabel(place.category, v.locale),
      address: place.address,
      postcode: place.postcode,
      city: place.city,
      lat: place.lat,
      lon: place.lon,
      radiusM: place.radiusM,
      openingHours: place.openingHours,
      photoUrl: place.photoPath ? mediaSrc(place.photoPath) : null,
      photoAlt: place.photoAlt,
      startsAt: place.startsAt,
      endsAt: place.endsAt,
      checkinsCount: place.checkinsCount,
      brand: place.brand ? { username: place.brand.username, displayName: place.brand.displayName } : null,
      mayor: place.mayor
        ? { username: place.mayor.username, displayName: place.mayor.displayName, avatarPath: place.mayor.avatarPath }
        : null,
    };
    const notice = c.req.query('notice');
    const noticeText =
      notice === 'tip_published'
        ? v.t('places.tip.sent')
        : notice === 'tip_pending'
          ? v.t('places.tip.pending')
          : notice === 'suggested'
            ? v.t('places.suggest.sent')
            : null;
    return renderPage(c, {
      meta: {
        title: place.name,
        description: [place.address, place.city].filter(Boolean).join(', '),
        head,
        noindex: place.status !== 'active',
      },
      status: extra.status ?? 200,
      body: (
        <PlacePage
          v={v}
          place={data}
          specials={place.specials}
          tips={tips.map((t) => ({
            id: t.id,
            text: t.text,
            likesCount: t.likesCount,
            liked: t.liked,
            mine: t.author.id === viewerId,
            author: { username: t.author.username, displayName: t.author.displayName, avatarPath: null },
            publishedAt: t.publishedAt,
          }))}
          tiles={tilesOf(ctx)}
          signedIn={viewerId !== null}
          outcome={extra.outcome ?? null}
          tipError={extra.tipError ?? null}
          canManage={place.manageable && place.brand !== null}
          notice={
            noticeText ? (
              <div class="flash flash-success" role="status">
                <p>{noticeText}</p>
              </div>
            ) : null
          }
        />
      ),
    });
  };

  app.get(`/places/:id{${UUID}}`, (c) => showPlace(c));

  app.post(`/places/:id{${UUID}}/checkin`, async (c) => {
    const viewerId = personOf(c);
    if (!viewerId) return loginRedirect(c);
    const params = await readParams(c);
    if (!str(params.lat) || !str(params.lon)) return showPlace(c, { outcome: { error: 'no_position' }, status: 422 });
    try {
      // The same bucket as the API's: a person's check-ins, whichever way they come.
      await hitRateLimit(ctx.db, `checkin:${viewerId}`, ctx.config.rateLimits.checkin);
      const result = await checkIn(ctx, viewerId, c.req.param('id').toLowerCase(), {
        lat: params.lat,
        lon: params.lon,
        accuracy_m: str(params.accuracy_m) || undefined,
        visibility: params.visibility === 'private' ? 'private' : 'public',
        comment: str(params.comment) || undefined,
      });
      return showPlace(c, {
        outcome: {
          counted: result.counted,
          reason: result.reason,
          badges: result.badges,
          mayor: result.mayor,
          specials: result.specials,
        },
        status: 201,
      });
    } catch (e) {
      if (!clientError(e) || e.kind === 'not_found') throw e;
      const code =
        e.code === 'too_far'
          ? 'too_far'
          : e.kind === 'rate_limited'
            ? 'rate_limited'
            : e.code === 'place_closed'
              ? 'closed'
              : 'invalid';
      return showPlace(c, { outcome: { error: code }, status: e.kind === 'rate_limited' ? 429 : 422 });
    }
  });

  app.post(`/places/:id{${UUID}}/tips`, async (c) => {
    const viewerId = personOf(c);
    if (!viewerId) return loginRedirect(c);
    const params = await readParams(c);
    const id = c.req.param('id').toLowerCase();
    try {
      const tip = await createTip(ctx, viewerId, id, { text: params.text });
      const notice = tip.status === 'published' ? 'tip_published' : 'tip_pending';
      return c.redirect(`/places/${id}?notice=${notice}#tips-title`, 303);
    } catch (e) {
      if (!clientError(e) || e.kind === 'not_found') throw e;
      return showPlace(c, { tipError: fieldErrors(c, e).text ?? tOf(c)('places.form.invalid'), status: 422 });
    }
  });

  app.post(`/places/tips/:tip{${UUID}}/like`, async (c) => {
    const viewerId = personOf(c);
    const tipId = c.req.param('tip').toLowerCase();
    if (!viewerId) {
      if (isHtmx(c)) {
        c.header('HX-Redirect', '/login');
        return c.body(null, 204);
      }
      return loginRedirect(c);
    }
    const params = await readParams(c);
    const result =
      params.like === '0' ? await unlikeTip(ctx.db, viewerId, tipId) : await likeTip(ctx.db, viewerId, tipId);
    if (isHtmx(c))
      return c.html(
        <TipLike
          v={viewOf(c)}
          tip={{ id: tipId, likesCount: result.likesCount, liked: result.liked, mine: false }}
          signedIn
        />,
      );
    const referer = c.req.header('referer');
    const back = referer ? safeNext(new URL(referer).pathname, '/places') : '/places';
    return c.redirect(`${back}#tip-${tipId}`, 303);
  });

  // My codes -----------------------------------------------------------------------------------
  app.get('/me/codes', async (c) => {
    const viewerId = personOf(c);
    if (!viewerId) return loginRedirect(c);
    const v = viewOf(c);
    const codes = await myCodes(ctx.db, viewerId);
    return renderPage(c, {
      meta: { title: v.t('places.codes.title'), noindex: true },
      body: (
        <MyCodesPage
          v={v}
          codes={codes.map((m) => ({
            code: m.code,
            title: m.special.title,
            kind: m.special.kind,
            placeId: m.place.id,
            placeName: m.place.name,
            unlockedAt: m.unlockedAt,
            redeemedAt: m.redeemedAt,
          }))}
        />
      ),
    });
  });
};
