/**
 * Posts ↔ watches: the listening module's matcher plugs into social's extension points (the
 * `status.published` job of every public original post), registered by src/boot.ts. Social
 * knows nothing of watches.
 */
import { watchMatcher } from '../modules/listening';
import type { AppExtensions } from './extensions';

export function registerWatchMatching(extensions: Pick<AppExtensions, 'statuses'>) {
  extensions.statuses.register(watchMatcher);
}
