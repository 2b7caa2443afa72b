/**
 * The main pages of each demo role, on a server holding a small demo world: what the
 * accessibility check walks through and what `npm run screenshots` photographs.
 *
 *   const demo = await startDemoServer();          // a fresh PGlite database, the demo world in it
 *   for (const role of await demoRoles(demo)) ...  // { name, username?, pages: [{ name, path }] }
 */
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, buildDemoWorld, type DemoWorld } from '../../src/cli/demo-world';
import { queryRows } from '../../src/db/client';
import { startTestServer, type TestServer } from '../support/server';

export type DemoServer = { server: TestServer; world: DemoWorld };
export type DemoPage = { name: string; path: string };
export type DemoRole = { name: string; username: string | null; pages: DemoPage[] };

/** The test server with a small demo world (about a minute on a busy machine). */
export async function startDemoServer(): Promise<DemoServer> {
  const server = await startTestServer();
  const world = await buildDemoWorld(server.ctx, { accounts: 20, posts: 80, seed: 7, progress: false });
  return { server, world };
}

/** The four demo roles (and a visitor) and their main pages, with ids read from the demo world. */
export async function demoRoles({ server, world }: DemoServer): Promise<DemoRole[]> {
  const one = async <T>(query: ReturnType<typeof sql>) => (await queryRows<T>(server.ctx.db, query))[0];
  const login = (role: string) => world.logins.find((l) => l.role.includes(role));
  const shopper = world.logins.find((l) => !l.role.includes(' of @') && !l.role.includes('platform'));
  const owner = login('owner of @');
  const moderator = login('platform moderator');
  const brand = owner?.role.match(/owner of @(\w+)/)?.[1] ?? world.brands[0]!.username;
  const product = await one<{ id: string }>(
    sql`select p.id from products p join accounts a on a.id = p.brand_id
        where a.username = ${brand} and p.status = 'published' order by p.created_at limit 1`,
  );
  const order = shopper
    ? await one<{ id: string }>(
        sql`select o.id from orders o join accounts a on a.id = o.buyer_id
            where a.username = ${shopper.username} order by o.created_at desc limit 1`,
      )
    : undefined;
  const watch = await one<{ id: string }>(
    sql`select w.id from watches w join accounts a on a.id = w.brand_id where a.username = ${brand} limit 1`,
  );
  const productPage = product ? [{ name: 'product', path: `/@${brand}/products/${product.id}` }] : [];
  const roles: DemoRole[] = [
    {
      name: 'visitor',
      username: null,
      pages: [
        { name: 'landing', path: '/' },
        { name: 'local', path: '/local' },
        { name: 'shop', path: `/@${brand}` },
        ...productPage,
        { name: 'search', path: '/search?q=caf%C3%A9' },
        { name: 'login', path: '/login' },
      ],
    },
  ];
  if (shopper)
    roles.push({
      name: 'shopper',
      username: shopper.username,
      pages: [
        { name: 'home', path: '/home' },
        ...productPage,
        { name: 'shop', path: `/@${brand}` },
        { name: 'cart', path: '/cart' },
        { name: 'orders', path: '/orders' },
        ...(order ? [{ name: 'order', path: `/orders/${order.id}` }] : []),
        { name: 'reviews', path: '/me/reviews' },
        { name: 'search', path: '/search?q=fromage' },
        { name: 'notifications', path: '/notifications' },
        { name: 'settings', path: '/settings' },
      ],
    });
  if (owner)
    roles.push({
      name: 'brand-owner',
      username: owner.username,
      pages: [
        { name: 'home', path: '/home' },
        { name: 'brand-products', path: `/brands/${brand}/products` },
        { name: 'brand-orders', path: `/brands/${brand}/orders` },
        { name: 'brand-reviews', path: `/brands/${brand}/reviews` },
        { name: 'brand-team', path: `/brands/${brand}/team` },
        { name: 'brand-settings', path: `/brands/${brand}/settings` },
        { name: 'brand-moderation', path: `/brands/${brand}/moderation` },
        { name: 'brand-watches', path: `/brands/${brand}/watches` },
        ...(watch ? [{ name: 'listening-dashboard', path: `/brands/${brand}/watches/${watch.id}` }] : []),
        { name: 'brand-sources', path: `/brands/${brand}/sources` },
        { name: 'notifications', path: '/notifications' },
      ],
    });
  if (moderator)
    roles.push({
      name: 'moderator',
      username: moderator.username,
      pages: [
        { name: 'moderation-console', path: '/moderation/platform' },
        { name: 'moderation', path: '/moderation' },
        { name: 'home', path: '/home' },
      ],
    });
  return roles;
}

/** A fresh browser context for a role (French, as the demo world), logged in through the form. */
export async function openAs(
  browser: Browser,
  url: string,
  role: DemoRole,
  viewport = { width: 1280, height: 900 },
  /** For injecting a checker (axe) the pages' Content-Security-Policy would refuse. */
  bypassCSP = false,
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: url,
    bypassCSP,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' },
    viewport,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  if (role.username) {
    await page.goto('/login');
    await page.getByLabel(/^(E-mail ou identifiant|E-mail or username)/).fill(role.username);
    await page.getByLabel(/^(Mot de passe|Password)/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /^(Se connecter|Log in)$/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }
  return page;
}
