/**
 * What the social pages share: who acts (the person, or the brand they act for), the view
 * context the components render with, htmx detection and "go back" redirects.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../context';
import type { AppError } from '../../http/errors';
import type { AppEnv } from '../../http/types';
import type { Locale, MessageKey, T } from '../../web/i18n';
import { fr } from '../../web/i18n/fr';
import { safeNext, tOf } from '../../web/page';
import { can } from '../accounts';
import type { SocialContext } from './context';
import { excerpt } from '../../lib/text';

export type Ctx = Context<AppEnv>;

/** Everything a status or notification component needs besides its data. */
export type ViewContext = {
  t: T;
  locale: Locale;
  csrf: string;
  /** The account the page is seen as (and acts as): null for visitors. */
  viewerId: string | null;
  publicUrl: string;
  /** Where action forms come back to without JavaScript. */
  back: string;
};

export const socialContext = (ctx: AppContext): SocialContext => ({
  db: ctx.db,
  config: ctx.config,
  events: ctx.events,
});

export type Actor = { personId: string; actorId: string };

/**
 * The signed-in person and the account their actions are made as: the brand chosen in the topbar
 * switcher while they still may post for it, otherwise themselves.
 */
export async function actorOf(c: Ctx, ctx: AppContext): Promise<Actor | null> {
  const viewer = c.get('viewer');
  if (!viewer) return null;
  if (
    viewer.actingForId &&
    viewer.actingForId !== viewer.accountId &&
    (await can(ctx, viewer.accountId, viewer.actingForId, 'post'))
  ) {
    return { personId: viewer.accountId, actorId: viewer.actingForId };
  }
  return { personId: viewer.accountId, actorId: viewer.accountId };
}

export function viewContext(c: Ctx, ctx: AppContext, viewerId: string | null): ViewContext {
  const url = new URL(c.req.url);
  return {
    t: tOf(c),
    locale: c.get('locale'),
    csrf: c.get('csrfToken'),
    viewerId,
    publicUrl: ctx.config.publicUrl,
    back: url.pathname + url.search,
  };
}

export const isHtmx = (c: Ctx) => c.req.header('hx-request') === 'true';

/**
 * Where a form goes back to: its `next` field, else the page it was sent from (same site only),
 * else the fallback.
 */
export function backTarget(c: Ctx, next: unknown, fallback = '/home'): string {
  if (typeof next === 'string' && next) return safeNext(next, fallback);
  const referer = c.req.header('referer');
  if (referer) {
    try {
      const from = new URL(referer);
      const here = new URL(c.req.url);
      if (from.host === here.host) return safeNext(from.pathname + from.search + from.hash, fallback);
    } catch {
      // not a URL: use the fallback
    }
  }
  return fallback;
}

export const loginPath = (c: Ctx) => {
  const url = new URL(c.req.url);
  return `/login?next=${encodeURIComponent(url.pathname + url.search)}`;
};

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A keyset cursor from the query string, or undefined when absent or malformed. */
export function cursor(c: Ctx, name = 'max_id'): string | undefined {
  const v = c.req.query(name);
  return v && UUID.test(v) ? v.toLowerCase() : undefined;
}

/** A service error in the reader's language when we have words for it, else its own message. */
export function errorMessage(t: T, error: AppError): string {
  const key = `social.error.${error.code}`;
  if (key in fr) {
    const details = error.details ?? {};
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(details)) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    if (typeof details.max_bytes === 'number') params.size = Math.round(details.max_bytes / 1024 / 1024);
    return t(key as MessageKey, params);
  }
  const shared = `error.${error.code}`;
  if (shared in fr) return t(shared as MessageKey);
  return error.message;
}

/** Plain text from post HTML, for descriptions and previews. */
export const plainExcerpt = (text: string, max = 200): string => excerpt(text, max);
