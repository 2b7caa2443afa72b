/** `DELETE /api/v1/account`: a person closes their own account (GDPR art. 17), password required. */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { body, failures, json, mount, route } from '../../../http/contract';
import { clientIp } from '../../../http/middleware';
import { hitRateLimit } from '../../../http/rate-limit';
import { closeAccount } from './close';

/** Tries per account and per hour: enough for typos, too few to guess a password. */
export const CLOSE_TRIES: [number, number] = [5, 3600];

const CloseBody = z.looseObject({ password: z.unknown().meta({ type: 'string' }).optional() }).meta({
  required: ['password'],
});
const Closed = z
  .object({
    id: z.string(),
    status: z.literal('deleted'),
    deleted_at: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'DeletedAccount' });

export const closeContract = route({
  method: 'delete',
  path: '/api/v1/account',
  tags: ['Privacy'],
  summary: 'Delete my account (irreversible)',
  description:
    'Closes the account at once (sessions and tokens revoked, profile, posts and media gone, follows ' +
    'removed, reviews withdrawn) and queues the erasure of its personal data. Orders stay with the ' +
    'brands for their invoices, the buyer shown as a deleted account. 403 invalid_password; 409 ' +
    'last_brand_owner while the person is the only owner of a brand; 429 after 5 tries in an hour.',
  auth: 'user' as const,
  scope: 'write' as const,
  request: { body: body(CloseBody) },
  responses: {
    202: json(Closed, 'Closed; the erasure job runs next'),
    ...failures(400, 401, 403, 404, 409, 429),
  },
});

export const closeAccountApi: RouteModule = (app, ctx) => {
  mount(app, closeContract, async (c) => {
    const accountId = c.get('viewer')!.accountId; // auth: 'user' checked it
    await hitRateLimit(ctx.db, `account-delete:${accountId}`, CLOSE_TRIES);
    const { password } = c.req.valid('json') as { password?: unknown };
    const closed = await closeAccount(ctx, accountId, password, { clientIp: clientIp(c) });
    return c.json({ id: closed.accountId, status: 'deleted' as const, deleted_at: closed.closedAt.toISOString() }, 202);
  });
};
