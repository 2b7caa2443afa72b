/**
 * /r/<code>: an ambassador's short link. Answers 302 to the link's target (always one of our own
 * pages, built from the target's id), records the visit and, only when the visitor consented
 * (privacy/consent: the cookie is not strictly necessary), sets the first-party referral cookie
 * (a random token, not the person: HttpOnly, SameSite=Lax, Secure on https, kept for the
 * programme's window) and remembers the signed-in account. Without consent the visit is counted
 * with no identifier at all. An ended ambassadorship or a closed programme still leads to the page,
 * without any attribution. Visits are limited per address and link, so a bot cannot inflate
 * clicks (the redirect still works; the extra visits are simply not counted).
 */
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { mount, route } from '../../http/contract';
import { notFound } from '../../lib/errors';
import { newToken } from '../../lib/crypto';
import { clientIp } from '../../http/middleware';
import { hitRateLimit } from '../../http/rate-limit';
import { REFERRAL_COOKIE } from '../commerce';
import { CONSENT_COOKIE, consentFor } from '../privacy';
import { fromStatusOf, linkByCode, recordVisit } from './links';

/** Visits counted per address and link: 10 an hour (a person clicking again is one visitor anyway). */
export const VISIT_LIMIT: [number, number] = [10, 3600];
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export const redirectRoutes: RouteModule = (app, ctx) => {
  const contract = route({
    method: 'get',
    path: '/r/{code}',
    tags: ['Ambassadors'],
    summary: 'Follow an ambassador’s link (records the visit, sets the referral cookie)',
    request: {
      params: z.object({ code: z.string().meta({ description: 'The link’s code' }) }),
      query: z.object({ via: z.string().optional().meta({ description: 'The post it was shared in' }) }),
    },
    responses: { 302: { description: 'To the link’s page' }, 404: { description: 'Unknown code' } },
  });
  mount(app, contract, async (c) => {
    const link = await linkByCode(ctx.db, c.req.valid('param').code);
    if (!link) throw notFound('Link');
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'same-origin');
    if (link.attributes) {
      let counted = true;
      try {
        await hitRateLimit(ctx.db, `amb-visit:${clientIp(c)}:${link.id}`, VISIT_LIMIT);
      } catch {
        counted = false;
      }
      if (counted) {
        const viewer = c.get('viewer');
        const consent = await consentFor(ctx.db, {
          cookie: getCookie(c, CONSENT_COOKIE),
          accountId: viewer?.accountId ?? null,
          now: ctx.clock.now(),
        });
        const attributes = consent?.referral === true;
        const existing = getCookie(c, REFERRAL_COOKIE);
        const visitor = !attributes ? null : existing && TOKEN.test(existing) ? existing : newToken(18);
        const fromStatusId = await fromStatusOf(
          ctx.db,
          ctx.config.publicUrl,
          c.req.valid('query').via,
          c.req.header('referer'),
        );
        await recordVisit(ctx.db, link, {
          visitor,
          accountId: attributes ? (viewer?.accountId ?? null) : null,
          fromStatusId,
          at: ctx.clock.now(),
        });
        if (visitor)
          setCookie(c, REFERRAL_COOKIE, visitor, {
            path: '/',
            httpOnly: true,
            sameSite: 'Lax',
            secure: ctx.config.publicUrl.startsWith('https://'),
            maxAge: link.windowDays * 86400,
          });
      }
    }
    return c.redirect(link.path, 302);
  });
};
