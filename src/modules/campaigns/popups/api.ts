/** The pop-up stores' JSON routes: contracts in api-contracts.ts, rules in service.ts and announce.ts. */
import type { RouteModule } from '../../../http/app';
import { mount } from '../../../http/contract';
import { requireViewer } from '../../../http/middleware';
import { statusUrl } from '../../social';
import { getAccount } from '../../accounts';
import { announcePopup } from './announce';
import { popupContracts } from './api-contracts';
import { presentPopup } from './present';
import { createPopup, getPopup, listBrandPopups, subscribeToPopup, updatePopup } from './service';
import type { PopupInput } from './input';

export const popupApi: RouteModule = (app, ctx) => {
  const api = popupContracts();
  const urls = { publicUrl: ctx.config.publicUrl };
  const lower = (id: string) => id.toLowerCase();

  mount(app, api.create, async (c) => {
    const viewer = requireViewer(c, 'write');
    const popup = await createPopup(
      ctx,
      viewer.accountId,
      lower(c.req.valid('param').id),
      c.req.valid('json') as PopupInput,
    );
    return c.json(presentPopup(urls, popup, ctx.clock.now()), 201);
  });
  mount(app, api.list, async (c) => {
    const list = await listBrandPopups(ctx, lower(c.req.valid('param').id));
    const now = ctx.clock.now();
    return c.json(
      list.map((p) => presentPopup(urls, p, now)),
      200,
    );
  });
  mount(app, api.show, async (c) => {
    const popup = await getPopup(ctx, lower(c.req.valid('param').id));
    return c.json(presentPopup(urls, popup, ctx.clock.now()), 200);
  });
  mount(app, api.update, async (c) => {
    const viewer = requireViewer(c, 'write');
    const popup = await updatePopup(
      ctx,
      viewer.accountId,
      lower(c.req.valid('param').id),
      c.req.valid('json') as PopupInput,
    );
    return c.json(presentPopup(urls, popup, ctx.clock.now()), 200);
  });
  mount(app, api.subscribe, async (c) => {
    const viewer = requireViewer(c, 'write');
    const result = await subscribeToPopup(ctx, viewer.accountId, lower(c.req.valid('param').id));
    return c.json({ subscribed: true, status: result.status }, 200);
  });
  mount(app, api.announce, async (c) => {
    const viewer = requireViewer(c, 'write');
    const popup = await getPopup(ctx, lower(c.req.valid('param').id));
    const result = await announcePopup(ctx, viewer.accountId, popup.id);
    const brand = await getAccount(ctx, popup.brandId);
    return c.json(
      { status_id: result.statusId, url: statusUrl(urls, brand, result.statusId), status: result.status },
      201,
    );
  });
};
