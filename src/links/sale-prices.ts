/**
 * Campaigns' price rules on commerce's prices: the catalog records every price it writes in the
 * price history, shop pages and checkouts read sale prices at the app clock's time, and orders
 * keep the sale of their lines (commerce's pricing hooks, see commerce/extensions.ts).
 */
import type { Clock } from '../lib/clock';
import { lineSales, recordLineSales, recordPrices, salePrices } from '../modules/campaigns';
import { pricingHooks } from '../modules/commerce';

export function registerSalePrices(app: { clock: Clock }) {
  pricingHooks.register({
    name: 'campaigns.sales',
    recordPrices: (tx, rows) => recordPrices(tx, app.clock.now(), rows),
    salePrices: (db, variantIds) => salePrices(db, app.clock.now(), variantIds),
    recordLineSales,
    lineSales,
  });
}
