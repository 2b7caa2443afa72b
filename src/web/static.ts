import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { RouteModule } from '../http/app';
import { isImagePath } from '../modules/media';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const staticDir = path.join(here, 'static');
const vendored: Record<string, string> = {
  'htmx.min.js': path.join(path.dirname(require.resolve('htmx.org/package.json')), 'dist', 'htmx.min.js'),
};
const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

/** Our CSS/JS/icons, vendored htmx, and uploaded media (only paths the media module made). */
export const staticRoutes: RouteModule = (app, ctx) => {
  app.get('/static/:file', async (c) => {
    const name = c.req.param('file');
    if (!/^[\w.-]+$/.test(name)) return c.notFound();
    const file = vendored[name] ?? path.join(staticDir, name);
    const body = await fs.readFile(file).catch(() => null);
    if (!body) return c.notFound();
    c.header('Content-Type', types[path.extname(name)] ?? 'application/octet-stream');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(body);
  });
  app.get('/media/*', async (c) => {
    const relative = c.req.path.slice('/media/'.length);
    if (!isImagePath(relative)) return c.notFound();
    // A bucket with a public address (a CDN): the browser fetches it there, the app serves no bytes.
    if (ctx.media.publicUrl) return c.redirect(ctx.media.publicUrl(relative), 301);
    const object = await ctx.media.get(relative);
    if (!object) return c.notFound();
    const body = object.bytes;
    c.header('Content-Type', 'image/webp');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(body);
  });
};
