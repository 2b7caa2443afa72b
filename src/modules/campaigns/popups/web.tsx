/**
 * Pop-up store pages: the public page /popups/:id (FR/EN, server-rendered; a small script ticks
 * the countdown), its "notify me" form, and the brand's back-office list and create form under
 * /brands/:username/campaigns/popups (web-backoffice.tsx). Every POST carries the CSRF token.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import type { AppEnv } from '../../../http/types';
import { renderPage, tOf } from '../../../web/page';
import { popupPageData } from './page-data';
import { subscribeToPopup } from './service';
import { PopupPage } from './views';
import { popupBackoffice } from './web-backoffice';

type Ctx = Context<AppEnv>;
const ID = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';

export const popupPages: RouteModule = (app, ctx) => {
  app.get(`/popups/${ID}`, async (c: Ctx) => {
    const viewerId = c.get('viewer')?.accountId ?? null;
    const d = await popupPageData(ctx, (c.req.param('id') ?? '').toLowerCase(), viewerId);
    const t = tOf(c);
    if (c.req.query('subscribed')) d.notice = t('popup.notify_done');
    return renderPage(
      c,
      {
        meta: { title: d.popup.title, description: d.popup.description.slice(0, 200) || undefined },
        body: <PopupPage v={{ t, locale: c.get('locale'), csrf: c.get('csrfToken') }} d={d} />,
      },
      ctx,
    );
  });

  app.post(`/popups/${ID}/subscribe`, async (c: Ctx) => {
    const viewer = c.get('viewer');
    if (!viewer) return c.redirect(`/login?next=${encodeURIComponent(`/popups/${c.req.param('id')}`)}`, 303);
    const popup = await subscribeToPopup(ctx, viewer.accountId, (c.req.param('id') ?? '').toLowerCase());
    return c.redirect(`/popups/${popup.popup.id}?subscribed=1`, 303);
  });

  popupBackoffice(app, ctx);
};
