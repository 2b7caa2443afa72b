/**
 * The moderation console (a brand's queue, the platform's) and the decisions taken from its forms.
 */
import type { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { AppContext } from '../../context';
import { AppError } from '../../http/errors';
import { queryParams, readParams } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { Flash } from '../../web/components';
import { loginRedirect, renderError, renderPage, safeNext, tOf } from '../../web/page';
import type { Account } from '../accounts';
import { assertModerates, isPlatformModerator, moderatedBrands } from './access';
import { filtersFrom } from './api';
import { decide, decideMany, type DecisionAction } from './decisions';
import { defaultPolicy, policyFor } from './policy';
import {
  checkFilters,
  hydrateItems,
  queueCounters,
  queueRows,
  type HistoryEntry,
  type QueueFilters,
  type QueueItem,
} from './queue';
import type { RejectionReason } from './schema';
import { CountersBar, ItemList, labelOf } from './views/console';
import { ConsolePage } from './views/console-page';
import { PAGE, str, viewOf, type Ctx, type WebKit } from './web-kit';

/** The author histories of a page of items, in one query (five latest each, this item excluded). */
async function histories(db: Db, items: QueueItem[]): Promise<Map<string, HistoryEntry[]>> {
  const authors = [...new Set(items.map((i) => i.authorId).filter((a): a is string => Boolean(a)))];
  const out = new Map<string, HistoryEntry[]>();
  if (authors.length === 0) return out;
  const rows = await queryRows<{
    id: string;
    author_id: string;
    brand_id: string | null;
    type: string;
    status: string;
    reason: string | null;
    created_at: string | Date;
    decided_at: string | Date | null;
  }>(
    db,
    sql`select id, author_id, brand_id, type, status, reason, created_at, decided_at from (
          select m.*, row_number() over (partition by author_id order by id desc) as rn from moderation_items m where author_id in ${authors}
        ) x where rn <= 6 order by id desc`,
  );
  for (const item of items) {
    out.set(
      item.id,
      rows
        .filter((r) => r.author_id === item.authorId && r.id !== item.id && r.brand_id === item.brandId)
        .slice(0, 5)
        .map((r) => ({
          id: r.id,
          type: r.type as HistoryEntry['type'],
          status: r.status as HistoryEntry['status'],
          reason: r.reason,
          createdAt: new Date(r.created_at),
          decidedAt: r.decided_at ? new Date(r.decided_at) : null,
        })),
    );
  }
  return out;
}

function moreHref(base: string, f: QueueFilters, items: QueueItem[]): string | null {
  if (items.length < PAGE) return null;
  const q = new URLSearchParams();
  if (f.type) q.set('type', f.type);
  if (f.flag) q.set('flag', f.flag);
  if (f.productId) q.set('product_id', f.productId);
  if (f.olderThanHours !== undefined) q.set('older_than', String(f.olderThanHours));
  q.set('after', items[items.length - 1].id);
  q.set('fragment', '1');
  return `${base}?${q}`;
}
export function consoleRoutes(app: Hono<AppEnv>, ctx: AppContext, kit: WebKit) {
  const { mctx, failPage, brandOf, tabs } = kit;

  /** The console of one queue: the page, or (fragment=1) only the next items for the script. */
  async function consolePage(c: Ctx, brand: Account | null) {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brandId = brand?.id ?? null;
    const base = brand ? `/brands/${brand.username}/moderation` : '/moderation/platform';
    try {
      const scope = await assertModerates(ctx.db, viewer.accountId, brandId);
      const q = queryParams(c);
      let filters: QueueFilters;
      try {
        filters = checkFilters({ ...filtersFrom(q), limit: PAGE });
      } catch {
        filters = { limit: PAGE };
      }
      const v = viewOf(c);
      // The script refreshes the counters after each decision (others decide at the same time).
      if (q.counters === '1')
        return c.html(
          (<CountersBar v={v} c={await queueCounters(ctx.db, viewer.accountId, brandId)} />) as unknown as string,
        );
      const rows = await queueRows(ctx.db, brandId, filters);
      const items = await hydrateItems(ctx.db, rows);
      const brandIds = [...new Set(items.map((i) => i.brandId))];
      const reasons = new Map<string | null, RejectionReason[]>();
      for (const id of [brandId, ...brandIds])
        if (!reasons.has(id)) reasons.set(id, (id ? await policyFor(ctx.db, id) : defaultPolicy('')).reasons);
      const list = (
        <ItemList
          v={v}
          items={items}
          histories={await histories(ctx.db, items)}
          reasons={reasons}
          back={base}
          canEscalate={scope === 'brand'}
          moreHref={moreHref(base, filters, items)}
          orderBase={brand ? `/brands/${brand.username}/orders/` : '/orders/'}
        />
      );
      if (q.fragment === '1') return c.html(list as unknown as string);
      const done = str(q, 'done');
      const notice = done ? (
        <Flash kind={done === 'error' ? 'error' : 'success'}>
          {done === 'bulk'
            ? v.t('mod.done.bulk', { ok: str(q, 'ok'), failed: str(q, 'failed') })
            : labelOf(v.t, `mod.done.${done}`, str(q, 'message') || done)}
        </Flash>
      ) : undefined;
      const name = brand ? brand.displayName || brand.username : v.t('mod.platform');
      return renderPage(
        c,
        {
          meta: { title: brand ? v.t('mod.console_title', { name }) : v.t('mod.platform_title'), noindex: true },
          body: (
            <ConsolePage
              v={v}
              title={brand ? v.t('mod.console_title', { name }) : v.t('mod.platform_title')}
              tabs={tabs(c, brand, 'queue')}
              counters={await queueCounters(ctx.db, viewer.accountId, brandId)}
              filters={filters}
              action={base}
              notice={notice}
              list={list}
              empty={items.length === 0}
              reasons={reasons.get(brandId) ?? []}
            />
          ),
        },
        ctx,
      );
    } catch (error) {
      return failPage(c, error);
    }
  }

  app.get('/moderation', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const [brands, platform] = await Promise.all([
      moderatedBrands(ctx.db, viewer.accountId),
      isPlatformModerator(ctx.db, viewer.accountId),
    ]);
    if (brands.length === 1 && !platform) return c.redirect(`/brands/${brands[0].username}/moderation`, 303);
    if (brands.length === 0 && platform) return c.redirect('/moderation/platform', 303);
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('mod.title'), noindex: true },
        body: (
          <div class="page narrow mod-page">
            <h1>{t('mod.title')}</h1>
            {brands.length || platform ? <p>{t('mod.choose')}</p> : <p>{t('mod.none')}</p>}
            <ul class="mod-hub">
              {brands.map((b) => (
                <li>
                  <a href={`/brands/${b.username}/moderation`}>{b.display_name || b.username}</a>
                </li>
              ))}
              {platform ? (
                <li>
                  <a href="/moderation/platform">{t('mod.platform')}</a>
                </li>
              ) : null}
            </ul>
            <p>
              <a href="/moderation/mine">{t('mod.mine_title')}</a>
            </p>
          </div>
        ),
      },
      ctx,
    );
  });

  app.get('/brands/:username/moderation', async (c) => {
    const brand = await brandOf(c);
    if (!brand) return renderError(c, 404, tOf(c)('error.brand_not_found'), ctx);
    return consolePage(c, brand);
  });
  app.get('/moderation/platform', (c) => consolePage(c, null));

  // Decisions from the console's forms; the script posts the same forms and reads JSON back.
  app.post('/moderation/items/:id/decide', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const params = await readParams(c);
    const back = safeNext(str(params, 'back'), '/moderation');
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    const action = str(params, 'action') as DecisionAction;
    try {
      const item = await decide(mctx, viewer.accountId, c.req.param('id'), {
        action,
        reason: str(params, 'reason') || null,
        note: str(params, 'note') || null,
      });
      if (wantsJson) return c.json({ id: item.id, status: item.status });
      return c.redirect(`${back}?done=${action}`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (wantsJson)
        return c.json(
          {
            error: {
              code: error.code,
              message: error.code === 'already_decided' ? tOf(c)('mod.error.already_decided') : error.message,
            },
          },
          error.status,
        );
      if (error.status === 403 || error.status === 404) return failPage(c, error);
      return c.redirect(
        `${back}?done=error&message=${encodeURIComponent(error.code === 'already_decided' ? tOf(c)('mod.error.already_decided') : error.message)}`,
        303,
      );
    }
  });

  app.post('/moderation/bulk', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const params = await readParams(c);
    const back = safeNext(str(params, 'back'), '/moderation');
    const raw = params.ids ?? params['ids[]'];
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
    try {
      const results = await decideMany(mctx, viewer.accountId, ids, {
        action: str(params, 'action') as DecisionAction,
        reason: str(params, 'reason') || null,
      });
      const ok = results.filter((r) => r.status === 200).length;
      return c.redirect(`${back}?done=bulk&ok=${ok}&failed=${results.length - ok}`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return c.redirect(`${back}?done=error&message=${encodeURIComponent(error.message)}`, 303);
    }
  });
}
