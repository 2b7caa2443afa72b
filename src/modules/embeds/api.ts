/**
 * The embeds JSON API: `GET /api/oembed` (public, the oEmbed answer) and the brand's embed
 * settings, `GET/PUT /api/v1/brands/:id/embed` (team only; others 404). Contracts and handlers
 * side by side; rules are the services'.
 */
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { body, failures, id, int, json, mount, route } from '../../http/contract';
import { ErrorBody } from '../../http/openapi';
import type { Params } from '../../http/params';
import { oembedOf, resolvePage } from './oembed';
import { brandEmbedSettings, frameAncestors, MAX_ORIGINS, updateEmbedSettings, type EmbedOrigins } from './settings';

const OEmbedBody = z
  .object({
    type: z.literal('rich'),
    version: z.literal('1.0'),
    html: z.string().meta({ description: 'An iframe to the widget under /embed/, and the script that resizes it' }),
    width: z.number().int(),
    height: z.number().int(),
    provider_name: z.literal('Comptoir'),
    provider_url: z.string(),
    title: z.string().optional(),
    author_name: z.string().optional(),
    author_url: z.string().optional(),
  })
  .meta({ id: 'OEmbed' });

const Settings = z
  .object({
    allow_any_origin: z.boolean(),
    allowed_origins: z.array(z.string()),
    frame_ancestors: z.string().meta({ description: 'The Content-Security-Policy frame-ancestors the widgets send' }),
  })
  .meta({ id: 'EmbedSettings' });
const SettingsInput = z
  .looseObject({
    allow_any_origin: z.unknown().meta({ type: 'boolean' }).optional(),
    allowed_origins: z
      .unknown()
      .meta({ type: 'array', items: { type: 'string' }, maxItems: MAX_ORIGINS, description: 'https://host[:port]' })
      .optional(),
  })
  .meta({ required: ['allow_any_origin'] });

const brand = z.object({ id: id('The brand', 'Brand') });
const tags = ['Embeds'];

export const embedContracts = {
  oembed: route({
    method: 'get',
    path: '/api/oembed',
    tags,
    summary: 'oEmbed: the rich embed of a product, post, brand or space page',
    auth: 'none',
    request: {
      query: z.object({
        url: z.string().min(1).meta({ description: 'The page’s URL on this server' }),
        format: z.string().optional().meta({ description: 'json (the default); xml answers 501; anything else 400' }),
        maxwidth: int(1, 10_000, 'The largest width the consumer can show'),
        maxheight: int(1, 10_000, 'The largest height the consumer can show'),
      }),
    },
    responses: {
      200: json(OEmbedBody, 'The rich embed'),
      ...failures(400, 404),
      501: json(ErrorBody, 'Format not implemented (only json)'),
    },
  }),
  settings: route({
    method: 'get',
    path: '/api/v1/brands/{id}/embed',
    tags,
    summary: 'Brand team: the websites allowed to frame the brand’s widgets',
    auth: 'user',
    scope: 'read',
    request: { params: brand },
    responses: { 200: json(Settings, 'The settings'), ...failures(401, 404) },
  }),
  update: route({
    method: 'put',
    path: '/api/v1/brands/{id}/embed',
    tags,
    summary: 'Brand owners and admins: set the websites allowed to frame the brand’s widgets',
    auth: 'user',
    scope: 'write',
    request: { params: brand, body: body(SettingsInput) },
    responses: { 200: json(Settings, 'The settings'), ...failures(400, 401, 403, 404, 422) },
  }),
};

const present = (s: EmbedOrigins) => ({
  allow_any_origin: s.allowAnyOrigin,
  allowed_origins: s.allowedOrigins,
  frame_ancestors: frameAncestors(s),
});

export const embedsApi: RouteModule = (app, ctx) => {
  mount(app, embedContracts.oembed, async (c) => {
    const query = c.req.valid('query');
    // oEmbed knows two formats. The spec's answer to the one not served (xml) is 501 Not
    // Implemented; an empty format is the default (json); anything else is malformed input.
    const format = query.format || 'json';
    if (format === 'xml')
      return c.json({ error: { code: 'format_not_implemented', message: 'Only format=json is served' } }, 501);
    if (format !== 'json')
      return c.json({ error: { code: 'invalid_format', message: 'format is json (the default) or xml' } }, 400);
    const found = await resolvePage(ctx, c.get('locale'), query.url);
    if (!found)
      return c.json({ error: { code: 'not_found', message: 'No public page of this server has that URL' } }, 404);
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(oembedOf(ctx.config, found, query), 200);
  });
  mount(app, embedContracts.settings, async (c) => {
    const { settings } = await brandEmbedSettings(ctx, c.get('viewer')!.accountId, c.req.valid('param').id);
    return c.json(present(settings), 200);
  });
  mount(app, embedContracts.update, async (c) => {
    const input = c.req.valid('json') as Params;
    const { settings } = await updateEmbedSettings(ctx, c.get('viewer')!.accountId, c.req.valid('param').id, input);
    return c.json(present(settings), 200);
  });
};
