/**
 * The notifications page: newest first, unread ones marked, everything read once seen.
 * New ones arrive live (app.js prepends the `notification` events into #notifications-list).
 */
import type { RouteModule } from '../../http/app';
import { PaginationLink } from '../../web/components';
import { renderPage } from '../../web/page';
import { getAccounts } from '../accounts';
import { loadVisible } from './hydrate';
import { notificationSubjects } from './notification-subjects';
import { listNotifications, markRead, readMarker } from './notifications';
import { NotificationItem } from './views/notification';
import { actorOf, cursor, loginPath, socialContext, viewContext } from './web-shared';

const PAGE = 30;

export const notificationPages: RouteModule = (app, ctx) => {
  const social = socialContext(ctx);

  app.get('/notifications', async (c) => {
    const actor = await actorOf(c, ctx);
    if (!actor) return c.redirect(loginPath(c), 303);
    const v = viewContext(c, ctx, actor.actorId);
    const maxId = cursor(c);
    const [rows, marker] = await Promise.all([
      listNotifications(social, actor.actorId, { maxId, limit: PAGE }),
      readMarker(social, actor.actorId),
    ]);
    const statusIds = [...new Set(rows.map((n) => n.statusId).filter((id): id is string => Boolean(id)))];
    const [from, loaded, subjects] = await Promise.all([
      getAccounts(
        ctx,
        rows.map((n) => n.fromAccountId),
      ),
      loadVisible(ctx, actor.actorId, statusIds, { keepMuted: true }),
      notificationSubjects(ctx.db, rows),
    ]);
    if (!maxId) await markRead(social, actor.actorId);
    const older = rows.length === PAGE ? `/notifications?max_id=${rows[rows.length - 1].id}` : null;
    const title = v.t('social.notifications.title');
    return renderPage(c, {
      meta: { title, noindex: true },
      body: (
        <div class="narrow-wide">
          <h1>{title}</h1>
          <ul class="notifications" id="notifications-list" aria-label={title}>
            {rows.map((n) => {
              const account = from.get(n.fromAccountId);
              return account ? (
                <NotificationItem
                  v={v}
                  n={n}
                  from={account}
                  h={loaded.hydrated}
                  unread={!marker || n.id > marker}
                  subject={subjects.get(n.id)}
                />
              ) : null;
            })}
            {rows.length === 0 ? <li class="empty-state">{v.t('social.notifications.empty')}</li> : null}
          </ul>
          {older ? (
            <nav class="pagination" aria-label={v.t('social.timeline.paging')}>
              <PaginationLink href={older}>{v.t('social.timeline.older')}</PaginationLink>
            </nav>
          ) : null}
        </div>
      ),
    });
  });
};
