/**
 * The widgets' pages under /embed/ and the two scripts. Each page is the same for every visitor
 * (it reads as nobody, whoever asks), so it goes through the logged-out page cache and may be kept
 * by browsers and shared caches for a minute. Its own Content-Security-Policy lets the brand's
 * allowed origins frame it (app.ts leaves /embed/ pages this one header to set), runs only our
 * scripts, and allows no form. No cookie is set on these paths (http/middleware.ts).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { RouteModule } from '../../http/app';
import type { AppEnv } from '../../http/types';
import { translator } from '../../web/i18n';
import { pageCache } from '../../web/page-cache';
import type { Account } from '../accounts';
import { EMBED_JS, FRAME_JS } from './scripts';
import { frameAncestors, readEmbedOrigins } from './settings';
import { EmbedDocument, NotFoundBody, PostsBody, ProductBody, ReviewsBody, SpaceBody, type EmbedView } from './views';
import { postsWidget, postWidget, productWidget, reviewsWidget, spaceWidget } from './widgets';

type Ctx = Context<AppEnv>;

/** How long browsers and shared caches may keep a widget (the page cache itself follows every write). */
export const WIDGET_MAX_AGE = 60;

/**
 * The widgets' policy: our images (and the media host's, where /media/ redirects when media live
 * in a bucket) and scripts, inline styles, nothing else; framed by `ancestors`.
 */
export const widgetCsp = (ancestors: string, mediaOrigin = '') =>
  `default-src 'none'; img-src 'self' data:${mediaOrigin ? ` ${mediaOrigin}` : ''}; style-src 'unsafe-inline'; ` +
  `script-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;

function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const cacheable = (c: Ctx) => {
  c.header('Cache-Control', `public, max-age=${WIDGET_MAX_AGE}`);
  // The language comes from Accept-Language unless ?lang= names it (or a same-site visitor's
  // language cookie does; a host website's visitors send no cookie to Comptoir).
  c.header('Vary', 'Accept-Language, Cookie');
};

export const embedPages: RouteModule = (app, ctx) => {
  const viewOf = (c: Ctx): EmbedView => ({
    t: translator(c.get('locale')),
    locale: c.get('locale'),
    now: ctx.clock.now(),
  });
  const mediaOrigin = originOf(ctx.config.mediaS3?.publicUrl);

  const answer = async (c: Ctx, found: { brand: Account; title: string; body: Child } | null) => {
    const v = viewOf(c);
    cacheable(c);
    if (!found) {
      // Nothing of anyone's shows here: any site may frame the notice, rather than a browser error.
      c.header('Content-Security-Policy', widgetCsp('*', mediaOrigin));
      return c.html(
        <EmbedDocument v={v} title={v.t('embed.not_found')} brand={null}>
          <NotFoundBody v={v} />
        </EmbedDocument>,
        404,
      );
    }
    const ancestors = frameAncestors(await readEmbedOrigins(ctx.db, found.brand.id));
    c.header('Content-Security-Policy', widgetCsp(ancestors, mediaOrigin));
    return c.html(
      <EmbedDocument v={v} title={found.title} brand={found.brand}>
        {found.body}
      </EmbedDocument>,
    );
  };
  const page = (handler: (c: Ctx, v: EmbedView, id: string) => Promise<Response>) =>
    pageCache(ctx).page((c) => handler(c, viewOf(c), c.req.param('id') ?? ''));
  const nameOf = (a: Account) => a.displayName || a.username;

  app.get(
    `/embed/brands/:id{${UUID}}/reviews`,
    page(async (c, v, id) => {
      const w = await reviewsWidget(ctx, id);
      return answer(
        c,
        w && {
          brand: w.brand,
          title: v.t('embed.reviews.title', { brand: nameOf(w.brand) }),
          body: <ReviewsBody v={v} w={w} />,
        },
      );
    }),
  );
  app.get(
    `/embed/brands/:id{${UUID}}/posts`,
    page(async (c, v, id) => {
      const w = await postsWidget(ctx, id);
      return answer(
        c,
        w && {
          brand: w.author,
          title: v.t('embed.posts.title', { brand: nameOf(w.author) }),
          body: <PostsBody v={v} w={w} />,
        },
      );
    }),
  );
  app.get(
    `/embed/products/:id{${UUID}}`,
    page(async (c, v, id) => {
      const w = await productWidget(ctx, id);
      return answer(c, w && { brand: w.brand, title: w.product.title, body: <ProductBody v={v} w={w} /> });
    }),
  );
  app.get(
    `/embed/posts/:id{${UUID}}`,
    page(async (c, v, id) => {
      const w = await postWidget(ctx, id);
      return answer(
        c,
        w && {
          brand: w.author,
          title: v.t('social.post.title', { name: nameOf(w.author) }),
          body: <PostsBody v={v} w={w} single />,
        },
      );
    }),
  );
  app.get(
    `/embed/spaces/:id{${UUID}}`,
    page(async (c, v, id) => {
      const w = await spaceWidget(ctx, id);
      return answer(c, w && { brand: w.brand, title: w.space.name, body: <SpaceBody v={v} w={w} /> });
    }),
  );

  const script = (source: string) => (c: Ctx) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(source);
  };
  app.get('/embed/frame.js', script(FRAME_JS));
  app.get('/embed.js', script(EMBED_JS));
  // Any other /embed/ address: the widget's own small "not available", not the site's page.
  app.get('/embed/*', (c) => answer(c, null));
};
