// The places module's only door: stores on the map, check-ins, tips, badges, mayors and specials.
export type { CheckinEffects, CountedCheckin } from './effects';
export type { CheckinVisibility, OpeningHours, PlaceStatus, SpecialKind } from './schema';
