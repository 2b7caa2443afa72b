/**
 * The person's own pages: /ambassador (my programmes: applications, invitations to answer,
 * accepted ones with their links and earnings pages) and /ambassador/<id>/links (make a link to a
 * product, collection or pop-up store with a copy button, manage picks, clicks per link). Another
 * person's ambassadorship is 404.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import type { RouteModule } from '../../http/app';
import { readParams, type Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { queryRows } from '../../db/client';
import { DomainError } from '../../lib/errors';
import { loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import { linksOf, linkUrl, makeLink, picksLink } from './links';
import { ambassadorById, answerInvitation, endAmbassadorship, myProgrammes } from './members';
import { addPick, picksOf, removePick } from './picks';
import { programOf } from './program';
import { LinksView, ProgrammesView } from './views-person';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const PRODUCT = ':product{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const s = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string).trim() : '');

export const personPages: RouteModule = (app, ctx) => {
  const view = (c: Ctx) => ({ t: tOf(c), locale: c.get('locale'), csrf: c.get('csrfToken') });

  app.get('/ambassador', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const list = await myProgrammes(ctx.db, viewer.accountId);
    return renderPage(
      c,
      {
        meta: { title: t('amb.mine.title'), noindex: true },
        body: <ProgrammesView v={view(c)} list={list} notice={c.req.query('done') ? t('amb.bo.saved') : undefined} />,
      },
      ctx,
    );
  });

  for (const action of ['accept', 'decline', 'end'] as const)
    app.post(`/ambassador/${ID}/${action}`, async (c) => {
      const viewer = c.get('viewer');
      if (!viewer) return loginRedirect(c);
      const id = c.req.param('id').toLowerCase();
      const a = await ambassadorById(ctx.db, id);
      if (!a || a.accountId !== viewer.accountId) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
      try {
        if (action === 'end') await endAmbassadorship(ctx, viewer.accountId, id);
        else await answerInvitation(ctx, viewer.accountId, id, action === 'accept');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Already answered or ended: nothing changed, so no "done" message.
        if (error.kind === 'not_found') return renderError(c, 404, tOf(c)('error.not_found'), ctx);
        return renderError(c, 409, tOf(c)('amb.person.not_done'), ctx);
      }
      return c.redirect('/ambassador?done=1', 303);
    });

  async function linksPage(c: Ctx, extra: { error?: string; status?: 422 } = {}) {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const id = c.req.param('id')!.toLowerCase();
    const a = await ambassadorById(ctx.db, id);
    if (!a || a.accountId !== viewer.accountId) return renderError(c, 404, t('error.not_found'), ctx);
    const program = await programOf(ctx.db, a.brandId);
    const [brand] = await queryRows<{ username: string; display_name: string; me: string }>(
      ctx.db,
      sql`select username, display_name, (select username from accounts where id = ${a.accountId}) as me
          from accounts where id = ${a.brandId}`,
    );
    const live = a.status === 'accepted' && program?.active === true;
    const [links, picks, products, collections, popups] = await Promise.all([
      linksOf(ctx, viewer.accountId, id),
      picksOf(ctx.db, id),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from products where brand_id = ${a.brandId} and status = 'published'
            ${program?.productScope === 'selected' ? sql`and id in (select product_id from ambassador_program_products where brand_id = ${a.brandId})` : sql``}
            order by title limit 200`,
      ),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from collections where brand_id = ${a.brandId} order by title limit 100`,
      ),
      queryRows<{ id: string; title: string }>(
        ctx.db,
        sql`select id, title from popups where brand_id = ${a.brandId} and ends_at > ${ctx.clock.now().toISOString()}
            order by starts_at limit 50`,
      ),
    ]);
    const picksUrl = live
      ? linkUrl(ctx.config.publicUrl, (await picksLink(ctx.db, id, a.brandId, ctx.clock.now())).code)
      : null;
    return renderPage(
      c,
      {
        meta: { title: t('amb.links.title', { brand: brand.display_name || brand.username }), noindex: true },
        status: extra.status ?? 200,
        body: (
          <LinksView
            v={view(c)}
            ambassadorId={id}
            brand={{ username: brand.username, name: brand.display_name || brand.username }}
            live={live}
            links={links.map((l) => ({ ...l, url: linkUrl(ctx.config.publicUrl, l.code) }))}
            picks={picks}
            picksUrl={picksUrl}
            picksPath={`/@${brand.me}/picks/${brand.username}`}
            choices={{ products, collections, popups }}
            error={extra.error}
          />
        ),
      },
      ctx,
    );
  }

  app.get(`/ambassador/${ID}/links`, (c) => linksPage(c));

  const attempt = async (c: Ctx, run: (viewerId: string, id: string, p: Params) => Promise<unknown>) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const id = c.req.param('id')!.toLowerCase();
    const p = await readParams(c);
    try {
      await run(viewer.accountId, id, p);
      return c.redirect(`/ambassador/${id}/links`, 303);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'not_found') return renderError(c, 404, tOf(c)('error.not_found'), ctx);
      return linksPage(c, { error: error.message, status: 422 });
    }
  };

  app.post(`/ambassador/${ID}/links`, (c) =>
    attempt(c, (viewerId, id, p) => {
      const [kind, target] = s(p, 'target').split(':');
      const field = kind === 'collection' ? 'collection_id' : kind === 'popup' ? 'popup_id' : 'product_id';
      return makeLink(ctx, viewerId, id, { [field]: target ?? '' });
    }),
  );
  app.post(`/ambassador/${ID}/picks`, (c) =>
    attempt(c, (viewerId, id, p) => addPick(ctx, viewerId, id, s(p, 'product_id'))),
  );
  app.post(`/ambassador/${ID}/picks/${PRODUCT}/remove`, (c) =>
    attempt(c, (viewerId, id) => removePick(ctx, viewerId, id, c.req.param('product').toLowerCase())),
  );
};
