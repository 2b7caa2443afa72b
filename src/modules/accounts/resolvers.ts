/**
 * Remote accounts found on demand: search and lookups ask the registered resolvers (federation,
 * through src/links/) to turn a handle such as `@name@other.host` into a stored account, and
 * tell them when a remote profile is shown (to refresh it and fetch its recent posts). Without a
 * resolver (federation off), only accounts already known are found.
 */
import type { AppContext } from '../../context';
import { createRegistry, type Registry } from '../../lib/registry';

export type AccountResolver = {
  name: string;
  /** The id of the account a handle or profile URL names, stored here; null when it names none. */
  resolve(app: AppContext, query: string): Promise<string | null>;
  /** A remote account's profile is being shown. Must not throw; bounded in time. */
  viewed?(app: AppContext, accountId: string): Promise<void>;
};

/** On the app context as `extensions.accountResolvers` (src/links/extensions.ts). */
export const accountResolvers: Registry<AccountResolver> = createRegistry<AccountResolver>();

/** `@name@host` or `name@host` with a host other than ours: a handle only a resolver can find. */
export function remoteHandleOf(query: string, publicUrl: string): string | null {
  const match = /^@?([A-Za-z0-9_.~-]{1,64})@([A-Za-z0-9.-]+(?::\d{1,5})?)$/.exec(String(query ?? '').trim());
  if (!match) return null;
  const host = match[2]!.toLowerCase();
  return host === new URL(publicUrl).host.toLowerCase() ? null : `${match[1]}@${host}`;
}

/** The first resolver's answer; failures (bad handle, unreachable server) read as none found. */
export async function resolveAccount(app: AppContext, query: string): Promise<string | null> {
  for (const resolver of accountResolvers.list()) {
    const id = await resolver.resolve(app, query).catch(() => null);
    if (id) return id;
  }
  return null;
}

/** Tells the resolvers a remote profile is being shown. */
export async function remoteAccountShown(app: AppContext, accountId: string): Promise<void> {
  for (const resolver of accountResolvers.list()) await resolver.viewed?.(app, accountId).catch(() => undefined);
}
