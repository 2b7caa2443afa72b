/**
 * The inbox's back-office pages: /brands/:username/inbox (the list) and
 * /brands/:username/inbox/:id (one conversation), and the forms they post. Only the brand's
 * agents (inbox.answer) open them; anyone else gets a 404. The rules are the services'.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../http/app';
import { queryParams, readParams, type Params } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { DomainError } from '../../lib/errors';
import { addBackofficeSection } from '../../web/backoffice';
import type { MessageKey } from '../../web/i18n';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import { parisFormTime } from '../../web/paris-time';
import { findBrand, roleAllows, roleIn, type Account, type BrandRole } from '../accounts';
import { orderNumber } from '../commerce';
import {
  assignConversation,
  reopenConversation,
  replyToConversation,
  resolveConversation,
  setKind,
  setLabels,
  setPriority,
  snoozeConversation,
  unassignConversation,
} from './actions';
import { inboxChannelHandlers } from './channels';
import { checkFilters, getConversation, listConversations, PAGE_SIZE, statusCounts } from './conversations';
import { othersHere, touchPresence } from './presence';
import { yesNo } from './present';
import { agentsOf, routingOf, setAvailability, setRouting } from './round-robin';
import { createSavedReply, deleteSavedReply, listSavedReplies, useSavedReply } from './saved-replies';
import { inboxPageUrl } from './urls';
import { InboxListPage } from './views-list';
import { InboxThreadPage, PresenceLine } from './views-thread';
import type { InboxView } from './views-kit';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
const s = (p: Params, k: string) => (typeof p[k] === 'string' ? (p[k] as string) : '');
type Page = { viewerId: string; brand: Account; role: BrandRole };

addBackofficeSection({
  key: 'inbox',
  // Right after the orders (20): the team's daily work.
  order: 25,
  path: 'inbox',
  label: 'inbox.nav' as MessageKey,
  permission: 'inbox.answer',
});

export const inboxPages: RouteModule = (app, ctx) => {
  const view = (c: Ctx): InboxView => ({
    t: tOf(c),
    locale: c.get('locale'),
    csrf: c.get('csrfToken'),
    now: ctx.clock.now(),
  });

  async function open(c: Ctx): Promise<Page | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    if (!brand || !role || !roleAllows(role, 'inbox.answer')) return renderError(c, 404, t('error.not_found'), ctx);
    return { viewerId: viewer.accountId, brand, role };
  }
  const nameOf = (b: Account) => b.displayName || b.username;
  const failed = (c: Ctx, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    if (error.kind === 'not_found') return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    return null;
  };

  async function listPage(c: Ctx, page: Page, extra: { error?: string; status?: 422 } = {}) {
    const v = view(c);
    const q = queryParams(c) as Record<string, string | undefined>;
    const status = q.status === 'all' ? undefined : (q.status ?? 'open');
    let filters: ReturnType<typeof checkFilters>;
    try {
      filters = checkFilters({ ...q, status });
    } catch {
      filters = checkFilters({ status: 'open' });
    }
    const [rows, counts, agents] = await Promise.all([
      listConversations(ctx.db, { ...filters, brandId: page.brand.id, viewerId: page.viewerId, now: v.now }),
      statusCounts(ctx.db, page.brand.id, page.viewerId, v.now),
      agentsOf(ctx.db, page.brand.id, page.viewerId),
    ]);
    const manage = roleAllows(page.role, 'inbox.manage')
      ? {
          routing: await routingOf(ctx.db, page.brand.id),
          agents,
          saved: await listSavedReplies(ctx.db, page.brand.id, page.viewerId),
        }
      : null;
    let moreHref: string | null = null;
    if (rows.length === PAGE_SIZE) {
      const more = new URLSearchParams(q as Record<string, string>);
      more.set('after', rows[rows.length - 1].id);
      moreHref = `${inboxPageUrl(page.brand.username)}?${more}`;
    }
    const name = nameOf(page.brand);
    return renderPage(
      c,
      {
        meta: { title: v.t('inbox.title', { name }), noindex: true },
        theme: brandTheme(page.brand),
        status: extra.status ?? 200,
        body: (
          <InboxListPage
            v={v}
            brand={{ username: page.brand.username, name }}
            viewerId={page.viewerId}
            counts={counts}
            filters={{ ...q, status: q.status ?? 'open' }}
            rows={rows}
            moreHref={moreHref}
            available={agents.some((a) => a.account.id === page.viewerId && a.available)}
            manage={manage}
            notice={q.done ? v.t('inbox.done.saved') : undefined}
            error={extra.error}
          />
        ),
      },
      ctx,
    );
  }

  app.get('/brands/:username/inbox', async (c) => {
    const page = await open(c);
    return page instanceof Response ? page : listPage(c, page);
  });

  /** The list page's forms: availability, routing, saved replies; back to the list or the error on it. */
  const listForm = (path: string, run: (page: Page, p: Params, c: Ctx) => Promise<unknown>) =>
    app.post(`/brands/:username/inbox/${path}`, async (c) => {
      const page = await open(c);
      if (page instanceof Response) return page;
      try {
        await run(page, await readParams(c), c);
      } catch (error) {
        const shown = failed(c, error);
        if (shown) return shown;
        return listPage(c, page, { error: (error as Error).message, status: 422 });
      }
      return c.redirect(`${inboxPageUrl(page.brand.username)}?done=1`, 303);
    });
  listForm('availability', (page, p) => setAvailability(ctx, page.viewerId, page.brand.id, yesNo(s(p, 'available'))));
  listForm('routing', (page, p) =>
    setRouting(ctx, page.viewerId, page.brand.id, {
      round_robin: s(p, 'round_robin') === 'true',
      open_cap: s(p, 'open_cap'),
    }),
  );
  listForm('saved-replies', (page, p) =>
    createSavedReply(ctx, page.viewerId, page.brand.id, { title: s(p, 'title'), text: s(p, 'text') }),
  );
  listForm(`saved-replies/${ID}/delete`, (_page, _p, c) =>
    deleteSavedReply(ctx, c.get('viewer')!.accountId, c.req.param('id') ?? ''),
  );

  async function threadPage(
    c: Ctx,
    page: Page,
    extra: { error?: string; status?: 422 | 409; draft?: { text: string; internal: boolean } } = {},
  ) {
    const v = view(c);
    const id = c.req.param('id') ?? '';
    const q = queryParams(c) as Record<string, string | undefined>;
    try {
      const detail = await getConversation(ctx.db, {
        brandId: page.brand.id,
        conversationId: id,
        viewerId: page.viewerId,
        now: v.now,
      });
      const [agents, saved, others, neighbours] = await Promise.all([
        agentsOf(ctx.db, page.brand.id, page.viewerId),
        listSavedReplies(ctx.db, page.brand.id, page.viewerId),
        othersHere(ctx, detail.id, page.viewerId),
        listConversations(ctx.db, {
          brandId: page.brand.id,
          viewerId: page.viewerId,
          status: detail.shownStatus,
          now: v.now,
          limit: 100,
        }),
      ]);
      let draft = {
        text: extra.draft?.text ?? '',
        missing: [] as string[],
        savedId: undefined as string | undefined,
        internal: extra.draft?.internal,
      };
      if (q.saved && !extra.draft) {
        const used = await useSavedReply(ctx, page.viewerId, detail.id, q.saved);
        draft = { text: used.text, missing: used.missing, savedId: q.saved, internal: false };
      }
      const at = neighbours.findIndex((n) => n.id === detail.id);
      const handler = inboxChannelHandlers.get(detail.channel);
      const done = q.done;
      return renderPage(
        c,
        {
          meta: { title: v.t('inbox.conv.title', { name: detail.customer?.displayName ?? '' }), noindex: true },
          theme: brandTheme(page.brand),
          status: extra.status ?? 200,
          body: (
            <InboxThreadPage
              v={v}
              brand={{ username: page.brand.username, name: nameOf(page.brand) }}
              viewerId={page.viewerId}
              c={detail}
              agents={agents.map((a) => ({ id: a.account.id, name: a.account.displayName || a.account.username }))}
              saved={saved}
              draft={draft}
              orderRef={detail.orderId ? orderNumber(detail.orderId) : null}
              channelUrl={handler?.url?.(ctx.config, detail) ?? null}
              others={others}
              prev={at > 0 ? inboxPageUrl(page.brand.username, neighbours[at - 1].id) : null}
              next={
                at >= 0 && at + 1 < neighbours.length ? inboxPageUrl(page.brand.username, neighbours[at + 1].id) : null
              }
              notice={
                done === 'reply' || done === 'note'
                  ? v.t(`inbox.done.${done}`)
                  : done
                    ? v.t('inbox.done.saved')
                    : undefined
              }
              error={extra.error}
            />
          ),
        },
        ctx,
      );
    } catch (error) {
      const shown = failed(c, error);
      if (shown) return shown;
      return renderError(c, 422, (error as Error).message, ctx);
    }
  }

  app.get(`/brands/:username/inbox/${ID}`, async (c) => {
    const page = await open(c);
    return page instanceof Response ? page : threadPage(c, page);
  });

  app.post(`/brands/:username/inbox/${ID}/presence`, async (c) => {
    const page = await open(c);
    if (page instanceof Response) return page;
    const p = await readParams(c);
    try {
      const others = await touchPresence(ctx, c.req.param('id') ?? '', page.viewerId, yesNo(s(p, 'typing')) === true);
      return c.html((<PresenceLine v={view(c)} others={others} />) as unknown as string);
    } catch (error) {
      return failed(c, error) ?? c.html('', 422);
    }
  });

  /** A conversation's forms: run, then back to the page (or the page with the error and the draft). */
  const threadForm = (path: string, run: (id: string, page: Page, p: Params) => Promise<unknown>, done = 'saved') =>
    app.post(`/brands/:username/inbox/${ID}/${path}`, async (c) => {
      const page = await open(c);
      if (page instanceof Response) return page;
      const id = c.req.param('id') ?? '';
      const p = await readParams(c);
      try {
        const detail = await getConversation(ctx.db, {
          brandId: page.brand.id,
          conversationId: id,
          viewerId: page.viewerId,
        });
        await run(detail.id, page, p);
      } catch (error) {
        const shown = failed(c, error);
        if (shown) return shown;
        const status = (error as DomainError).kind === 'conflict' ? 409 : 422;
        return threadPage(c, page, {
          error: (error as Error).message,
          status,
          draft: path === 'reply' ? { text: s(p, 'text'), internal: yesNo(s(p, 'internal')) === true } : undefined,
        });
      }
      const which = path === 'reply' ? (yesNo(s(p, 'internal')) === true ? 'note' : 'reply') : done;
      return c.redirect(`${inboxPageUrl(page.brand.username, id.toLowerCase())}?done=${which}`, 303);
    });
  threadForm('reply', (id, page, p) =>
    replyToConversation(ctx, {
      conversationId: id,
      authorId: page.viewerId,
      text: s(p, 'text'),
      internal: yesNo(s(p, 'internal')) === true,
      status: (s(p, 'status') || undefined) as 'pending' | undefined,
    }),
  );
  threadForm('assign', (id, page, p) => assignConversation(ctx, id, page.viewerId, s(p, 'account_id')));
  threadForm('unassign', (id, page) => unassignConversation(ctx, id, page.viewerId));
  threadForm('resolve', (id, page) => resolveConversation(ctx, id, page.viewerId));
  threadForm('reopen', (id, page) => reopenConversation(ctx, id, page.viewerId));
  threadForm('snooze', (id, page, p) => snoozeConversation(ctx, id, page.viewerId, parisFormTime(s(p, 'until'))));
  threadForm('priority', (id, page, p) => setPriority(ctx, id, page.viewerId, s(p, 'priority')));
  threadForm('labels', (id, page, p) => setLabels(ctx, id, page.viewerId, s(p, 'labels')));
  threadForm('kind', (id, page, p) => setKind(ctx, id, page.viewerId, s(p, 'kind')));
};
