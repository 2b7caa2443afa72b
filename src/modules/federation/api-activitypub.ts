import type { Hono } from 'hono';
import type { AppContext } from '../../context';
import type { AppEnv } from '../../http/types';
import { loadFederation } from './lazy';
import { refuseBody } from './inbound/body';
import { guardFederationRequest } from './moderation/api-guard';

const ACTIVITY_TYPES = ['application/activity+json', 'application/ld+json'];
const wantsActivity = (accept: string | undefined) => ACTIVITY_TYPES.some((t) => accept?.includes(t));

/** The paths Fedify answers: WebFinger, our actors and their collections and objects, the shared inbox. */
const federationPath = /^\/(\.well-known\/webfinger$|users\/|inbox$)/;
/** Profile and post pages that answer ActivityPub clients too (content negotiation, as Mastodon). */
const profilePage = /^\/@([^/@]+)(?:\/([0-9a-f-]{36}))?$/i;

/**
 * Hands ActivityPub requests to Fedify before our pages: WebFinger, `/users/...`, `/inbox`, and
 * `/@name` or `/@name/<post>` asked for as `application/activity+json`. Anything Fedify does not
 * serve falls through to our routes. The request is seen at the operator's public URL, so ids
 * and signatures match what remote servers were told.
 */
export function federationRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  if (!ctx.config.federation) return;
  app.use('*', async (c, next) => {
    const path = c.req.path;
    const negotiated = wantsActivity(c.req.header('accept')) ? profilePage.exec(path) : null;
    if (!federationPath.test(path) && !negotiated) return next();
    const target = negotiated ? `/users/${negotiated[1]}${negotiated[2] ? `/statuses/${negotiated[2]}` : ''}` : path;
    const url = new URL(target + new URL(c.req.url).search, ctx.config.publicUrl);
    // Deliveries are checked before Fedify's JSON-LD processing (inbound/body.ts).
    const delivery = c.req.method === 'POST' && /\/inbox$/.test(path) ? await c.req.raw.text() : null;
    const request =
      delivery === null
        ? new Request(url, c.req.raw)
        : new Request(url, { method: 'POST', headers: c.req.raw.headers, body: delivery });
    // Safety (moderation/api-guard.ts): inbox rate limit, suspended servers, authorized fetch.
    const asked = negotiated && (c.req.method === 'GET' || c.req.method === 'HEAD');
    const signed = asked ? new Request(new URL(path + url.search, ctx.config.publicUrl), c.req.raw) : request;
    const refused = await guardFederationRequest(c, ctx, target, signed);
    if (refused) return refused;
    const badBody = delivery === null ? null : refuseBody(delivery);
    if (badBody) return c.json({ error: badBody.message, error_code: badBody.code }, 400);
    let response = await handOver(ctx, request);
    // A poll post is a Question, at its own path: a post page asked for as ActivityPub may be one.
    if (!response && negotiated?.[2]) {
      const question = `/users/${negotiated[1]}/questions/${negotiated[2]}${url.search}`;
      response = await handOver(ctx, new Request(new URL(question, ctx.config.publicUrl), c.req.raw));
    }
    return response ?? next();
  });
}

/** Fedify's answer to the request (already on the public URL), or null when Fedify does not serve it. */
async function handOver(ctx: AppContext, request: Request): Promise<Response | null> {
  let fallThrough = false;
  const { federationOf } = await loadFederation();
  const response = await federationOf(ctx).fetch(request, {
    contextData: ctx,
    onNotFound: () => {
      fallThrough = true;
      return new Response('Not found', { status: 404 });
    },
    onNotAcceptable: () => {
      fallThrough = true;
      return new Response('Not acceptable', { status: 406 });
    },
  });
  return fallThrough ? null : response;
}
