import { chromium } from 'playwright-core';
const base = 'http://localhost:3998';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const pages = process.argv.slice(2);
for (const width of [390, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log('console error', m.text()); });
  await page.goto(base + '/login');
  await page.fill('#field-identifier', 'camille');
  await page.fill('#field-password', 'correct horse battery');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  for (const spec of pages) {
    const [path, name, anon] = spec.split('|');
    const p = anon ? await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' })).newPage() : page;
    await p.goto(base + path, { waitUntil: 'domcontentloaded' });
    await p.waitForTimeout(400);
    await p.screenshot({ path: `/tmp/sw/${name}-${width}.png`, fullPage: true });
  }
  await context.close();
}
await browser.close();
