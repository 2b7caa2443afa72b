/**
 * What the ActivityPub door (http.ts) checks before Fedify answers, for safety:
 * - deliveries (POSTs to an inbox) are rate-limited per sending server, the host of the
 *   signature's key (keyId), or per client address when unsigned (COMPTOIR_RATE_INBOX), and a
 *   suspended server's deliveries are accepted (202) and dropped unread;
 * - with authorized fetch (COMPTOIR_FEDERATION_AUTHORIZED_FETCH=1, Mastodon's secure mode), our
 *   actors' collections and objects answer only signed GETs from servers that are not suspended
 *   (401 unsigned or badly signed, 403 suspended). Actor documents and WebFinger stay public, so
 *   that remote servers can still fetch the keys they verify our own signatures with.
 * The signature itself is checked by Fedify (both draft-cavage and RFC 9421), as `.authorize()`
 * on a dispatcher would.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../../context';
import { clientIp } from '../../../http/middleware';
import { hitRateLimit } from '../../../http/rate-limit';
import type { AppEnv } from '../../../http/types';
import { loadFederation } from '../lazy';
import { isDomainSuspended } from './domains';

const inboxPath = /^\/(inbox|users\/[^/]+\/inbox)$/;
/** Below an actor: its collections (outbox, followers, featured…) and its objects (notes, questions). */
const belowActor = /^\/users\/[^/]+\/.+/;

/** The host named by a request's signature (draft-cavage `keyId`, RFC 9421 `keyid`), unverified. */
export function signatureHost(headers: Headers): string | null {
  const raw = headers.get('signature-input') ?? headers.get('signature') ?? '';
  const keyId = /keyid="([^"]+)"/i.exec(raw)?.[1];
  if (!keyId) return null;
  try {
    return new URL(keyId).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Checks one ActivityPub request. `target` is the path Fedify will serve (after content
 * negotiation), `request` the request as signed (the operator's public URL, the path asked for).
 * Returns a response to answer instead, or null to go on. Throws 429 past the rate limit.
 */
export async function guardFederationRequest(
  c: Context<AppEnv>,
  ctx: AppContext,
  target: string,
  request: Request,
): Promise<Response | null> {
  const method = c.req.method;
  if (method === 'POST' && inboxPath.test(target)) {
    const host = signatureHost(request.headers);
    // The claimed host is not verified yet: a forged one only spends that name's budget or gets dropped.
    await hitRateLimit(ctx.db, `inbox:${host ?? `ip:${clientIp(c)}`}`, ctx.config.rateLimits.inbox);
    if (host && (await isDomainSuspended(ctx.db, host))) return new Response(null, { status: 202 });
    return null;
  }
  if ((method === 'GET' || method === 'HEAD') && ctx.config.federationAuthorizedFetch && belowActor.test(target))
    return authorizedFetch(ctx, request);
  return null;
}

async function authorizedFetch(ctx: AppContext, request: Request): Promise<Response | null> {
  const fedCtx = (await loadFederation()).federationOf(ctx).createContext(request, ctx);
  let key: Awaited<ReturnType<typeof fedCtx.getSignedKey>> = null;
  try {
    key = await fedCtx.getSignedKey();
  } catch {
    key = null;
  }
  const keyUrl = key?.ownerId ?? key?.id ?? null;
  if (!keyUrl)
    return Response.json(
      { error: 'This server requires signed requests (authorized fetch)' },
      { status: 401, headers: { vary: 'Signature, Signature-Input' } },
    );
  if (await isDomainSuspended(ctx.db, keyUrl.href)) return Response.json({ error: 'Forbidden' }, { status: 403 });
  return null;
}
