/**
 * The brand's "Places" back-office pages: its places, the place form, a place's specials, its
 * dashboard (and CSV) and the staff's redeem page. Who may do what is the services' rule (the
 * team's roles); a stranger gets a 404 for the brand's pages, a team member without the role a 403.
 */
import { readParams } from '../../http/params';
import type { RouteModule } from '../../http/app';
import { storeImage } from '../media';
import { findBrand, roleIn, roleAllows, type Account, type BrandRole, type Permission } from '../accounts';
import { addBackofficeSection } from '../../web/backoffice';
import { loginRedirect, renderError, renderPage } from '../../web/page';
import { dashboardCsv, dashboardFor, type PlaceDashboard } from './dashboard';
import { parisDay } from './geo';
import { createPlace, getPlace, listBrandPlaces, updatePlace, type PlaceInput } from './places';
import { redeemCode } from './redeem';
import { createSpecial, listSpecials } from './specials';
import { BrandPlacesPage, PlaceFormPage } from './views/backoffice';
import { DashboardPage, type DashboardData } from './views/dashboard';
import { RedeemPage, SpecialsPage, type RedeemOutcome } from './views/offers';
import type { PlaceFormValues } from './views/nearby';
import {
  categoriesFor,
  categoryLabel,
  clientError,
  type Ctx,
  fieldErrors,
  personOf,
  placesScript,
  stringsOf,
  UUID,
  viewOf,
} from './web-shared';
import { parisFormTime } from '../../web/paris-time';
import { parisInstant } from './web-time';

const DAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** The form's fields as the service's input: hours per day, dates at the edges of Paris days. */
function placeInput(values: PlaceFormValues): PlaceInput {
  const hours: Record<string, string[]> = {};
  for (const d of DAYS) {
    const ranges = (values[`hours_${d}`] ?? '')
      .split(',')
      .map((r) => r.trim().replace(/\s+/g, ''))
      .filter(Boolean);
    if (ranges.length) hours[d] = ranges;
  }
  return {
    name: values.name ?? '',
    address: values.address ?? '',
    postcode: values.postcode || null,
    city: values.city || null,
    lat: values.lat ?? '',
    lon: values.lon ?? '',
    radius_m: values.radius_m || undefined,
    category: values.category || undefined,
    opening_hours: Object.keys(hours).length ? hours : null,
    photo_alt: values.photo_alt || undefined,
    starts_at: values.starts_at ? parisInstant(values.starts_at) : null,
    // "Closes on the 24th" means open all of the 24th: the end is the next day's midnight.
    ends_at: values.ends_at ? parisInstant(values.ends_at, { nextDay: true }) : null,
  };
}

/** The dashboard service's figures as the page shows them. */
const dashboardData = (d: PlaceDashboard): DashboardData => ({
  days: d.days.map((x) => ({ day: x.day, counted: x.checkins })),
  newVisitors: d.totals.newVisitors,
  returningVisitors: d.totals.returningVisitors,
  unlocked: d.totals.unlocked,
  redeemed: d.totals.redeemed,
  tipsPublished: d.tips.published,
  tipsPending: d.tips.pending,
  mayor: d.mayor ? { username: d.mayor.username, displayName: d.mayor.displayName, avatarPath: null } : null,
  specials: d.specials,
});

export const brandPlacePages: RouteModule = (app, ctx) => {
  /** The brand and the viewer's role on its team; null (404) for strangers and unknown brands. */
  const teamOf = async (c: Ctx): Promise<{ brand: Account; role: BrandRole; viewerId: string } | null> => {
    const viewerId = personOf(c)!;
    const brand = await findBrand(ctx, c.req.param('username')!);
    const role = brand ? await roleIn(ctx, brand.id, viewerId) : null;
    return brand && role ? { brand, role, viewerId } : null;
  };
  const brandRef = (b: Account) => ({ username: b.username, name: b.displayName || b.username });
  const notFoundPage = (c: Ctx) => renderError(c, 404, viewOf(c).t('error.not_found'), ctx);
  const forbiddenPage = (c: Ctx) => renderError(c, 403, viewOf(c).t('error.forbidden'), ctx);

  /** Runs `page` for a team member whose role has `permission`. */
  const team =
    (
      permission: Permission,
      page: (c: Ctx, t: { brand: Account; role: BrandRole; viewerId: string }) => Promise<Response>,
    ) =>
    async (c: Ctx) => {
      if (!personOf(c)) return loginRedirect(c);
      const found = await teamOf(c);
      if (!found) return notFoundPage(c);
      if (!roleAllows(found.role, permission)) return forbiddenPage(c);
      return page(c, found);
    };

  /** One of the brand's places (404 when it is another brand's or unknown). */
  const placeOf = async (c: Ctx, brand: Account, viewerId: string) => {
    const place = await getPlace(ctx, viewerId, c.req.param('id')!.toLowerCase()).catch((e) => {
      if (clientError(e) && e.kind === 'not_found') return null;
      throw e;
    });
    return place && place.brandId === brand.id ? place : null;
  };

  const base = '/brands/:username/places';

  app.get(
    base,
    team('places.manage', async (c, { brand, viewerId }) => {
      const v = viewOf(c);
      const places = await listBrandPlaces(ctx, brand.id, { viewerId, includeHidden: true });
      return renderPage(c, {
        meta: { title: v.t('places.bo.title'), noindex: true },
        body: (
          <BrandPlacesPage
            v={v}
            brand={brandRef(brand)}
            canEdit
            notice={c.req.query('notice') === 'saved' ? v.t('places.bo.saved') : null}
            places={places.map((p) => ({
              id: p.id,
              name: p.name,
              address: p.address,
              city: p.city,
              categoryLabel: categoryLabel(p.category, v.locale),
              status: p.status,
              checkinsCount: p.checkinsCount,
              mayorName: p.mayor ? p.mayor.displayName || p.mayor.username : null,
            }))}
          />
        ),
      });
    }),
  );

  const showForm = (
    c: Ctx,
    brand: Account,
    placeId: string | null,
    values: PlaceFormValues,
    errors: Record<string, string | undefined> = {},
    status: 200 | 403 | 413 | 422 = 200,
  ) => {
    const v = viewOf(c);
    return renderPage(c, {
      meta: {
        title: placeId ? v.t('places.bo.edit_title', { name: values.name ?? '' }) : v.t('places.bo.new'),
        noindex: true,
      },
      status,
      body: (
        <PlaceFormPage
          v={v}
          brand={brandRef(brand)}
          placeId={placeId}
          categories={categoriesFor(v.locale)}
          values={values}
          errors={errors}
        />
      ),
    });
  };

  /** The uploaded photo, stored (undefined when none was chosen). */
  const photoOf = async (params: Record<string, unknown>, alt: string | undefined) => {
    const file = params.photo;
    if (!(file instanceof Blob) || file.size === 0) return undefined;
    const stored = await storeImage(ctx.media, new Uint8Array(await file.arrayBuffer()), 'attachment', {
      maxBytes: ctx.config.mediaMaxBytes,
    });
    return { path: stored.path, previewPath: stored.previewPath, alt: alt ?? null };
  };

  const save = async (c: Ctx, brand: Account, viewerId: string, placeId: string | null) => {
    const params = await readParams(c);
    const values = stringsOf(params);
    try {
      const photo = await photoOf(params, values.photo_alt);
      const input = placeInput(values);
      if (placeId) await updatePlace(ctx, viewerId, placeId, input, photo);
      else await createPlace(ctx, viewerId, brand.id, input, photo);
      return c.redirect(`/brands/${brand.username}/places?notice=saved`, 303);
    } catch (e) {
      if (!clientError(e) || e.kind === 'not_found') throw e;
      const status = e.kind === 'forbidden' ? 403 : e.kind === 'too_large' ? 413 : 422;
      return showForm(c, brand, placeId, values, fieldErrors(c, e), status);
    }
  };

  app.get(
    `${base}/new`,
    team('places.manage', async (c, { brand }) => showForm(c, brand, null, {})),
  );
  app.post(
    `${base}/new`,
    team('places.manage', (c, { brand, viewerId }) => save(c, brand, viewerId, null)),
  );

  app.get(
    `${base}/:id{${UUID}}/edit`,
    team('places.manage', async (c, { brand, viewerId }) => {
      const place = await placeOf(c, brand, viewerId);
      if (!place) return notFoundPage(c);
      const values: PlaceFormValues = {
        name: place.name,
        address: place.address,
        postcode: place.postcode ?? '',
        city: place.city ?? '',
        lat: String(place.lat),
        lon: String(place.lon),
        radius_m: String(place.radiusM),
        category: place.category,
        photo_alt: place.photoAlt ?? '',
        starts_at: place.startsAt ? parisDay(place.startsAt) : '',
        ends_at: place.endsAt ? parisDay(new Date(place.endsAt.getTime() - 1)) : '',
      };
      for (const d of DAYS) values[`hours_${d}`] = place.openingHours?.[d]?.join(', ') ?? '';
      return showForm(c, brand, place.id, values);
    }),
  );
  app.post(
    `${base}/:id{${UUID}}/edit`,
    team('places.manage', async (c, { brand, viewerId }) => {
      const place = await placeOf(c, brand, viewerId);
      if (!place) return notFoundPage(c);
      return save(c, brand, viewerId, place.id);
    }),
  );

  // Specials -----------------------------------------------------------------------------------
  const showSpecials = async (
    c: Ctx,
    brand: Account,
    viewerId: string,
    values: PlaceFormValues = {},
    errors: Record<string, string | undefined> = {},
    status: 200 | 422 = 200,
  ) => {
    const place = await placeOf(c, brand, viewerId);
    if (!place) return notFoundPage(c);
    const v = viewOf(c);
    const { specials } = await listSpecials(ctx.db, viewerId, place.id, ctx.clock.now());
    return renderPage(c, {
      meta: { title: v.t('places.bo.specials_title', { name: place.name }), noindex: true },
      status,
      body: (
        <SpecialsPage
          v={v}
          brand={brandRef(brand)}
          place={{ id: place.id, name: place.name }}
          specials={specials}
          values={values}
          errors={errors}
          notice={c.req.query('notice') === 'created' ? v.t('places.special.created') : null}
        />
      ),
    });
  };

  app.get(
    `${base}/:id{${UUID}}/specials`,
    team('places.manage', (c, { brand, viewerId }) => showSpecials(c, brand, viewerId)),
  );
  app.post(
    `${base}/:id{${UUID}}/specials`,
    team('places.manage', async (c, { brand, viewerId }) => {
      const place = await placeOf(c, brand, viewerId);
      if (!place) return notFoundPage(c);
      const values = stringsOf(await readParams(c));
      try {
        await createSpecial(ctx, viewerId, place.id, {
          kind: values.kind,
          title: values.title,
          description: values.description || undefined,
          every_n: values.kind === 'loyalty' ? values.every_n : undefined,
          first_n: values.kind === 'flash' ? values.first_n : undefined,
          min_people: values.kind === 'swarm' || values.kind === 'friends' ? values.min_people : undefined,
          window_minutes: values.kind === 'swarm' || values.kind === 'friends' ? values.window_minutes : undefined,
          starts_at: values.starts_at ? parisFormTime(values.starts_at) : undefined,
          ends_at: values.ends_at ? parisFormTime(values.ends_at) : undefined,
        });
        return c.redirect(`/brands/${brand.username}/places/${place.id}/specials?notice=created`, 303);
      } catch (e) {
        if (!clientError(e) || e.kind === 'not_found' || e.kind === 'forbidden') throw e;
        return showSpecials(c, brand, viewerId, values, fieldErrors(c, e), 422);
      }
    }),
  );

  // Dashboard ------------------------------------------------------------------------------------
  app.get(
    `${base}/:id{${UUID}}/dashboard`,
    team('places.manage', async (c, { brand, viewerId }) => {
      const place = await placeOf(c, brand, viewerId);
      if (!place) return notFoundPage(c);
      const v = viewOf(c);
      const d = await dashboardFor(ctx.db, viewerId, place.id, ctx.clock.now(), undefined, ctx.reads);
      return renderPage(c, {
        meta: { title: v.t('places.dash.title', { name: place.name }), noindex: true },
        body: (
          <DashboardPage
            v={v}
            brand={brandRef(brand)}
            place={{ id: place.id, name: place.name }}
            data={dashboardData(d)}
          />
        ),
      });
    }),
  );
  app.get(
    `${base}/:id{${UUID}}/dashboard.csv`,
    team('places.manage', async (c, { brand, viewerId }) => {
      const place = await placeOf(c, brand, viewerId);
      if (!place) return notFoundPage(c);
      const csv = dashboardCsv(await dashboardFor(ctx.db, viewerId, place.id, ctx.clock.now(), undefined, ctx.reads));
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="place-${place.id}.csv"`);
      return c.body(csv);
    }),
  );

  // Redeem ---------------------------------------------------------------------------------------
  const showRedeem = (c: Ctx, brand: Account, code: string, outcome: RedeemOutcome | null, status: 200 | 404 | 409) => {
    const v = viewOf(c);
    return renderPage(c, {
      meta: { title: v.t('places.redeem.title'), noindex: true, head: <script src={placesScript} defer></script> },
      status,
      body: <RedeemPage v={v} brand={brandRef(brand)} code={code} outcome={outcome} />,
    });
  };
  app.get(
    `${base}/redeem`,
    team('orders', async (c, { brand }) => showRedeem(c, brand, '', null, 200)),
  );
  app.post(
    `${base}/redeem`,
    team('orders', async (c, { brand, viewerId }) => {
      const code = String((await readParams(c)).code ?? '').slice(0, 40);
      try {
        const done = await redeemCode(ctx.db, viewerId, code, ctx.clock.now());
        return showRedeem(
          c,
          brand,
          code,
          { result: 'accepted', title: done.special.title, placeName: done.place.name },
          200,
        );
      } catch (e) {
        if (!clientError(e)) throw e;
        if (e.kind === 'conflict')
          return showRedeem(c, brand, code, { result: 'already_redeemed', title: '', at: null }, 409);
        // Unknown, malformed, or another brand's code: the same answer, so codes cannot be probed.
        return showRedeem(c, brand, code, { result: 'unknown' }, 404);
      }
    }),
  );
};

// The back-office's entries: places for those who run them, the redeem page for the counter staff.
addBackofficeSection({
  key: 'places',
  order: 40,
  path: 'places',
  label: 'places.bo.nav',
  permission: 'places.manage',
  children: [{ path: 'places/new', label: 'places.bo.new', permission: 'places.manage' }],
});
addBackofficeSection({
  key: 'places-redeem',
  order: 45,
  path: 'places/redeem',
  label: 'places.bo.nav_redeem',
  permission: 'orders',
});
