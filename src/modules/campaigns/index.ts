// The campaigns module's public face (issue 13): each part lives in its own folder and adds its
// own export block here. Named exports only; tables are reached through src/db/schema.ts.

// Pop-up stores and early access for followers (popups/).
export {
  announcePopup,
  campaignCheckoutGate,
  closePopup,
  createPopup,
  earlyAccessGate,
  earlyAccessProductSection,
  earlyAccessRefusal,
  earlyPhase,
  followTimes,
  getPopup,
  listBrandPopups,
  MAX_EARLY_ACCESS_HOURS,
  openPopup,
  popupOrderSection,
  popupPath,
  popupStatus,
  subscribeToPopup,
  updatePopup,
} from './popups';
export type { EarlyAccessSetting, EarlyAccessVerdict, EarlyPhase, Popup, PopupStatus, PopupsContext } from './popups';

// Contests with a verifiable draw (contests/).
export {
  ALGORITHM as CONTEST_ALGORITHM,
  contestResultExtension,
  createContest,
  enterContest,
  runContestDraw,
  type ContestsContext,
  type EntryKind as ContestEntryKind,
} from './contests';

// Sales that obey the law: price history, price rules, sale and reference prices (sales/).
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
  updatePriceRule,
  type PricePeriod,
  type PriceRule,
  type PriceRuleInput,
  type SalesContext,
} from './sales';

// Pre-sales with a threshold: pledges charged once the threshold is reached (presales/).
export {
  chargePledge,
  chargePresale,
  closePresaleAtDeadline,
  createPresale,
  findPresale,
  getPledge,
  getPresale,
  lapsePledge,
  myPledges,
  PAYMENT_GRACE_MS,
  pledge,
  updatePledgeMethod,
  withdrawPledge,
} from './presales';
export type { Pledge, Presale, PresalesContext } from './presales';

// Numbered limited editions (editions/).
export {
  checkEditionVariants,
  editionSection,
  lineUnits,
  numberedUnitsOf,
  numberPaidOrders,
  numbersOfLines,
  productEditions,
  withdrawOrderNumbers,
} from './editions';
export type { CertificateUnit, EditionSummary } from './editions';
