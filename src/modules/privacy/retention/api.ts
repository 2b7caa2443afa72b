/**
 * `GET /api/v1/account/sign_in_attempts`: a person's own recent sign-in attempts (the last 20,
 * within the retention period), so they can spot someone else trying their password.
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { failures, json, mount, route } from '../../../http/contract';
import { recentSignIns } from './sign-ins';

const Attempt = z
  .object({
    at: z.string().meta({ description: 'When (ISO 8601)' }),
    ip: z.string().meta({ description: 'The address it came from' }),
    user_agent: z.string(),
    success: z.boolean(),
  })
  .meta({ id: 'SignInAttempt' });

export const signInContracts = {
  list: route({
    method: 'get',
    path: '/api/v1/account/sign_in_attempts',
    tags: ['Privacy'],
    summary: 'Your recent sign-in attempts, successful or not (newest first, kept COMPTOIR_RETENTION_IP_DAYS days)',
    auth: 'user',
    scope: 'read',
    responses: { 200: json(z.array(Attempt), 'The attempts'), ...failures(401, 403) },
  }),
};

export const signInApi: RouteModule = (app, ctx) => {
  mount(app, signInContracts.list, async (c) => c.json(await recentSignIns(ctx.db, c.get('viewer')!.accountId), 200));
};
