/**
 * The back-office overview (/brands/:username/manage): what needs the team's attention, each a
 * count with a link, and the header's cart badge (/cart/badge) that htmx refreshes after an
 * add-to-cart. The counts come from each module's door; each shows only to roles that may act on it.
 */
import { jsx } from 'hono/jsx';
import type { AppContext } from '../context';
import type { RouteModule } from '../http/app';
import { findBrand, roleAllows, roleIn, type BrandRole, type Permission } from '../modules/accounts';
import { cartCount, hasLegalIdentity, ordersToPrepare } from '../modules/commerce';
import { recentAlerts } from '../modules/listening';
import { queueCounters } from '../modules/moderation';
import { reviewsToAnswer } from '../modules/reputation';
import type { MessageKey, T } from './i18n';
import { CartLink } from './layout-header';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from './page';

/** How far back the overview counts listening alerts. */
export const ALERT_DAYS = 7;

export type Attention = {
  key: string;
  href: string;
  count: number;
  label: MessageKey;
  params?: Record<string, string | number>;
  /** Counts that call for action now get the warning colour. */
  urgent?: boolean;
};

/** The overview's counts for a role: only what that role may open. */
export async function attentionFor(
  ctx: AppContext,
  brand: { id: string; username: string },
  actorId: string,
  role: BrandRole,
): Promise<Attention[]> {
  const may = (p: Permission) => roleAllows(role, p);
  const base = `/brands/${brand.username}`;
  const since = new Date(ctx.clock.now().getTime() - ALERT_DAYS * 86_400_000);
  const [orders, queue, answers, alerts, legal] = await Promise.all([
    may('orders') ? ordersToPrepare(ctx.db, brand.id) : null,
    may('moderate') ? queueCounters(ctx.db, actorId, brand.id) : null,
    may('read') ? reviewsToAnswer(ctx.db, brand.id) : null,
    may('read') ? recentAlerts(ctx.db, brand.id, since) : null,
    may('editProfile') ? hasLegalIdentity(ctx.db, brand.id) : null,
  ]);
  const out: Attention[] = [];
  if (orders !== null)
    out.push({ key: 'orders', href: `${base}/orders?status=paid`, count: orders, label: 'bo.att.orders' });
  if (queue) {
    out.push({ key: 'pending', href: `${base}/moderation`, count: queue.pending, label: 'bo.att.pending' });
    out.push({
      key: 'late',
      href: `${base}/moderation`,
      count: queue.pastDelay,
      label: 'bo.att.late',
      params: { hours: queue.maxDelayHours },
      urgent: queue.pastDelay > 0,
    });
  }
  if (answers) {
    out.push({ key: 'reviews', href: `${base}/reviews`, count: answers.reviews, label: 'bo.att.reviews' });
    if (may('orders'))
      out.push({ key: 'questions', href: `${base}/reviews`, count: answers.questions, label: 'bo.att.questions' });
  }
  if (alerts !== null)
    out.push({
      key: 'alerts',
      href: `${base}/watches`,
      count: alerts,
      label: 'bo.att.alerts',
      params: { days: ALERT_DAYS },
      urgent: alerts > 0,
    });
  // A seller must show its legal identity (commerce/legal): a reminder until it is filled in.
  if (legal === false) out.push({ key: 'legal', href: `${base}/legal`, count: 1, label: 'bo.att.legal', urgent: true });
  return out;
}

const OverviewPage = ({ t, name, items }: { t: T; name: string; items: Attention[] }) => {
  const quiet = items.every((i) => i.count === 0);
  return (
    <div class="stack bo-overview">
      <header class="page-header">
        <h1>{t('bo.overview_title', { name })}</h1>
        <p class="lead">{quiet ? t('bo.all_clear') : t('bo.overview_lead')}</p>
      </header>
      <ul class="bo-cards">
        {items.map((i) => (
          <li class={`bo-card${i.count > 0 ? ' has-items' : ''}${i.urgent ? ' is-urgent' : ''}`} data-key={i.key}>
            <a href={i.href}>
              <span class="bo-count">{String(i.count)}</span>
              <span class="bo-card-label">{t(i.label, { count: i.count, ...i.params })}</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
};

export const backofficeRoutes: RouteModule = (app, ctx) => {
  app.get('/brands/:username/manage', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username'));
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    // Outside the team the back-office does not exist: a 404 reveals nothing about the brand.
    if (!brand || !role) return renderError(c, 404, t('error.not_found'), ctx);
    const name = brand.displayName || brand.username;
    const items = await attentionFor(ctx, brand, viewer.accountId, role);
    return renderPage(
      c,
      {
        meta: { title: t('bo.overview_title', { name }), noindex: true },
        theme: brandTheme(brand),
        body: jsx(OverviewPage, { t, name, items }),
      },
      ctx,
    );
  });

  app.get('/cart/badge', async (c) => {
    const viewer = c.get('viewer');
    const count = viewer ? await cartCount(ctx.db, viewer.accountId) : 0;
    c.header('Cache-Control', 'private, no-store');
    return c.html(jsx(CartLink, { t: tOf(c), count }) as unknown as string);
  });
};
