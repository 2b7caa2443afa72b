/**
 * `GET/PUT /api/v1/account/consent`: a person's consent choice through the API (apps, or the web
 * pages' own scripts). A browser session's PUT also sets the browser's consent cookie.
 */
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, json, mount, route } from '../../../http/contract';
import { CONSENT_COOKIE, CONSENT_VERSION, type ConsentChoice } from './cookie';
import { consentFor, recordConsent } from './service';
import { rememberChoice } from './web-request';

const Consent = z
  .object({
    referral: z
      .boolean()
      .nullable()
      .meta({ description: 'The ambassadors’ attribution cookie: true accepted, false refused, null not asked yet' }),
    version: z.string().meta({ description: 'The version of the consent text in force' }),
    decided_at: z.string().nullable().meta({ description: 'When the choice was made (ISO 8601)' }),
  })
  .meta({ id: 'Consent' });

const tags = ['Privacy'];

export const consentContracts = {
  get: route({
    method: 'get',
    path: '/api/v1/account/consent',
    tags,
    summary: 'Your consent choice (the purposes that need one)',
    auth: 'user',
    scope: 'read',
    responses: { 200: json(Consent, 'The choice in force'), ...failures(401, 403) },
  }),
  put: route({
    method: 'put',
    path: '/api/v1/account/consent',
    tags,
    summary: 'Make or change your consent choice',
    auth: 'user',
    scope: 'write',
    request: { body: body(z.object({ referral: z.boolean().meta({ description: 'Accept the referral cookie' }) })) },
    responses: { 200: json(Consent, 'The choice now in force'), ...failures(400, 401, 403) },
  }),
};

const present = (choice: ConsentChoice | null) => ({
  referral: choice ? choice.referral : null,
  version: CONSENT_VERSION,
  decided_at: choice ? choice.decidedAt.toISOString() : null,
});

export const consentApi: RouteModule = (app, ctx) => {
  mount(app, consentContracts.get, async (c) => {
    const viewer = c.get('viewer')!;
    // An app's token speaks for the person, not for a browser: only their stored choice counts.
    const cookie = viewer.via === 'session' ? getCookie(c, CONSENT_COOKIE) : undefined;
    const choice = await consentFor(ctx.db, { cookie, accountId: viewer.accountId, now: ctx.clock.now() });
    return c.json(present(choice), 200);
  });
  mount(app, consentContracts.put, async (c) => {
    const viewer = c.get('viewer')!;
    const { referral } = c.req.valid('json');
    const at = ctx.clock.now();
    const choice = await recordConsent(ctx.db, viewer.accountId, { referral, source: 'api', at });
    if (viewer.via === 'session') rememberChoice(c, ctx, referral, at);
    return c.json(present(choice), 200);
  });
};
