/**
 * The demo world's outside sources: a food blog (RSS 2.0), a cheese lovers' forum (Atom) and a
 * local news site (RSS 2.0) that talk about the demo brands and their products, served by the
 * app itself at /demo/feeds/:name.xml, only when the demo is on (COMPTOIR_DEMO). Their content is
 * fixed and their guids stable, so refetches add nothing; dates follow the current UTC day so the
 * items always look recent. The fetch allows the app's own origin, so no setting is needed.
 */
import { sql } from 'drizzle-orm';
import { Feed } from 'feed';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import type { RouteModule } from '../../../http/app';
import { enqueueMany } from '../../../jobs/queue';
import { nowOf } from '../../../lib/clock';

type DemoItem = { guid: string; title: string; text: string; daysAgo: number; hour: number; author: string };
type DemoFeed = { title: string; description: string; site: string; format: 'rss' | 'atom'; items: DemoItem[] };

export const DEMO_FEEDS: Record<string, DemoFeed> = {
  'carnet-gourmand': {
    title: 'Le Carnet gourmand de Lyon',
    description: 'Marchés, fromagers et cafés de Lyon, goûtés et racontés.',
    site: 'carnet-gourmand',
    format: 'rss',
    items: [
      {
        guid: 'carnet-2026-comte-canuts',
        title: 'Le comté 24 mois de la Fromagerie des Canuts, notre coup de cœur',
        text: 'Passage à la Fromagerie des Canuts, à la Croix-Rousse : le comté 24 mois est fruité, long en bouche, avec ses petits cristaux. Accueil adorable, conseils précis. On y retourne pour la cervelle de canut maison.',
        daysAgo: 0,
        hour: 8,
        author: 'Claire',
      },
      {
        guid: 'carnet-2026-saint-marcellin',
        title: 'Saint-marcellin : trois adresses lyonnaises',
        text: 'Pour un saint-marcellin bien affiné, crémeux à cœur : la Fromagerie des Canuts reste une valeur sûre, même si la file d’attente du samedi est longue.',
        daysAgo: 2,
        hour: 17,
        author: 'Claire',
      },
      {
        guid: 'carnet-2026-cafe-garonne',
        title: 'Café de spécialité : la Torréfaction Garonne à la dégustation',
        text: 'Nous avons goûté l’Éthiopie Yirgacheffe de Torréfaction Garonne : notes d’agrumes et de jasmin, une très belle torréfaction. Le coffret dégustation trois origines ferait un joli cadeau.',
        daysAgo: 4,
        hour: 10,
        author: 'Mathieu',
      },
    ],
  },
  'forum-fromages': {
    title: 'Forum des amateurs de fromage',
    description: 'Les derniers sujets du forum.',
    site: 'forum-fromages',
    format: 'atom',
    items: [
      {
        guid: 'urn:forum-fromages:sujet:4812',
        title: 'Comté des Canuts arrivé abîmé par la poste',
        text: 'Commande reçue hier : le comté était tout sec et l’emballage déchiré, très déçu. Quelqu’un a déjà eu ce problème avec la Fromagerie des Canuts ? Le service client répond-il vite ?',
        daysAgo: 1,
        hour: 21,
        author: 'fromton69',
      },
      {
        guid: 'urn:forum-fromages:sujet:4790',
        title: 'Quel comté pour une fondue ?',
        text: 'Pour la fondue savoyarde du réveillon, comté 18 mois ou 24 mois ? On m’a conseillé celui des Canuts, excellent rapport qualité-prix.',
        daysAgo: 3,
        hour: 12,
        author: 'alpage_42',
      },
      {
        guid: 'urn:forum-fromages:sujet:4755',
        title: 'Plateau découverte des Alpes : avis',
        text: 'Testé le plateau découverte des Alpes de la Fromagerie des Canuts pour un anniversaire : super variété, tout le monde a adoré.',
        daysAgo: 6,
        hour: 19,
        author: 'tomme_de_lyon',
      },
    ],
  },
  'lyon-actu': {
    title: 'Lyon Actu — Commerces',
    description: 'L’actualité des commerces lyonnais.',
    site: 'lyon-actu',
    format: 'rss',
    items: [
      {
        guid: 'lyon-actu-2026-marche-noel',
        title: 'Marché de Noël : les artisans de la Croix-Rousse s’installent',
        text: 'La Fromagerie des Canuts et plusieurs artisans du quartier tiendront un stand au marché de Noël. Au programme : dégustation de comté, vin chaud et café de la Torréfaction Garonne.',
        daysAgo: 1,
        hour: 7,
        author: 'La rédaction',
      },
      {
        guid: 'lyon-actu-2026-velo',
        title: 'Vélo : les ateliers de réparation débordés avant l’hiver',
        text: 'À Nantes comme à Lyon, les ateliers vélo affichent complet : révisions, chambres à air renforcées et éclairages rechargeables s’arrachent.',
        daysAgo: 5,
        hour: 9,
        author: 'La rédaction',
      },
    ],
  },
};

const DAY = 86_400_000;

/** A demo feed as XML, its items dated from the current UTC day. */
export function demoFeedXml(name: string, publicUrl: string, now: Date): string | null {
  const spec = DEMO_FEEDS[name];
  if (!spec) return null;
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const site = `${publicUrl}/demo/sites/${spec.site}`;
  const dated = spec.items.map((item) => ({
    ...item,
    date: new Date(today - item.daysAgo * DAY + item.hour * 3_600_000),
  }));
  const feed = new Feed({
    id: `${publicUrl}/demo/feeds/${name}.xml`,
    title: spec.title,
    description: spec.description,
    link: site,
    language: 'fr',
    updated: new Date(today),
    copyright: '',
    feedLinks:
      spec.format === 'rss'
        ? { rss: `${publicUrl}/demo/feeds/${name}.xml` }
        : { atom: `${publicUrl}/demo/feeds/${name}.xml` },
  });
  for (const item of dated)
    feed.addItem({
      id: item.guid,
      guid: item.guid,
      title: item.title,
      link: `${site}/${encodeURIComponent(item.guid)}`,
      date: item.date,
      description: item.text,
      content: `<p>${item.text}</p>`,
      author: [{ name: item.author }],
    });
  return spec.format === 'rss' ? feed.rss2() : feed.atom1();
}

/** GET /demo/feeds/:name.xml, only when the demo is on. */
export const demoFeedRoutes: RouteModule = (app, ctx) => {
  if (!ctx.config.demo) return;
  app.get('/demo/feeds/:file{[a-z-]+\\.xml}', (c) => {
    const name = c.req.param('file').replace(/\.xml$/, '');
    const xml = demoFeedXml(name, ctx.config.publicUrl, nowOf(ctx));
    if (xml === null) return c.notFound();
    const type = DEMO_FEEDS[name].format === 'rss' ? 'application/rss+xml' : 'application/atom+xml';
    return c.body(xml, 200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'public, max-age=300' });
  });
};

/**
 * Queues the first fetch of the demo's feeds not fetched yet, once the server answers: the world
 * is built before it listens (its "starting" page would be a failed fetch and a backoff), so the
 * demo adds them due in an hour and the server calls this as soon as it serves its routes.
 */
export async function queueDemoFeeds(ctx: Pick<AppContext, 'db' | 'config'>): Promise<number> {
  if (!ctx.config.demo) return 0;
  const prefix = `${ctx.config.publicUrl}/demo/feeds/`;
  return ctx.db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`update listening_sources set next_fetch_at = now()
          where last_fetched_at is null and left(url, ${prefix.length}) = ${prefix} returning id`,
    );
    await enqueueMany(
      tx,
      'source.fetch',
      rows.map((r) => ({ sourceId: r.id })),
    );
    return rows.length;
  });
}
