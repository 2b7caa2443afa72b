/**
 * A render cache for the pages a logged-out reader opens (home, products, brands, search): every
 * visitor without a session gets the same HTML for the same URL and language, so it is rendered
 * once per version of the data and served from memory until the data changes.
 *
 * The data's version: every write to a table that pages show notifies `comptoir_pages` (triggers
 * of migration 0044), delivered after commit to every app node's listener, which counts them. A
 * page rendered after reading count N is stored under N and served only while the count is still
 * N, so it is never kept after a write, on whichever node the write happened; a hit costs no
 * statement. Time changes pages too (a sale starts, "5 min ago"), and a notification can be lost
 * while the listener reconnects: a page also expires TIME_SLICE_MS after its render (app clock). With
 * a read replica a page is as fresh as the replica, as without the cache.
 *
 * What differs between visitors is filled at serve time: the CSRF token (rendered as a random
 * placeholder, replaced by the visitor's own) and the cookies the middleware sets. Anything else
 * personal (a session, a bearer token, htmx partials, read-your-writes, a referral cookie, query
 * parameters the page does not declare, a handler that sets a cookie) is not cached.
 *
 * Bounded: least recently used entries go first past COMPTOIR_PAGE_CACHE_MB (0 turns it off).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppContext } from '../context';
import { currentRequest } from '../lib/request-scope';
import type { AppEnv } from '../http/types';
import { CONSENT_COOKIE, parseConsentCookie } from '../modules/privacy';

/** How long a page may show the same time-dependent text (relative dates, a sale's start), in ms. */
export const TIME_SLICE_MS = 5_000;
/** Query parameters every page accepts: the page's language. */
const ALWAYS_ALLOWED = ['lang'];
/** Cookies that make a page personal (a fan's referral link, a recent write beside a replica). */
const PERSONAL_COOKIES = ['comptoir_ref', 'comptoir_rw'];
const CSRF_COOKIE_PREFIX = 'comptoir_csrf=';
/** The channel migration 0044's triggers notify. */
const CHANNEL = 'comptoir_pages';

type Entry = {
  /** The count of data changes it was rendered at. */
  version: number;
  renderedAt: number;
  headers: [string, string][];
  /** The page cut at the token's places: joined with each visitor's token (no search per hit). */
  parts: string[];
  bytes: number;
};
type Ctx = Context<AppEnv>;
type Handler = (c: Ctx) => Response | Promise<Response>;

export type PageCache = {
  /** Wraps a page's handler; `params`: the query parameters its output depends on. */
  page(handler: Handler, options?: { params?: string[] }): Handler;
  /** Figures for tests and operators. */
  stats(): { entries: number; bytes: number; hits: number; misses: number };
  /** Resolves once every write committed before the call has reached this node's count. */
  sync(): Promise<void>;
  clear(): void;
};

const caches = new WeakMap<object, PageCache>();

/** The app's page cache (one per app context: tests' apps do not share pages). */
export function pageCache(ctx: Pick<AppContext, 'config' | 'database' | 'clock'>): PageCache {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = createPageCache(ctx)));
  return cache;
}

function createPageCache(ctx: Pick<AppContext, 'config' | 'database' | 'clock'>): PageCache {
  const maxBytes = Math.max(0, ctx.config.pageCacheMb) * 1024 * 1024;
  // Unguessable, so no page text can contain it by chance or by a visitor's doing.
  const placeholder = `csrf${randomBytes(16).toString('hex')}`;
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<Entry | null>>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  const remove = (key: string) => {
    const old = entries.get(key);
    if (!old) return;
    entries.delete(key);
    bytes -= old.bytes;
  };
  const store = (key: string, entry: Entry) => {
    remove(key);
    if (entry.bytes > maxBytes / 8) return;
    entries.set(key, entry);
    bytes += entry.bytes;
    // A Map iterates in insertion order and hits re-insert: the first keys are the least recent.
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  };

  // Writes counted from the notifications; null until the listener is in place (no caching).
  let changes: number | null = null;
  const fences = new Map<string, () => void>();
  const listening =
    maxBytes === 0
      ? Promise.resolve()
      : ctx.database
          .listen(CHANNEL, (payload) => {
            // A fence (sync below) marks a point in the stream of notifications: it changes no data.
            const fence = fences.get(payload);
            if (fence) fence();
            else changes = (changes ?? 0) + 1;
          })
          .then(
            () => void (changes ??= 0),
            () => undefined,
          );
  // Each page's own lifetime, not a slice shared by all: pages expire one at a time, not together.
  const fresh = (entry: Entry, at: number) => {
    const age = ctx.clock.now().getTime() - entry.renderedAt;
    return entry.version === at && age >= 0 && age < TIME_SLICE_MS;
  };

  const cacheable = (c: Ctx, params: Set<string>): boolean => {
    if (maxBytes === 0 || c.req.method !== 'GET') return false;
    if (c.get('viewer') || c.req.header('authorization') || c.req.header('hx-request')) return false;
    if (currentRequest()?.primaryReads) return false;
    if (PERSONAL_COOKIES.some((name) => getCookie(c, name) !== undefined)) return false;
    for (const name of new URL(c.req.url).searchParams.keys()) if (!params.has(name)) return false;
    return true;
  };

  /**
   * Renders with the placeholder token. `entry`: what to keep, or null when the answer is not the
   * same for everyone; `response`: the answer for this visitor, with their own token.
   */
  const render = async (c: Ctx, handler: Handler, at: number): Promise<{ entry: Entry | null; response: Response }> => {
    const token = c.get('csrfToken');
    c.set('csrfToken', placeholder);
    let response: Response;
    try {
      response = await handler(c);
    } finally {
      c.set('csrfToken', token);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/') || !response.body) return { entry: null, response };
    const text = await response.text();
    const own = new Response(text.replaceAll(placeholder, token), response);
    const cookies = response.headers.getSetCookie().filter((v) => !v.startsWith(CSRF_COOKIE_PREFIX));
    if (response.status !== 200 || !type.startsWith('text/html') || cookies.length > 0)
      return { entry: null, response: own };
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie' && name !== 'content-length') headers.push([name, value]);
    });
    return {
      entry: {
        version: at,
        renderedAt: ctx.clock.now().getTime(),
        headers,
        parts: text.split(placeholder),
        bytes: text.length * 2 + 200,
      },
      response: own,
    };
  };

  const serve = (c: Ctx, entry: Entry): Response => {
    for (const [name, value] of entry.headers) c.header(name, value);
    return c.body(entry.parts.join(c.get('csrfToken')), 200);
  };

  return {
    page(handler, options = {}) {
      const params = new Set([...ALWAYS_ALLOWED, ...(options.params ?? [])]);
      return async (c) => {
        if (!cacheable(c, params)) return handler(c);
        // With or without the consent banner: a visitor who answered never gets the page that asks.
        const answered = parseConsentCookie(getCookie(c, CONSENT_COOKIE), ctx.clock.now()) ? 'c' : 'b';
        const key = `${c.get('locale')} ${answered} ${c.req.url}`;
        const at = changes;
        if (at === null) return handler(c);
        const found = entries.get(key);
        if (found && fresh(found, at)) {
          hits++;
          entries.delete(key);
          entries.set(key, found);
          return serve(c, found);
        }
        misses++;
        // Readers asking for the same page at the same version wait for one render.
        const flight = `${key}\n${at}\n${found?.renderedAt ?? ''}`;
        const pending = rendering.get(flight);
        // Only aged, with the same data: one reader renders it anew, the others keep reading it.
        if (pending && found?.version === at) {
          hits++;
          return serve(c, found);
        }
        if (pending) {
          const entry = await pending.catch(() => null);
          return entry ? serve(c, entry) : handler(c);
        }
        let settle!: (entry: Entry | null) => void;
        rendering.set(flight, new Promise<Entry | null>((resolve) => (settle = resolve)));
        let entry: Entry | null = null;
        try {
          const rendered = await render(c, handler, at);
          entry = rendered.entry;
          if (entry) store(key, entry);
          return rendered.response;
        } finally {
          rendering.delete(flight);
          settle(entry);
        }
      };
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
    async sync() {
      await listening;
      if (changes === null) return;
      // Notifications reach a listener in commit order: once this one is back, earlier ones are.
      const fence = `fence:${randomBytes(8).toString('hex')}`;
      const back = new Promise<void>((resolve) => fences.set(fence, resolve));
      await ctx.database.notify(CHANNEL, fence);
      await back;
      fences.delete(fence);
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}
