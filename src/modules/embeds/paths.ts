/**
 * The addresses a host website's page loads from Comptoir: the widgets under /embed/, the script
 * and oEmbed. They set no cookie (a cookie there would be a third-party one) and only the widgets
 * may be framed by other sites (http/app.ts, http/middleware.ts).
 */
export function isEmbedPath(path: string): boolean {
  return path.startsWith('/embed/') || path === '/embed.js' || path === '/api/oembed';
}

/** The pages other sites may frame: the widgets. */
export const isFramablePath = (path: string): boolean => path.startsWith('/embed/');
