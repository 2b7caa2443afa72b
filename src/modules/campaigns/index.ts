// The campaigns module's public face: each part's named exports, one block per part.
// sales: price history, price rules, sale and reference prices (docs/campaigns-sales.md).
export {
  createPriceRule,
  deletePriceRule,
  endPriceRule,
  lineSales,
  listPriceRules,
  priceHistory,
  recordLineSales,
  recordPrices,
  REFERENCE_DAYS,
  salePrices,
  salesRoutes,
  updatePriceRule,
  type PricePeriod,
  type PriceRule,
  type PriceRuleInput,
  type SalesContext,
} from './sales';
