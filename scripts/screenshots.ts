/**
 * `npm run screenshots`: starts the app on a fresh temporary PGlite database holding a small
 * demo world, logs in as each demo role and saves PNG screenshots of the main pages at a desktop
 * (1280×900) and a phone (390×844) size into screenshots/ (git-ignored), then prints the folder.
 * Uses Chromium at /usr/bin/chromium, like the browser tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../test/support/browser';
import { repoRoot } from '../test/support/database';
import { demoRoles, openAs, startDemoServer } from '../test/e2e/demo-pages';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

async function main() {
  const out = path.join(repoRoot, 'screenshots');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  console.log('Building a small demo world on a temporary database (a minute or two)…');
  const [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  let count = 0;
  try {
    const roles = await demoRoles(demo);
    for (const viewport of VIEWPORTS) {
      for (const role of roles) {
        const page = await openAs(browser, demo.server.url, role, viewport);
        try {
          for (const { name, path: pagePath } of role.pages) {
            await page.goto(pagePath);
            await page.waitForLoadState('load');
            const file = path.join(out, `${role.name}-${name}-${viewport.name}.png`);
            await page.screenshot({ path: file, fullPage: false });
            count += 1;
            console.log(`  ${path.relative(out, file)}  ${pagePath}`);
          }
        } finally {
          await page.context().close();
        }
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await demo.server.stop();
  }
  console.log(`\n${count} screenshots in ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
