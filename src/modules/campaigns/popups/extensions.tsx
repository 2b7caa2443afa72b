/**
 * What pop-ups and early access add to commerce's pages (registered by src/links/campaign-popups.ts):
 * on a product page under a launch date, when it opens for everyone and for the viewer; on an
 * order's page (buyer's and brand's), the pop-up store it was bought through.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import type { Clock } from '../../../lib/clock';
import type { OrderPageExtension, ProductPageExtension } from '../../commerce';
import { whenText } from './announce';
import { earlyAccessGate, type EarlyAccessVerdict } from './early-access';
import { popupPath } from './model';

type LaunchRow = { launches_at: string; early_access_hours: number; early_access_announced_at: string | null };
type EarlyData = EarlyAccessVerdict & { hours: number };

/** The product page's early access notice: "Ouvert à tous le 12 déc. à 10:00". */
export function earlyAccessProductSection(clock: Clock): ProductPageExtension {
  return {
    name: 'campaigns.early_access',
    async load(db: DbOrTx, input): Promise<EarlyData | null> {
      const now = clock.now();
      const [row] = await queryRows<LaunchRow>(
        db,
        sql`select launches_at, early_access_hours, early_access_announced_at from products
            where id = ${input.productId} and launches_at > ${now.toISOString()}::timestamptz`,
      );
      if (!row) return null;
      const verdict = await earlyAccessGate(db, {
        brandId: input.brandId,
        accountId: input.viewerId,
        opensToAllAt: new Date(row.launches_at),
        earlyHours: row.early_access_hours,
        announcedAt: row.early_access_announced_at ? new Date(row.early_access_announced_at) : null,
        now,
      });
      return { ...verdict, hours: row.early_access_hours };
    },
    render(v, data) {
      if (!data) return null;
      const d = data as EarlyData;
      return (
        <section class="card early-access" aria-labelledby="early-access-title" data-early-access={d.phase}>
          <h2 id="early-access-title">{v.t('early.title')}</h2>
          <p>
            <strong>{v.t('early.open_to_all', { date: whenText(d.opensToAllAt, v.locale) })}</strong>
          </p>
          {d.hours > 0 ? (
            d.qualifies ? (
              <p class="early-access-you">
                {d.allowed
                  ? v.t('early.for_you')
                  : v.t('early.opens_for_you', { date: whenText(d.opensForYouAt, v.locale) })}
              </p>
            ) : (
              <p class="muted">{v.t('early.followers_from', { date: whenText(d.earlyFrom, v.locale) })}</p>
            )
          ) : null}
        </section>
      );
    },
  };
}

/** "Ordered in the pop-up store X" on the order's page, for the buyer and the brand's team. */
export const popupOrderSection: OrderPageExtension = {
  name: 'campaigns.popup_order',
  async load(db: DbOrTx, { detail }) {
    const [row] = await queryRows<{ id: string; title: string }>(
      db,
      sql`select p.id, p.title from popup_orders po join popups p on p.id = po.popup_id where po.order_id = ${detail.order.id}`,
    );
    return row ?? null;
  },
  render(v, data) {
    if (!data) return null;
    const popup = data as { id: string; title: string };
    return (
      <p class="card popup-attribution" data-popup-id={popup.id}>
        <a href={popupPath(popup.id)}>{v.t('popup.order_through', { title: popup.title })}</a>
      </p>
    );
  },
};
