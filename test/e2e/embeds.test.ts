/**
 * Comptoir on a brand's own website, in a real browser: a shop's page served from ANOTHER origin
 * (a tiny node:http server on `localhost`, the app being on `127.0.0.1`) embeds the brand's reviews
 * widget and a product card with the snippet the back-office gives. They render inside their
 * iframes, the script resizes each iframe to its content, no cookie of Comptoir's is set, and a
 * brand that lists its allowed sites is framed by those only.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/accounts';
import { addProductImage, OPERATOR } from '../../src/modules/commerce';
import { pngBytes } from '../support/catalog';
import { shop, type Shop } from '../support/orders';
import { call, ok, reviewedShop } from '../../src/modules/embeds/embeds.testkit';
import { useE2E } from './support';

const e2e = useE2E();
const axeSource = createRequire(import.meta.url)('axe-core').source as string;
let s: Shop;
let host: http.Server;
let hostUrl: string;

/** The host website's page: two iframes sized too small on purpose, then the script. */
function hostPage(): string {
  const app = e2e.url;
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fromagerie Lumière</title></head>
<body><h1>Notre boutique</h1>
<iframe id="reviews" src="${app}/embed/brands/${s.brand.id}/reviews" title="Avis" width="480" height="120" style="border:0"></iframe>
<iframe id="card" src="${app}/embed/products/${s.productId}" title="Produit" width="420" height="60" style="border:0"></iframe>
<script async src="${app}/embed.js"></script>
</body></html>`;
}

beforeAll(async () => {
  s = await shop(e2e.server, { price: 1250, stock: 10 });
  await reviewedShop(e2e.server, s);
  await addProductImage(e2e.server.ctx, OPERATOR, s.productId, await pngBytes(240, 240), 'Une meule de comté');
  host = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostPage());
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  // Another origin than the app's (127.0.0.1): another host name, another port.
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => host?.close(resolve));
});

/** The iframe's height on the host page, and the height of the widget's content inside it. */
async function heights(page: Page, id: string) {
  const frame = page.frame({ url: (u) => u.href.includes(id === 'reviews' ? '/reviews' : '/embed/products/') });
  const outer = await page.locator(`#${id}`).evaluate((el) => Math.round(el.getBoundingClientRect().height));
  const inner = frame ? await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height)) : -1;
  return { outer, inner };
}

describe('widgets on another website', () => {
  it('render inside their iframes and are resized to their content, with no cookie set', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    // Every answer of Comptoir's to this page (widgets, script, image): none may set a cookie.
    const fromComptoir: Promise<string | null>[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(e2e.url)) fromComptoir.push(response.headerValue('set-cookie'));
    });
    await page.goto(hostUrl);
    const reviews = page.frameLocator('#reviews');
    await reviews.getByText('Achat vérifié').waitFor();
    await reviews.getByText('Croûte parfaite, goût de noisette.').waitFor();
    const card = page.frameLocator('#card');
    await card.getByRole('link', { name: 'Acheter' }).waitFor();
    await card.getByText('12,50').waitFor();
    expect(await card.getByRole('link', { name: 'Acheter' }).getAttribute('target')).toBe('_blank');
    // The product's image is drawn (the widget's policy lets our images in).
    await expect
      .poll(() =>
        card.getByRole('img', { name: 'Une meule de comté' }).evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);

    // The script grows each iframe from its too-small height to its content's.
    for (const [id, start] of [
      ['reviews', 120],
      ['card', 60],
    ] as const) {
      await expect.poll(async () => (await heights(page, id)).outer, { timeout: 10_000 }).toBeGreaterThan(start);
      await expect
        .poll(async () => {
          const h = await heights(page, id);
          return Math.abs(h.outer - h.inner);
        })
        .toBeLessThanOrEqual(1);
    }
    // Pending or rejected reviews are nowhere.
    expect(await reviews.getByText('Avis refusé par la marque.').count()).toBe(0);
    // No cookie of Comptoir's, first- or third-party, the image's request included.
    expect(await page.context().cookies(e2e.url)).toEqual([]);
    const answers = await Promise.all(fromComptoir);
    expect(answers.length).toBeGreaterThanOrEqual(5);
    expect(answers.filter((cookie) => cookie !== null)).toEqual([]);
  });

  it('are framed only by the sites the brand lists', async () => {
    ok(
      await call(e2e.server, 'PUT', `/api/v1/brands/${s.brand.id}/embed`, s.ownerToken, {
        allow_any_origin: false,
        allowed_origins: ['https://fromagerie.example'],
      }),
    );
    const refused = await e2e.newPage({ locale: 'fr' });
    await refused.goto(hostUrl);
    // The host page itself loads; the browser refuses to draw the widget inside it.
    await refused.getByRole('heading', { name: 'Notre boutique' }).waitFor();
    await expect
      .poll(() => refused.frames().some((f) => f.url().startsWith('chrome-error://')), { timeout: 10_000 })
      .toBe(true);
    expect(await refused.frameLocator('#reviews').getByText('Achat vérifié').count()).toBe(0);

    ok(
      await call(e2e.server, 'PUT', `/api/v1/brands/${s.brand.id}/embed`, s.ownerToken, {
        allow_any_origin: false,
        allowed_origins: ['https://fromagerie.example', hostUrl],
      }),
    );
    const allowed = await e2e.newPage({ locale: 'en' });
    await allowed.goto(hostUrl);
    await allowed.frameLocator('#reviews').getByText('Verified purchase').waitFor();
    await allowed.frameLocator('#card').getByRole('link', { name: 'Buy' }).waitFor();
  });
});

/**
 * axe-core's serious and critical violations (WCAG 2.x A and AA). Evaluated through the browser's
 * developer protocol: a widget's policy runs no inline script, and needs not to for this.
 */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(`${axeSource};0`);
  const found = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3).map((n: any) => n.target))}`);
  });
  return found as string[];
}

describe('accessibility', () => {
  it('of the widgets and of the brand’s Intégrer page (axe-core)', async () => {
    const page = await e2e.newPage({ locale: 'fr' });
    for (const path of [`/embed/brands/${s.brand.id}/reviews`, `/embed/products/${s.productId}`]) {
      await page.goto(`${e2e.url}${path}`);
      expect(await violations(page), path).toEqual([]);
    }
    const session = await createSession({ db: e2e.server.ctx.db }, s.owner.id);
    await page.context().addCookies([{ name: 'comptoir_session', value: session, url: e2e.url }]);
    await page.goto(`${e2e.url}/brands/${s.brand.username}/embed?widget=product`);
    await page.frameLocator('iframe[data-embed-preview]').getByText('12,50').waitFor();
    expect(await violations(page)).toEqual([]);
  });
});
