import { createFederation, type Message } from '@fedify/fedify';
import type { AppContext } from '../../context';
import { actorOf, localAccount } from './actors';
import { registerCollections } from './collections';
import { paths, type Fed, type FedContext, type FederationData } from './context';
import { registerInbox } from './inbox';
import { instanceActor, instanceKeyPairs, INSTANCE_ACTOR } from './instance-actor';
import { keyPairsOf } from './keys';
import { databaseKvStore } from './kv';
import { registerObjects } from './objects';
import { jobMessageQueue } from './queue';

// One Fedify federation per running app (tests run several apps in one process).
const federations = new WeakMap<AppContext, Fed>();

/** The app's Fedify federation: dispatchers, inbox listeners, our key–value store and job queue. */
export function federationOf(app: AppContext): Fed {
  let federation = federations.get(app);
  if (!federation) {
    federation = buildFederation(app);
    federations.set(app, federation);
  }
  return federation;
}

/** A Fedify context outside any request (jobs, services), on the operator's public URL. */
export function federationContext(app: AppContext): FedContext {
  return federationOf(app).createContext(new URL(app.config.publicUrl), app);
}

/** The `federation.task` job: one of Fedify's queued tasks (fan-out, one delivery, one received activity). */
export async function runFederationTask(app: AppContext, payload: { message: unknown }): Promise<void> {
  await federationOf(app).processQueuedTask(app, payload.message as Message);
}

function buildFederation(app: AppContext): Fed {
  const federation = createFederation<FederationData>({
    kv: databaseKvStore(app.db),
    queue: jobMessageQueue(app.database),
    // Our job runner calls processQueuedTask; Fedify never polls a queue of its own.
    manuallyStartQueue: true,
    // Development and tests only (COMPTOIR_FEDERATION_ALLOW_PRIVATE, refused with an https URL).
    allowPrivateAddress: app.config.federationAllowPrivate,
    userAgent: { software: 'Comptoir/0.1.0', url: new URL(app.config.publicUrl) },
  });
  federation
    .setActorDispatcher(paths.actor, async (ctx, identifier) => {
      if (identifier === INSTANCE_ACTOR) return instanceActor(ctx, await ctx.getActorKeyPairs(identifier));
      const account = await localAccount(ctx, identifier);
      return account ? actorOf(ctx, account) : null;
    })
    .setKeyPairsDispatcher(async (ctx, identifier) => {
      if (identifier === INSTANCE_ACTOR) return instanceKeyPairs(ctx);
      const account = await localAccount(ctx, identifier);
      return account ? keyPairsOf(ctx.data.db, account.id) : [];
    })
    // WebFinger's acct:name@host, case-insensitively, to the account's username as written.
    .mapHandle(async (ctx, handle) => (await localAccount(ctx, handle))?.username ?? null);
  registerCollections(federation);
  registerObjects(federation);
  registerInbox(federation);
  return federation;
}
