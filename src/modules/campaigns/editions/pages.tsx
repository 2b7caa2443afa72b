/**
 * The printable certificate of a paid edition line: GET /orders/:id/certificates/:lineId, one
 * certificate per number. Only the order's buyer and the brand's team see it (commerce's order
 * access); anyone else, or a line without numbers, gets 404.
 */
import type { Context } from 'hono';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import type { AppEnv } from '../../../http/types';
import { loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { getOrder, orderNumber } from '../../commerce';
import { lineUnits } from './read';
import { CertificatePage } from './views';

type Ctx = Context<AppEnv>;

export const editionPages: RouteModule = (app, ctx) => {
  app.get('/orders/:id/certificates/:lineId', async (c: Ctx) => {
    const viewerId = c.get('viewer')?.accountId;
    if (!viewerId) return loginRedirect(c);
    const t = tOf(c);
    const notFound = () => renderError(c, 404, t('shop.error.order_not_found'), ctx);
    const id = (c.req.param('id') ?? '').toLowerCase();
    const lineId = (c.req.param('lineId') ?? '').toLowerCase();
    if (!isUuid(id) || !isUuid(lineId)) return notFound();
    let detail: Awaited<ReturnType<typeof getOrder>>;
    try {
      detail = await getOrder(ctx, viewerId, id);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return notFound();
      throw error;
    }
    const line = detail.lines.find((l) => l.id === lineId);
    const units = line ? await lineUnits(ctx.db, id, lineId) : [];
    if (!line || units.length === 0) return notFound();
    const number = orderNumber(id);
    return renderPage(c, {
      meta: { title: `${t('edition.certificate.title')} · ${line.title}`, noindex: true },
      body: (
        <CertificatePage
          v={{ t, locale: c.get('locale') }}
          c={{
            product: line.title,
            options: line.options ?? {},
            brand: detail.brand.displayName || detail.brand.username,
            buyer: detail.buyer.displayName || detail.buyer.username,
            orderNumber: number,
            orderUrl: detail.as === 'buyer' ? `/orders/${id}` : `/brands/${detail.brand.username}/orders/${id}`,
            units,
          }}
        />
      ),
    });
  });
};

export const routes: RouteModule[] = [editionPages];
