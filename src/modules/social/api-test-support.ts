/**
 * Test helpers for the social API tests: real users with real tokens, made through the public
 * OAuth routes exactly as a Mastodon client makes them (app, client_credentials token, sign-up).
 */
import type { TestApp } from '../../../test/support/app';
import { WAIT_LIMIT_MS } from '../../../test/support/wait';

export type TestUser = { id: string; username: string; token: string };

export async function appToken(t: TestApp): Promise<string> {
  const app = await t.call('POST', '/api/v1/apps', {
    body: { client_name: 'tests', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' },
  });
  if (app.status !== 200) throw new Error(`POST /api/v1/apps: ${app.status} ${await app.text()}`);
  const { client_id, client_secret } = (await app.json()) as { client_id: string; client_secret: string };
  const token = await t.call('POST', '/oauth/token', {
    body: { grant_type: 'client_credentials', client_id, client_secret, scope: 'read write follow push' },
  });
  if (token.status !== 200) throw new Error(`POST /oauth/token: ${token.status} ${await token.text()}`);
  return ((await token.json()) as { access_token: string }).access_token;
}

export async function signUpUser(t: TestApp, app: string, username: string): Promise<TestUser> {
  const res = await t.call('POST', '/api/v1/accounts', {
    token: app,
    body: {
      username,
      email: `${username}@example.com`,
      password: 'correct horse battery',
      agreement: true,
      locale: 'fr',
    },
  });
  if (res.status !== 200) throw new Error(`POST /api/v1/accounts: ${res.status} ${await res.text()}`);
  const token = ((await res.json()) as { access_token: string }).access_token;
  const me = await t.call('GET', '/api/v1/accounts/verify_credentials', { token });
  const { id } = (await me.json()) as { id: string };
  return { id, username, token };
}

/** JSON of a response, asserting its status first (with the body in the message when it differs). */
export async function json<T = any>(response: Response | Promise<Response>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Parses a Link header into { next, prev } URLs. */
export function links(res: Response): Record<string, URL> {
  const out: Record<string, URL> = {};
  for (const part of (res.headers.get('link') ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part);
    if (m) out[m[2]] = new URL(m[1]);
  }
  return out;
}

/** A path and query to re-request from a Link URL (which names the public host). */
export const pathOf = (url: URL) => `${url.pathname}${url.search}`;

/** Reads Server-Sent Events from a response body, collecting them as they come. */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  const comments: string[] = [];
  let buffer = '';
  let waiters: (() => void)[] = [];
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1));
          else if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length) events.push({ event, data: data.join('\n') });
      }
      for (const w of waiters) w();
      waiters = [];
    }
  })();
  return {
    events,
    comments,
    /** Resolves with the first event matching, or rejects after `ms`. */
    async waitFor(match: (e: { event: string; data: string }) => boolean, ms = WAIT_LIMIT_MS) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

/** Waits for a condition a live stream makes true (polls every 20 ms; fails after `ms`). */
export async function until(check: () => boolean, ms = WAIT_LIMIT_MS) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
