import type { Activity, DocumentLoader, Object as APObject, Recipient } from '@fedify/vocab';
import type { AppContext } from '../../../context';
import type { FedContext } from '../context';

/**
 * What an inbound handler needs, cut from Fedify's inbox context so handlers can be fed
 * fixtures in tests: the app, a Fedify context (actor URIs, persistActor), remote lookups and
 * sending an answer (Accept, Reject) as one of our accounts.
 */
export type Inbound = {
  app: AppContext;
  fed: FedContext;
  documentLoader: DocumentLoader;
  contextLoader: DocumentLoader;
  /** A remote document as a vocabulary object; null when it cannot be fetched or parsed. */
  lookup(url: URL): Promise<APObject | null>;
  send(username: string, to: Recipient, activity: Activity): Promise<void>;
};

/** From Fedify's inbox context, or any context (discovery importing a post it fetched). */
export function inboundOf(ctx: FedContext): Inbound {
  return {
    app: ctx.data,
    fed: ctx,
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
    lookup: (url) => ctx.lookupObject(url).catch(() => null),
    send: (username, to, activity) => ctx.sendActivity({ identifier: username }, to, activity),
  };
}

/** Options for a vocabulary object's getters: our loaders, and no throw on what cannot be fetched. */
export const loaders = (inb: Inbound) => ({
  documentLoader: inb.documentLoader,
  contextLoader: inb.contextLoader,
  suppressError: true,
});
