// Campaigns' sales: price history, price rules, sale and reference prices (docs/campaigns-sales.md).
export { priceHistory, recordPrices } from './history';
export type { PricePeriod } from './history';
export { lineSales, recordLineSales } from './order-lines';
export { REFERENCE_DAYS, salePrices } from './pricing';
export {
  createPriceRule,
  deletePriceRule,
  endPriceRule,
  listPriceRules,
  updatePriceRule,
} from './rules';
export type { PriceRule, PriceRuleInput, SalesContext } from './rules';
export { salesRoutes } from './routes';
