/**
 * Leaflet's script, stylesheet and marker images, served from the npm package (node_modules, in
 * development and from dist/ alike: the package is resolved at run time, never bundled). Its CSS
 * names images relative to itself, hence /static/leaflet/images/.
 */
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Context } from 'hono';
import type { RouteModule } from '../../http/app';
import type { AppEnv } from '../../http/types';

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('leaflet/package.json')), 'dist');
const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};
const files = new Set(['leaflet.js', 'leaflet.css']);
const images = new Set(['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png', 'layers.png', 'layers-2x.png']);

export const leafletRoutes: RouteModule = (app) => {
  const send = async (c: Context<AppEnv>, file: string) => {
    const body = await fs.readFile(path.join(dist, file)).catch(() => null);
    if (!body) return c.notFound();
    c.header('Content-Type', types[path.extname(file)] ?? 'application/octet-stream');
    // The package's version is pinned: a week's cache, revalidated after an upgrade at worst.
    c.header('Cache-Control', 'public, max-age=604800');
    return c.body(body);
  };
  app.get('/static/leaflet/:file', (c) => {
    const name = c.req.param('file');
    return files.has(name) ? send(c, name) : c.notFound();
  });
  app.get('/static/leaflet/images/:file', (c) => {
    const name = c.req.param('file');
    return images.has(name) ? send(c, path.join('images', name)) : c.notFound();
  });
};
