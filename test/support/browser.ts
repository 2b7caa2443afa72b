/**
 * Browser tests drive Debian's Chromium through playwright-core (no downloaded browsers).
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { aptInstall, isRoot } from './pg-server';

export const chromiumPath = '/usr/bin/chromium';

export function ensureChromium(): string {
  if (fs.existsSync(chromiumPath)) return chromiumPath;
  if (!isRoot()) {
    throw new Error(`Browser tests need Debian's Chromium at ${chromiumPath}: sudo apt-get install -y chromium`);
  }
  aptInstall('chromium');
  if (!fs.existsSync(chromiumPath)) throw new Error(`apt-get install chromium finished but ${chromiumPath} is missing`);
  return chromiumPath;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium per test worker, kept from one browser-test file to the next (the browser pass runs
 * without isolation, vitest.e2e.config.ts): each person a test makes gets a context of their own,
 * which shares no cookies or storage with any other. Playwright ends it when the worker exits; one
 * that crashed or was closed is launched again.
 */
export async function sharedBrowser(): Promise<Browser> {
  const current = await shared?.catch(() => undefined);
  if (current?.isConnected()) return current;
  shared = launchBrowser();
  return shared;
}

/**
 * Gives up the shared browser (a context of it would not close): it is closed without waiting
 * for it, and the next `sharedBrowser()` launches a fresh one.
 */
export function replaceSharedBrowser(): void {
  const old = shared;
  shared = undefined;
  void old?.then((b) => b.close()).catch(() => {});
}
