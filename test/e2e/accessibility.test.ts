/**
 * An automated accessibility check (axe-core, WCAG 2.x A and AA rules) over the main pages of
 * each demo role at a desktop width, and of one page per layout at a phone width. Fails on any
 * serious or critical violation and lists them: page, rule, impact, help text and the first
 * offending elements.
 */
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedBrowser } from '../support/browser';
import { demoRoles, openAs, startDemoServer, type DemoRole, type DemoServer } from './demo-pages';

const axeSource = createRequire(import.meta.url)('axe-core').source as string;

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
};

let demo: DemoServer;
let browser: Browser;
let roles: DemoRole[];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), sharedBrowser()]);
  roles = await demoRoles(demo);
}, 600_000);

afterAll(async () => {
  // The browser is the worker's, kept for its next file (test/support/browser.ts).
  await demo?.server.stop();
});

async function audit(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
  });
  return (result.violations as Violation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const describeViolations = (where: string, violations: Violation[]) =>
  violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map(
        (n) =>
          `      ${JSON.stringify(n.target)}${n.failureSummary ? `: ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
      )
      .join('\n');
    return `${where}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes}`;
  });

/**
 * At phone width the pages differ from the desktop's in the navigation and in how wide blocks
 * (tables, forms, dashboards) wrap, so each of these layouts is audited there once, for the first
 * role that has it, not every page of every role.
 */
const phoneLayouts = new Set([
  'landing',
  'product',
  'search',
  'login',
  'home',
  'cart',
  'order',
  'settings',
  'brand-orders',
  'listening-dashboard',
  'moderation-console',
]);

function firstOfEachLayout() {
  const seen = new Set<string>();
  return (name: string) => phoneLayouts.has(name) && !seen.has(name) && Boolean(seen.add(name));
}

describe('accessibility of the main pages (axe-core)', () => {
  for (const { viewport, minimum, audits } of [
    { viewport: { width: 1280, height: 900 }, minimum: 20, audits: () => true },
    { viewport: { width: 390, height: 844 }, minimum: 10, audits: firstOfEachLayout() },
  ]) {
    it(`has no serious or critical violation at ${viewport.width}×${viewport.height}`, async () => {
      const problems: string[] = [];
      let audited = 0;
      for (const role of roles) {
        const page = await openAs(browser, demo.server.url, role, viewport, true);
        try {
          for (const { name, path } of role.pages.filter((p) => audits(p.name))) {
            const res = await page.goto(path);
            expect(res?.status(), `${role.name} ${path}`).toBeLessThan(400);
            const found = describeViolations(`${role.name} ${name} (${path})`, await audit(page));
            if (found.length) console.error(found.join('\n'));
            problems.push(...found);
            audited += 1;
          }
        } finally {
          await page.context().close();
        }
      }
      expect(audited).toBeGreaterThanOrEqual(minimum);
      expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
    }, 900_000);
  }
});
