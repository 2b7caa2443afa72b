/**
 * Discovery: a handle (`@name@host`, `name@host`) or an actor / profile URL to the stored remote
 * account, and a pasted post URL to the stored post. WebFinger and ActivityPub lookups go through
 * Fedify (private addresses refused unless COMPTOIR_FEDERATION_ALLOW_PRIVATE), each bounded in
 * time so a slow server never holds a request. Known accounts are answered from the database and
 * refreshed when older than a day.
 */
import { type Actor, isActor, type Object as APObject } from '@fedify/vocab';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { notFound, unprocessable } from '../../lib/errors';
import { isPrivateAddress } from '../../lib/outbound';
import type { FedContext } from './context';
import { federationContext } from './federation';
import { queueRemoteImages } from './avatars';
import { remoteObjectImporters } from './importers';
import { databaseKvStore } from './kv';
import { isFresh, persistActor, type RemoteAccount } from './remote';

/** How long one remote lookup (WebFinger and the actor's document) may take. */
export const LOOKUP_TIMEOUT_MS = 10_000;

/** The account found: a remote one (its domain), or ours when the handle names our server (domain null). */
export type ResolvedAccount = { id: string; username: string; domain: string | null };

const NAME = /^[A-Za-z0-9_.~-]{1,64}$/;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;

type Parsed = { kind: 'handle'; name: string; host: string } | { kind: 'url'; url: URL };

/** Reads `@name@host`, `name@host` or an http(s) URL; anything else is a 422 `invalid_handle`. */
export function parseRemoteQuery(input: string): Parsed {
  const text = String(input ?? '').trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      return { kind: 'url', url: new URL(text) };
    } catch {
      throw unprocessable('invalid_handle', 'This address cannot be read');
    }
  }
  const match = /^@?([^@\s]+)@([^@\s/]+)$/.exec(text);
  const host = match?.[2]?.toLowerCase() ?? '';
  if (!match || !NAME.test(match[1]!) || !HOST.test(host))
    throw unprocessable('invalid_handle', 'A handle reads @name@server.example');
  return { kind: 'handle', name: match[1]!, host };
}

/** A host we may not reach: private addresses are refused unless the operator allowed them (tests only). */
function assertReachable(app: AppContext, host: string, protocol = 'https:') {
  const hostname = host.replace(/:\d+$/, '');
  if (isPrivateAddress(hostname) && !app.config.federationAllowPrivate)
    throw unprocessable('private_address', 'This server is on a private network address');
  if (protocol === 'http:' && !app.config.federationAllowPrivate)
    throw unprocessable('insecure_url', 'Remote servers are reached over https only');
  if (protocol !== 'http:' && protocol !== 'https:') throw unprocessable('invalid_handle', 'Not a web address');
}

type Stored = RemoteAccount & { fetchedAt: Date | string; uri: string };

async function storedBy(app: AppContext, where: ReturnType<typeof sql>): Promise<Stored | null> {
  const [row] = await queryRows<Stored>(
    app.db,
    sql`select a.id, a.username, a.domain, r.fetched_at as "fetchedAt", r.uri
        from accounts a join remote_actors r on r.account_id = a.id where ${where} limit 1`,
  );
  return row ?? null;
}

/** Fedify's lookup of a URL or `acct:` handle, bounded in time; null when nothing usable answers. */
async function lookup(ctx: FedContext, target: string | URL): Promise<APObject | null> {
  try {
    return await ctx.lookupObject(target, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
  } catch {
    return null;
  }
}

/**
 * WebFinger over plain http, for our loopback test instances only: Fedify asks `acct:` handles
 * over https, which they do not speak. Answers the `self` link (the actor's id).
 */
async function webfingerOverHttp(name: string, host: string): Promise<URL | null> {
  const url = new URL(`http://${host}/.well-known/webfinger`);
  url.searchParams.set('resource', `acct:${name}@${host}`);
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/jrd+json' },
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      redirect: 'error',
    });
    if (!res.ok) return null;
    const jrd = (await res.json()) as { links?: { rel?: string; type?: string; href?: string }[] };
    const self = jrd.links?.find(
      (l) => l.rel === 'self' && /application\/(activity|ld)\+json/.test(l.type ?? '') && l.href,
    );
    return self?.href ? new URL(self.href) : null;
  } catch {
    return null;
  }
}

async function fetchActor(app: AppContext, parsed: Parsed): Promise<Actor | null> {
  const ctx = federationContext(app);
  let target: string | URL;
  if (parsed.kind === 'url') target = parsed.url;
  else if (app.config.federationAllowPrivate && isPrivateAddress(parsed.host.replace(/:\d+$/, ''))) {
    const self = await webfingerOverHttp(parsed.name, parsed.host);
    if (!self) return null;
    target = self;
  } else target = `acct:${parsed.name}@${parsed.host}`;
  const found = await lookup(ctx, target);
  return found && isActor(found) ? found : null;
}

/** Fetches and stores; on failure answers what we had (a stale account beats none), else a 404. */
async function refresh(app: AppContext, parsed: Parsed, known: Stored | null): Promise<ResolvedAccount> {
  const actor = await fetchActor(app, parsed);
  if (!actor) {
    if (known) return { id: known.id, username: known.username, domain: known.domain };
    throw notFound('Account', 'remote_account_not_found');
  }
  let stored: RemoteAccount;
  try {
    stored = await persistActor(federationContext(app), actor);
  } catch {
    // An actor claiming our domain, or a handle one of ours holds.
    throw unprocessable('invalid_actor', 'This server answered an actor we cannot store');
  }
  // Its pictures are copied here by a job (at most once a day per account: refreshes are that rare).
  await queueRemoteImages(app.db, stored.id);
  return stored;
}

/**
 * The account a handle (`@name@host`, `name@host`) or an actor / profile URL names, stored here
 * (created or refreshed when older than a day). Our own handles answer our account.
 * Errors: 422 `invalid_handle`, `private_address`, `insecure_url`, `invalid_actor`;
 * 404 `remote_account_not_found` (nothing answered in time, or not an actor).
 */
export async function resolveHandle(app: AppContext, handle: string): Promise<ResolvedAccount> {
  const parsed = parseRemoteQuery(handle);
  const ours = new URL(app.config.publicUrl).host.toLowerCase();
  const host = parsed.kind === 'handle' ? parsed.host : parsed.url.host.toLowerCase();
  if (host === ours) {
    const name = parsed.kind === 'handle' ? parsed.name : /^\/(?:@|users\/)([^/@]+)\/?$/.exec(parsed.url.pathname)?.[1];
    const [row] = name
      ? await queryRows<ResolvedAccount>(
          app.db,
          sql`select id, username, domain from accounts where lower(username) = ${name.toLowerCase()} and domain is null`,
        )
      : [];
    if (!row) throw notFound('Account', 'account_not_found');
    return row;
  }
  assertReachable(app, host, parsed.kind === 'url' ? parsed.url.protocol : 'https:');
  const known =
    parsed.kind === 'handle'
      ? await storedBy(app, sql`lower(a.username) = ${`${parsed.name}@${parsed.host}`.toLowerCase()}`)
      : await storedBy(app, sql`r.uri = ${parsed.url.href} or r.url = ${parsed.url.href}`);
  if (known && isFresh(app.clock.now(), known.fetchedAt))
    return { id: known.id, username: known.username, domain: known.domain };
  // A known account is refreshed from its id (no WebFinger), past Fedify's cache of remote documents.
  if (known) await databaseKvStore(app.db).delete(['_fedify', 'remoteDocument', known.uri]);
  return refresh(app, known ? { kind: 'url', url: new URL(known.uri) } : parsed, known);
}

/** Hands an object to the registered importers; the first id answered wins. */
export async function importRemoteObject(ctx: FedContext, object: APObject): Promise<string | null> {
  for (const importer of remoteObjectImporters.list()) {
    const id = await importer.importObject(ctx, object).catch(() => null);
    if (id) return id;
  }
  return null;
}

/**
 * The post a pasted URL names: ours or already stored, else fetched and stored through the
 * registered importer. Errors: 422 `invalid_url`, `private_address`, `insecure_url`;
 * 404 `remote_status_not_found`.
 */
export async function resolveStatus(app: AppContext, input: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(String(input ?? '').trim());
  } catch {
    throw unprocessable('invalid_url', 'This address cannot be read');
  }
  const ours = new URL(app.config.publicUrl);
  if (url.host.toLowerCase() === ours.host.toLowerCase()) {
    const id = /\/([0-9a-f-]{36})\/?$/i.exec(url.pathname)?.[1]?.toLowerCase();
    const [row] = id ? await queryRows<{ id: string }>(app.db, sql`select id from statuses where id = ${id}`) : [];
    if (!row) throw notFound('Status', 'remote_status_not_found');
    return row.id;
  }
  assertReachable(app, url.host.toLowerCase(), url.protocol);
  const [known] = await queryRows<{ id: string }>(
    app.db,
    sql`select id from statuses where uri = ${url.href} or url = ${url.href} limit 1`,
  );
  if (known) return known.id;
  const ctx = federationContext(app);
  const object = await lookup(ctx, url);
  const id = object && !isActor(object) ? await importRemoteObject(ctx, object) : null;
  if (!id) throw notFound('Status', 'remote_status_not_found');
  return id;
}
