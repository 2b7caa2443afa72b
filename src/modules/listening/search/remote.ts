/**
 * Remote accounts in search: a query that is a handle on another server (`@name@other.host`) or,
 * for a signed-in caller asking to resolve, a profile URL, answers that account first. Resolving
 * (fetching it from its server) is for signed-in callers only, as on Mastodon; otherwise only
 * accounts already known here match. Blocks, mutes and suspensions apply as to every account hit.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { findByUsername, getAccounts, remoteHandleOf, resolveAccount, type Account } from '../../accounts';
import { graphAllows } from '../../social';
import type { SearchResults } from './results';

export type RemoteSearch = { viewerId: string | null; resolve: boolean };

/** The account a handle or (resolving) URL query names, when the viewer may see it; else null. */
export async function remoteAccountOf(ctx: AppContext, query: string, o: RemoteSearch): Promise<Account | null> {
  const handle = remoteHandleOf(query, ctx.config.publicUrl);
  const url = /^https?:\/\/\S+$/i.test(query.trim()) ? query.trim() : null;
  if (!handle && !url) return null;
  const resolving = o.resolve && o.viewerId !== null;
  let id: string | null = null;
  if (resolving) id = await resolveAccount(ctx, handle ?? url!);
  else if (handle) id = (await findByUsername(ctx, handle))?.id ?? null;
  if (!id) return null;
  const [visible] = await queryRows<{ id: string }>(
    ctx.db,
    sql`select a.id from accounts a
        where a.id = ${id} and a.suspended_at is null and ${graphAllows(o.viewerId, sql`a.id`, { mutes: true })}`,
  );
  return visible ? ((await getAccounts(ctx, [id])).get(id) ?? null) : null;
}

/** The results with this account first among the accounts (once). */
export function withAccountFirst(results: SearchResults, account: Account | null): SearchResults {
  if (!account) return results;
  const others = results.accounts.filter((h) => h.account.id !== account.id);
  const name = [{ text: account.displayName || account.username, mark: false }];
  return { ...results, accounts: [{ account, name }, ...others] };
}
