import type { AppExtensions } from './extensions';
import {
  importPostObject,
  noteExtensions,
  queueFlag,
  publishPost,
  queueAct,
  queueProfileUpdate,
  reachesFediverse,
  remoteAccountViewed,
  remoteObjectImporters,
  resolveHandle,
} from '../modules/federation';
import { reportForwarders } from '../modules/moderation';
import { productNotes } from './federation-products';

/**
 * Federation hears what our accounts do (social acts, profile changes, new posts) and turns it
 * into ActivityPub deliveries queued with the write; search and profiles find remote accounts.
 */
export function registerFederation(extensions: AppExtensions, app: { federation: boolean }): void {
  if (!app.federation) {
    extensions.socialActs.unregister('federation');
    extensions.accountResolvers.unregister('federation');
    extensions.statuses.unregister('federation');
    extensions.profiles.unregister('federation');
    noteExtensions.unregister('products');
    remoteObjectImporters.unregister('posts');
    reportForwarders.unregister('federation');
    return;
  }
  extensions.socialActs.register({ name: 'federation', onAct: queueAct });
  // Discovery: search and lookups find remote accounts by handle; remote profiles are refreshed when shown.
  extensions.accountResolvers.register({
    name: 'federation',
    resolve: async (app, query) => (await resolveHandle(app, query)).id,
    viewed: remoteAccountViewed,
  });
  // Posts discovery fetches (a pasted URL, a remote profile's recent posts) are stored like delivered ones.
  remoteObjectImporters.register({ name: 'posts', importObject: importPostObject });
  // A new post of ours with an audience on other servers: its Create, once committed.
  extensions.statuses.register({
    name: 'federation',
    afterInsert: (tx, { status }) => reachesFediverse(tx, status),
    published: publishPost,
  });
  extensions.profiles.register({ name: 'federation', onProfileUpdated: queueProfileUpdate });
  // Reports about remote accounts, forwarded to their server when the reporter asks.
  reportForwarders.register({ name: 'federation', forward: queueFlag });
  // Shoppable posts: their products travel with the Note.
  noteExtensions.register(productNotes);
}
