/**
 * Campaigns' contests ↔ social: a contest's result post is recorded on the contest in the post's
 * own transaction, so a draw job run twice (or again after a crash) never posts the result twice.
 */
import { contestResultExtension } from '../modules/campaigns';
import type { AppExtensions } from './extensions';

export function registerContestResults(extensions: AppExtensions) {
  extensions.statuses.register(contestResultExtension);
}
