// The places module's only door: stores on the map, check-ins, tips, badges, mayors and specials.
export type { CheckinEffects, CountedCheckin } from './effects';
export type { CheckinVisibility, OpeningHours, PlaceStatus, SpecialKind } from './schema';
// Badges, mayors, specials, codes, tips and dashboards (pfun).
export { applyCheckinEffects } from './effects';
export { badgeRules, badgesOf, badgeWords, type EarnedBadge } from './badges';
export { MAYOR_WINDOW_DAYS, recomputeMayor, runMayorSweep, scheduleMayorSweep, sweepMayors } from './mayor';
export { createSpecial, currentSpecials, deactivateSpecial, listSpecials, type Special } from './specials';
export { CODE_ALPHABET, CODE_LENGTH, type Unlocked } from './unlocks';
export { myCodes, redeemCode, type MyCode, type Redeemed } from './redeem';
export { createTip, likeTip, listTips, tipSubject, unlikeTip, type TipView } from './tips';
export { dashboardCsv, dashboardFor, placeDashboard, type PlaceDashboard } from './dashboard';
