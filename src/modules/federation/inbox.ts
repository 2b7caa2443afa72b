import { Activity } from '@fedify/vocab';
import type { Fed } from './context';
import { paths } from './context';
import { safely } from './inbound/guard';
import { routeActivity } from './inbound/route';

/**
 * What remote servers deliver to our inboxes (personal and shared). Fedify verifies the HTTP
 * signature (401 otherwise) and that the key is the actor's; inbound/route.ts hands each
 * activity to its handler, which checks who owns what it touches (inbound/guard.ts) and drops,
 * never fails, what it cannot handle.
 */
export function registerInbox(federation: Fed): void {
  federation
    .setInboxListeners(paths.inbox, paths.sharedInbox)
    .on(
      Activity,
      safely('inbound', async (inb, activity) => void (await routeActivity(inb, activity))),
    )
    .onError((ctx, error) => ctx.data.log.warn({ err: error }, 'inbox error'));
}
