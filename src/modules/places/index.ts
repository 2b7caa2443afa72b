// The places module's only door: stores on the map, check-ins, tips, badges, mayors and specials.
export type { CheckinEffects, CountedCheckin } from './effects';
export type { CheckinVisibility, NotCountedReason, OpeningHours, PlaceStatus, SpecialKind } from './schema';
export { boundingBox, EARTH_RADIUS_M, haversineM, parisDay, type Box } from './geo';
export {
  categoryName,
  categoryCodes,
  checkLat,
  checkLon,
  checkRadius,
  MAX_COMMENT,
  placeCategories,
  RADIUS,
  type PlaceCategory,
} from './validation';
export { loadPlace, managesPlace, placeForEdit, type PlaceRow } from './access';
export {
  createPlace,
  getPlace,
  listBrandPlaces,
  liveSpecials,
  placeIsLive,
  removePlace,
  setPlaceHidden,
  suggestPlace,
  updatePlace,
  type PlaceInput,
  type PlacePhoto,
  type PlacesContext,
  type PlaceView,
  type SpecialView,
} from './places';
export { checkNearby, distanceSql, nearbyPlaces, NEARBY, type NearbyOptions, type NearbyPlace } from './nearby';
export {
  ACCURACY_CAP_M,
  checkIn,
  checkinPostText,
  implausibleTravel,
  listOwnCheckins,
  MAX_SPEED_KMH,
  reachOf,
  type CheckinContext,
  type CheckinInput,
  type CheckinResult,
} from './checkin';
// Badges, mayors, specials, codes, tips and dashboards (pfun).
export { applyCheckinEffects } from './effects';
export { badgeRules, badgesOf, badgeWords, type EarnedBadge } from './badges';
export { MAYOR_WINDOW_DAYS, recomputeMayor, runMayorSweep, scheduleMayorSweep, sweepMayors } from './mayor';
export { createSpecial, deactivateSpecial, listSpecials, type Special } from './specials';
export { CODE_ALPHABET, CODE_LENGTH, type Unlocked } from './unlocks';
export { myCodes, redeemCode, type MyCode, type Redeemed } from './redeem';
export { createTip, likeTip, listTips, tipSubject, unlikeTip, type TipView } from './tips';
export { dashboardCsv, dashboardFor, placeDashboard, type PlaceDashboard } from './dashboard';
// Places on profile pages (pweb): badges, a brand's places.
export { placesProfileSection } from './profile-section';
export { departementOf, geocode, normalizePlaceName, type Geocoded } from './geocode';
export {
  placeUrl,
  presentCheckin,
  presentCreated,
  presentNearby,
  presentOwnCheckin,
  presentPlace,
  presentSpecial,
  shopUrl,
  type OwnCheckin,
} from './present';
