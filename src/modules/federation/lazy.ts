/**
 * Fedify, its vocabulary and their dependencies (JSON-LD, X.509, Temporal) cost a node tens of
 * MB (docs/architecture.md, "Memory and start"): they load at the first federation request or
 * job, not at start, so a node that does not federate does not carry them. Each function here
 * loads runtime.ts, then calls its namesake.
 */
type Runtime = typeof import('./runtime');

let runtime: Promise<Runtime> | undefined;
/** The module's Fedify side, loaded once. */
export const loadFederation = (): Promise<Runtime> => (runtime ??= import('./runtime'));

type AsyncName = {
  [K in keyof Runtime]: Runtime[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Runtime];

function later<K extends AsyncName>(name: K): Runtime[K] {
  const call = async (...args: unknown[]) =>
    ((await loadFederation())[name] as (...args: unknown[]) => Promise<unknown>)(...args);
  return call as Runtime[K];
}

export const runFederationTask = later('runFederationTask');
export const sendAct = later('sendAct');
export const cacheRemoteMedia = later('cacheRemoteMedia');
export const importPostObject = later('importPostObject');
export const resolveHandle = later('resolveHandle');
export const remoteAccountViewed = later('remoteAccountViewed');
export const publishPost = later('publishPost');
export const sendActorActivity = later('sendActorActivity');
export const sendFlag = later('sendFlag');
export const sendActorDelete = later('sendActorDelete');
export const addAlias = later('addAlias');
export const removeAlias = later('removeAlias');
export const moveAccount = later('moveAccount');
