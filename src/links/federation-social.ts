import type { AppExtensions } from './extensions';
import { queueAct } from '../modules/federation';

/**
 * Federation hears what our accounts do (social acts, profile changes, new posts) and turns it
 * into ActivityPub deliveries queued with the write.
 */
export function registerFederation(extensions: AppExtensions, app: { federation: boolean }): void {
  if (!app.federation) {
    extensions.socialActs.unregister('federation');
    return;
  }
  extensions.socialActs.register({ name: 'federation', onAct: queueAct });
}
