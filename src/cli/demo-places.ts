/**
 * Places for the demo world: the brands' shops in Lyon, Paris and Annecy (with a pop-up store),
 * a market and a café people suggested, live specials of several kinds, three weeks of check-ins
 * by people of each city (so places have a mayor and people badges), tips, and a code already
 * redeemed at the counter. Everything goes through the places services, at past moments given
 * to them as their clock; old check-ins are private (a share would be a post dated today).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { decide } from '../modules/moderation';
import type { Account, BrandRole } from '../modules/accounts';
import { checkIn, createPlace, createSpecial, createTip, likeTip, redeemCode, suggestPlace } from '../modules/places';

const DAY = 86_400_000;

type PlaceSpec = {
  brand: string | null;
  name: string;
  address: string;
  postcode: string;
  city: string;
  lat: number;
  lon: number;
  category: string;
  hours?: Record<string, string[]>;
  popup?: boolean;
  specials?: { kind: string; title: string; description?: string; n?: number; minutes?: number }[];
  tips?: string[];
};

const SHOP_HOURS = {
  '2': ['09:30-13:00', '15:00-19:30'],
  '3': ['09:30-13:00', '15:00-19:30'],
  '4': ['09:30-13:00', '15:00-19:30'],
  '5': ['09:30-19:30'],
  '6': ['08:30-19:30'],
  '7': ['09:00-13:00'],
};

const PLACES: PlaceSpec[] = [
  {
    brand: 'fromagerie_canuts',
    name: 'Fromagerie des Canuts – Croix-Rousse',
    address: '12 rue d’Austerlitz',
    postcode: '69004',
    city: 'Lyon',
    lat: 45.77446,
    lon: 4.83155,
    category: 'cheese',
    hours: SHOP_HOURS,
    specials: [
      {
        kind: 'newbie',
        title: 'Une dégustation offerte',
        description: 'Trois fromages du moment, pour faire connaissance.',
      },
      { kind: 'check_in', title: '-10 % sur le saint-marcellin' },
      { kind: 'loyalty', title: 'Le 5e saint-marcellin offert', n: 5 },
      {
        kind: 'mayor',
        title: 'Le plateau du maire',
        description: 'Un plateau de fin de semaine, pour le ou la maire.',
      },
      { kind: 'flash', title: 'Flash : un comté 24 mois offert', n: 5 },
    ],
    tips: [
      'Demandez le saint-marcellin bien coulant, Marie le garde pour les habitués.',
      'Le samedi matin, venez avant 10 h : la file déborde sur le trottoir.',
    ],
  },
  {
    brand: 'fromagerie_canuts',
    name: 'Les Canuts aux Halles Paul Bocuse',
    address: '102 cours Lafayette',
    postcode: '69003',
    city: 'Lyon',
    lat: 45.76303,
    lon: 4.85024,
    category: 'cheese',
    hours: {
      '2': ['07:00-19:00'],
      '3': ['07:00-19:00'],
      '4': ['07:00-19:00'],
      '5': ['07:00-19:00'],
      '6': ['07:00-19:00'],
      '7': ['07:00-13:00'],
    },
    specials: [{ kind: 'swarm', title: 'Apéro des Halles : la cancoillotte offerte', n: 3, minutes: 60 }],
    tips: ['Le stand fait aussi des plateaux à emporter pour l’apéro.'],
  },
  {
    brand: 'maison_lin',
    name: 'Maison Lin – Marais',
    address: '24 rue Vieille-du-Temple',
    postcode: '75004',
    city: 'Paris',
    lat: 48.85759,
    lon: 2.35866,
    category: 'shop',
    hours: SHOP_HOURS,
    specials: [
      { kind: 'check_in', title: 'Un sac en lin offert dès 50 €' },
      { kind: 'friends', title: 'Venez à deux : -15 % chacun', n: 1, minutes: 30 },
    ],
    tips: ['Les chemises froissées sont faites pour ça : ne les repassez pas.'],
  },
  {
    brand: 'maison_lin',
    name: 'Maison Lin – boutique éphémère d’Annecy',
    address: '9 rue Sainte-Claire',
    postcode: '74000',
    city: 'Annecy',
    lat: 45.89862,
    lon: 6.12383,
    category: 'popup',
    popup: true,
    hours: { '5': ['10:00-19:00'], '6': ['10:00-19:00'], '7': ['10:00-18:00'] },
    specials: [{ kind: 'newbie', title: 'Un mouchoir brodé pour votre première visite' }],
    tips: ['La boutique est au bord du Thiou, entrée par l’arcade.'],
  },
  {
    brand: 'torrefaction_garonne',
    name: 'Torréfaction Garonne – comptoir parisien',
    address: '45 rue de Bretagne',
    postcode: '75003',
    city: 'Paris',
    lat: 48.86345,
    lon: 2.36204,
    category: 'cafe',
    hours: SHOP_HOURS,
    specials: [{ kind: 'loyalty', title: 'Le 10e espresso offert', n: 10 }],
  },
  {
    brand: 'atelier_velo_nantes',
    name: 'Atelier Vélo – relais du lac d’Annecy',
    address: '31 rue Royale',
    postcode: '74000',
    city: 'Annecy',
    lat: 45.89987,
    lon: 6.12269,
    category: 'shop',
    specials: [{ kind: 'check_in', title: 'Gonflage et graissage de chaîne offerts' }],
  },
  {
    brand: null,
    name: 'Marché de la Croix-Rousse',
    address: 'boulevard de la Croix-Rousse',
    postcode: '69004',
    city: 'Lyon',
    lat: 45.77474,
    lon: 4.83016,
    category: 'market',
    tips: ['Le mardi, les producteurs sont côté place de la Croix-Rousse.'],
  },
  {
    brand: null,
    name: 'Café des Pentes',
    address: '2 montée de la Grande-Côte',
    postcode: '69001',
    city: 'Lyon',
    lat: 45.76932,
    lon: 4.83218,
    category: 'cafe',
  },
  {
    brand: null,
    name: 'Marché de la vieille ville d’Annecy',
    address: 'rue Sainte-Claire',
    postcode: '74000',
    city: 'Annecy',
    lat: 45.89905,
    lon: 6.12342,
    category: 'market',
  },
];

/** A few metres off the place (people stand in the shop, not on its pin). */
const near = (lat: number, lon: number, i: number) => ({
  lat: lat + ((i % 5) - 2) * 0.00008,
  lon: lon + ((i % 3) - 1) * 0.0001,
});

export async function createDemoPlaces(
  ctx: AppContext,
  brands: Account[],
  teams: Map<string, { account: Account; role: BrandRole }[]>,
  people: Account[],
): Promise<number> {
  const now = Date.now();
  const at = (ms: number) => ({ ...ctx, clock: { now: () => new Date(ms) } });
  const brandOf = new Map(brands.map((b) => [b.username, b]));
  const teamIds = new Set([...teams.values()].flat().map((m) => m.account.id));
  const customers = people.filter((p) => !teamIds.has(p.id));
  const inCity = (city: string) => customers.filter((p) => p.location === city);
  // Nobody of the cast lives in Annecy: people from Lyon come for the weekend.
  const localsOf = (city: string) => (inCity(city).length ? inCity(city) : inCity('Lyon').slice(-4));
  const made: { spec: PlaceSpec; id: string; brandId: string | null }[] = [];

  for (const [i, spec] of PLACES.entries()) {
    const input = {
      name: spec.name,
      address: spec.address,
      postcode: spec.postcode,
      city: spec.city,
      lat: spec.lat,
      lon: spec.lon,
      category: spec.category,
      opening_hours: spec.hours ?? null,
      // A pop-up store: open since last week, for three more weeks.
      starts_at: spec.popup ? new Date(now - 8 * DAY).toISOString() : undefined,
      ends_at: spec.popup ? new Date(now + 21 * DAY).toISOString() : undefined,
    };
    const when = at(now - 30 * DAY + i * 60_000);
    if (spec.brand) {
      const brand = brandOf.get(spec.brand);
      const owner = brand && teams.get(brand.id)?.find((m) => m.role === 'owner');
      if (!brand || !owner) continue;
      const place = await createPlace(when, owner.account.id, brand.id, input);
      for (const s of spec.specials ?? []) {
        await createSpecial(when, owner.account.id, place.id, {
          kind: s.kind,
          title: s.title,
          description: s.description,
          every_n: s.kind === 'loyalty' ? s.n : undefined,
          first_n: s.kind === 'flash' ? s.n : undefined,
          min_people: s.kind === 'swarm' || s.kind === 'friends' ? s.n : undefined,
          window_minutes: s.kind === 'swarm' || s.kind === 'friends' ? s.minutes : undefined,
        });
      }
      made.push({ spec, id: place.id, brandId: brand.id });
    } else {
      const suggester = localsOf(spec.city)[0] ?? customers[0];
      if (!suggester) continue;
      const place = await suggestPlace(when, suggester.id, input);
      made.push({ spec, id: place.id, brandId: null });
    }
  }

  // Check-ins: each place's city's people come back on some of the last 21 days; the first of
  // them comes most often (the mayor). Days are walked in order so the travel check stays calm.
  const visits: { place: (typeof made)[number]; person: Account; day: number; hour: number }[] = [];
  for (const [n, place] of made.entries()) {
    // Rotated, so each place of a city has its own regulars (and its own mayor).
    const all = localsOf(place.spec.city);
    const locals = [...all.slice(n % Math.max(all.length, 1)), ...all.slice(0, n % Math.max(all.length, 1))].slice(
      0,
      5,
    );
    locals.forEach((person, rank) => {
      const every = rank === 0 ? 3 : rank + 4;
      for (let day = 20 - rank; day >= 0; day -= every)
        visits.push({ place, person, day, hour: 9 + ((rank * 3 + day) % 9) });
    });
  }
  visits.sort((a, b) => b.day - a.day || a.hour - b.hour);
  const unlocked: { code: string; brandId: string | null; day: number }[] = [];
  let count = 0;
  for (const [i, v] of visits.entries()) {
    const moment = now - v.day * DAY - (now % DAY) + v.hour * 3_600_000 + (i % 50) * 60_000;
    const time = Math.min(moment, now - 5 * 60_000);
    const result = await checkIn(at(time), v.person.id, v.place.id, {
      ...near(v.place.spec.lat, v.place.spec.lon, i),
      accuracy_m: 15,
      visibility: v.day === 0 && i % 2 === 0 ? 'public' : 'private',
      comment: v.day === 0 && i % 2 === 0 ? 'En passant !' : undefined,
    }).catch(() => null);
    if (!result) continue;
    count++;
    for (const s of result.specials) unlocked.push({ code: s.code, brandId: v.place.brandId, day: v.day });
  }

  // Tips (a brand's team approves the first of each of its places from its moderation queue;
  // the others wait there), and likes from the other locals.
  for (const place of made) {
    const locals = localsOf(place.spec.city);
    const moderator = place.brandId ? teams.get(place.brandId)?.find((m) => m.role === 'owner') : undefined;
    for (const [i, text] of (place.spec.tips ?? []).entries()) {
      const author = locals[(i + 1) % Math.max(locals.length, 1)];
      if (!author) continue;
      const tip = await createTip(at(now - (10 - i) * DAY), author.id, place.id, { text }).catch(() => null);
      if (tip?.status === 'pending' && moderator && i === 0) {
        const [item] = await queryRows<{ id: string }>(
          ctx.db,
          sql`select id from moderation_items where type = 'tip' and subject_id = ${tip.id}`,
        );
        if (item) await decide(ctx, moderator.account.id, item.id, { action: 'approve' }).catch(() => null);
      } else if (tip?.status !== 'published') continue;
      if (!tip) continue;
      for (const fan of locals.filter((p) => p.id !== author.id).slice(0, 3 - i))
        await likeTip(ctx.db, fan.id, tip.id).catch(() => null);
    }
  }

  // Some older codes were used at the counter; today's wait on people's phones.
  for (const u of unlocked.filter((x) => x.day > 2).slice(0, 6)) {
    const staff = [...(teams.get(u.brandId ?? '') ?? [])].find((m) => m.role === 'staff' || m.role === 'owner');
    if (staff) await redeemCode(ctx.db, staff.account.id, u.code, new Date(now - (u.day - 1) * DAY)).catch(() => null);
  }
  return count;
}
