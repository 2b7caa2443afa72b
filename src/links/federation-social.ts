import type { AppExtensions } from './extensions';
import { queueAct, remoteAccountViewed, resolveHandle } from '../modules/federation';

/**
 * Federation hears what our accounts do (social acts, profile changes, new posts) and turns it
 * into ActivityPub deliveries queued with the write.
 */
export function registerFederation(extensions: AppExtensions, app: { federation: boolean }): void {
  if (!app.federation) {
    extensions.socialActs.unregister('federation');
    extensions.accountResolvers.unregister('federation');
    return;
  }
  extensions.socialActs.register({ name: 'federation', onAct: queueAct });
  // Discovery: search and lookups find remote accounts by handle; remote profiles are refreshed when shown.
  extensions.accountResolvers.register({
    name: 'federation',
    resolve: async (app, query) => (await resolveHandle(app, query)).id,
    viewed: remoteAccountViewed,
  });
}
