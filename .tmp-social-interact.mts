import { chromium } from 'playwright-core';
const base = 'http://localhost:3998';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
async function login(user: string, js = true) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', javaScriptEnabled: js });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(user, 'console error', m.text()); });
  page.on('pageerror', (e) => console.log(user, 'pageerror', e.message));
  await page.goto(base + '/login');
  await page.fill('#field-identifier', user);
  await page.fill('#field-password', 'correct horse battery');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
  return page;
}
const camille = await login('camille');
await camille.goto(base + '/home');
const firstLike = camille.locator('article.status button.action.like').first();
const before = await firstLike.getAttribute('aria-pressed');
const url = camille.url();
await firstLike.click();
await camille.waitForTimeout(800);
console.log('like via htmx:', before, '->', await camille.locator('article.status button.action.like').first().getAttribute('aria-pressed'), 'same url', camille.url() === url);
// live: leo posts via the composer without JS
const leo = await login('leo', false);
await leo.goto(base + '/home');
await leo.fill('#composer-text', 'Publié sans JavaScript, reçu en direct <b>gras</b>');
await Promise.all([leo.waitForNavigation(), leo.click('form.compose button[type=submit]')]);
console.log('leo after post:', leo.url(), (await leo.content()).includes('Publié sans JavaScript'));
await camille.waitForTimeout(1500);
const live = await camille.locator('article.status.is-new').count();
console.log('camille live new statuses:', live, (await camille.locator('.timeline article.status').first().innerText()).slice(0, 120).replace(/\n/g, ' | '));
console.log('unread badge:', await camille.locator('#unread-count').innerText());
// like without JS on leo
const likeForm = leo.locator('article.status form[action$="/like"]').first();
await Promise.all([leo.waitForNavigation(), likeForm.locator('button').click()]);
console.log('no-js like redirected to', leo.url());
// poll vote with htmx as leo? leo authored the poll; use camille on a fresh poll? skip
// char counter
await camille.fill('#composer-text', 'x'.repeat(510));
console.log('counter:', await camille.locator('#composer-count').innerText(), 'disabled:', await camille.locator('form.compose button[type=submit]').isDisabled());
await camille.screenshot({ path: '/tmp/sw/interact-1280.png' });
await browser.close();
