// The OpenAPI document's two routes: the JSON document and its HTML reference page. Kept apart from
// openapi.ts, which contract.ts imports: a route here needs contract.ts, and the cycle made the
// first importer decide whether ErrorBody existed yet when contract.ts ran.
import { z } from 'zod';
import { translator } from '../web/i18n';
import { renderPage } from '../web/page';
import type { RouteModule } from './app';
import { json, mount, route } from './contract';
import { buildOpenApiDocument, COMPTOIR_VERSION } from './openapi';
import { renderReference } from './openapi-page';

export const openApiRoutes: RouteModule = (app, ctx) => {
  const documentRoute = route({
    method: 'get',
    path: '/api/openapi.json',
    tags: ['Documentation'],
    summary: 'This document (OpenAPI 3.1); /api/docs shows it as a page',
    responses: {
      200: json(
        z.looseObject({ openapi: z.string(), info: z.object({}).loose(), paths: z.record(z.string(), z.unknown()) }),
        'The OpenAPI document',
      ),
    },
  });
  mount(app, documentRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=60');
    return c.json(buildOpenApiDocument({ publicUrl: ctx.config.publicUrl, version: COMPTOIR_VERSION }), 200);
  });
  app.get('/api/docs', async (c) => {
    const doc = buildOpenApiDocument({ publicUrl: ctx.config.publicUrl, version: COMPTOIR_VERSION });
    const t = translator(c.get('locale'));
    return renderPage(
      c,
      {
        meta: {
          title: t('apidocs.title'),
          url: `${ctx.config.publicUrl}/api/docs`,
          description: String(doc.info.title),
        },
        body: await renderReference(doc, t),
      },
      ctx,
    );
  });
};
