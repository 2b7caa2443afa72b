import type { AppExtensions } from './extensions';
import {
  noteExtensions,
  publishPost,
  queueAct,
  queueProfileUpdate,
  reachesFediverse,
  remoteAccountViewed,
  resolveHandle,
} from '../modules/federation';
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
    return;
  }
  extensions.socialActs.register({ name: 'federation', onAct: queueAct });
  // Discovery: search and lookups find remote accounts by handle; remote profiles are refreshed when shown.
  extensions.accountResolvers.register({
    name: 'federation',
    resolve: async (app, query) => (await resolveHandle(app, query)).id,
    viewed: remoteAccountViewed,
  });
  // A new post of ours with an audience on other servers: its Create, once committed.
  extensions.statuses.register({
    name: 'federation',
    afterInsert: (tx, { status }) => reachesFediverse(tx, status),
    published: publishPost,
  });
  extensions.profiles.register({ name: 'federation', onProfileUpdated: queueProfileUpdate });
  // Shoppable posts: their products travel with the Note.
  noteExtensions.register(productNotes);
}
