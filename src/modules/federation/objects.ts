import type { Fed } from './context';

/** Our posts as `Note` (and polls as `Question`) at their ActivityPub ids. */
export function registerObjects(_federation: Fed): void {}
