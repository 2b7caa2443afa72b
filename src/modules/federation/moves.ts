/**
 * Account migration, as Mastodon does it: an account names its other accounts (aliases,
 * `alsoKnownAs`); the old account then moves to the new one, which must list the old one among
 * its aliases (so nobody can claim another's followers). The move is sent to the old account's
 * followers' servers as `Move`; their servers make them follow the new account.
 */
import { type Actor, isActor, lookupObject } from '@fedify/vocab';
import { getDocumentLoader } from '@fedify/vocab-runtime';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { enqueue } from '../../jobs/queue';
import { DomainError, notFound, unprocessable } from '../../lib/errors';
import { federationContext } from './federation';
import { aliasesOf } from './aliases';
import type { RemoteAccount } from './remote';
import { parseRemoteQuery, resolveHandle } from './resolve';

export const MAX_ALIASES = 10;

/**
 * A remote account by its handle (`name@host`), through discovery's resolveHandle; `fresh`:
 * its actor fetched again past every cache (a move checks the target's aliases as they are now).
 */
export async function resolveRemote(
  app: AppContext,
  handle: string,
  fresh = false,
): Promise<{ account: RemoteAccount; actor: Actor }> {
  const missing = () => unprocessable('account_not_found', 'No account answers to this handle', { acct: handle });
  const parsed = parseRemoteQuery(handle);
  if (parsed.kind !== 'handle')
    throw unprocessable('invalid_handle', 'Give the account as name@server', { acct: handle });
  if (parsed.host === new URL(app.config.publicUrl).host.toLowerCase())
    throw unprocessable('local_account', 'This account is on this server', { acct: handle });
  const resolved = await resolveHandle(app, handle.trim()).catch((error) => {
    throw error instanceof DomainError && error.kind === 'not_found' ? missing() : error;
  });
  const [row] = await queryRows<{ uri: string }>(
    app.db,
    sql`select uri from remote_actors where account_id = ${resolved.id}`,
  );
  const ctx = federationContext(app);
  const documentLoader = fresh
    ? getDocumentLoader({ allowPrivateAddress: app.config.federationAllowPrivate })
    : ctx.documentLoader;
  const actor = row
    ? await lookupObject(row.uri, { documentLoader, contextLoader: ctx.contextLoader }).catch(() => null)
    : null;
  if (!actor || !isActor(actor)) throw missing();
  return { account: { id: resolved.id, username: resolved.username, domain: resolved.domain ?? '' }, actor };
}

/** Names a remote account as another of this local account's own (found by its handle). */
export async function addAlias(app: AppContext, accountId: string, handle: string): Promise<string[]> {
  await localOnly(app, accountId);
  const { account } = await resolveRemote(app, handle);
  const [actor] = await queryRows<{ uri: string }>(
    app.db,
    sql`select uri from remote_actors where account_id = ${account.id}`,
  );
  const count = (await aliasesOf(app, accountId)).length;
  if (count >= MAX_ALIASES) throw unprocessable('too_many_aliases', `At most ${MAX_ALIASES} aliases`);
  await queryRows(
    app.db,
    sql`insert into account_aliases (account_id, uri) values (${accountId}, ${actor.uri}) on conflict do nothing`,
  );
  return aliasesOf(app, accountId);
}

export async function removeAlias(app: AppContext, accountId: string, uri: string): Promise<string[]> {
  await queryRows(app.db, sql`delete from account_aliases where account_id = ${accountId} and uri = ${uri}`);
  return aliasesOf(app, accountId);
}

/**
 * Moves a local account to a remote one that lists it among its aliases: the account shows
 * where it went (`movedTo`), and a `Move` goes to its followers' servers (a job).
 */
export async function moveAccount(app: AppContext, accountId: string, targetHandle: string) {
  const username = await localOnly(app, accountId);
  const { account, actor } = await resolveRemote(app, targetHandle, true);
  const ours = federationContext(app).getActorUri(username).href;
  if (!actor.aliasIds.some((u) => u.href === ours))
    throw unprocessable('not_aliased', 'The new account must first list this one among its aliases', {
      acct: targetHandle,
      expected_alias: ours,
    });
  await app.db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`update accounts set moved_to_id = ${account.id}, updated_at = now() where id = ${accountId}`,
    );
    await enqueue(tx, 'federation.actor', { accountId, activity: 'move' });
  });
  return { movedTo: account, uri: actor.id!.href };
}

async function localOnly(app: Pick<AppContext, 'db'>, accountId: string): Promise<string> {
  const [row] = await queryRows<{ username: string }>(
    app.db,
    sql`select username from accounts where id = ${accountId} and domain is null`,
  );
  if (!row) throw notFound('Account');
  return row.username;
}
