/**
 * The ladder's JSON route (errors `{"error": {"code", "message"}}`): GET
 * /api/v1/brands/:id/analytics/ladder?period=30d for the brand's team (analytics.read); anyone
 * else gets 404, a period outside 7d..365d a 422 invalid_period (checked by the service).
 */
import { z } from 'zod';
import type { RouteModule } from '../../../http/app';
import { failures, id, json, mount, route } from '../../../http/contract';
import { readLadder } from './service';

export const ladderApi: RouteModule = (app, ctx) => {
  const count = z.number().int().min(0);
  const Ladder = z
    .object({
      audience: count.meta({ description: 'Followers plus anyone who interacted in the period; the rungs sum to it' }),
      rungs: z.object({
        creators: count,
        conversationalists: count,
        critics: count,
        collectors: count,
        joiners: count,
        spectators: count,
        inactives: count,
      }),
    })
    .meta({ id: 'EngagementLadder' });
  const read = route({
    method: 'get',
    path: '/api/v1/brands/{id}/analytics/ladder',
    tags: ['Analytics'],
    summary: 'The brand’s engagement ladder: its audience on Forrester’s rungs for a period',
    description:
      'Brand team with analytics.read (owner, admin, community manager); others get 404. Rules: docs/analytics.md.',
    auth: 'user',
    scope: 'read',
    request: {
      params: z.object({ id: id('The brand', 'Brand') }),
      query: z.object({
        period: z
          .unknown()
          .optional()
          .meta({ type: 'string', pattern: '^\\d{1,3}d$', description: 'From 7d to 365d (default 30d)' }),
      }),
    },
    responses: { 200: json(Ladder, 'The ladder'), ...failures(401, 403, 404, 422) },
  });
  mount(app, read, async (c) => {
    const viewer = c.get('viewer');
    const ladder = await readLadder(
      ctx,
      viewer?.accountId ?? null,
      c.req.valid('param').id,
      c.req.valid('query').period,
    );
    return c.json({ audience: ladder.audience, rungs: ladder.rungs }, 200);
  });
};
