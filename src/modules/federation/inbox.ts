import type { Fed } from './context';
import { paths } from './context';

/** What remote servers deliver to our inboxes (personal and shared). */
export function registerInbox(federation: Fed): void {
  federation.setInboxListeners(paths.inbox, paths.sharedInbox);
}
