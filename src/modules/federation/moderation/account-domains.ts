/**
 * A person's own domain blocks (Mastodon's /api/v1/domain_blocks): they no longer see posts or
 * notifications from accounts of that server (social's rules read account_domain_blocks), and
 * their follows of accounts there, and those accounts' follows of them, are removed, as Mastodon
 * does. The domain is normalised as platform blocks are (domains.ts).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { unprocessable } from '../../../lib/errors';
import { unfollow } from '../../social';
import { normaliseDomain, ownDomain } from './domains';

export type DomainPage = { maxId?: string; sinceId?: string; minId?: string; limit?: number };

/**
 * The person's blocked domains, newest first. Cursors are domains (each names one block):
 * max_id = older than that block, since_id / min_id = newer.
 */
export async function myDomainBlocks(db: Db, accountId: string, page: DomainPage = {}): Promise<string[]> {
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 200);
  const at = (domain: string | undefined) =>
    domain
      ? sql`(select created_at from account_domain_blocks where account_id = ${accountId} and domain = ${domain})`
      : null;
  const before = at(page.maxId);
  const after = at(page.minId ?? page.sinceId);
  // (created_at, domain) orders blocks made in the same instant too.
  const rows = await queryRows<{ domain: string }>(
    db,
    sql`select domain from account_domain_blocks
        where account_id = ${accountId}
          ${before ? sql`and (created_at, domain) < (${before}, ${page.maxId})` : sql``}
          ${after ? sql`and (created_at, domain) > (${after}, ${page.minId ?? page.sinceId})` : sql``}
        order by created_at ${page.minId ? sql`asc` : sql`desc`}, domain ${page.minId ? sql`asc` : sql`desc`}
        limit ${limit}`,
  );
  const out = rows.map((r) => r.domain);
  return page.minId ? out.reverse() : out;
}

/** Blocks a server for this person (idempotent) and removes follows both ways with its accounts. */
export async function blockDomainForAccount(
  ctx: { db: Db; config: { publicUrl: string } },
  accountId: string,
  input: unknown,
): Promise<string> {
  const domain = normaliseDomain(input);
  if (domain === ownDomain(ctx.config.publicUrl)) throw unprocessable('own_domain', 'You cannot block your own server');
  await queryRows(
    ctx.db,
    sql`insert into account_domain_blocks (account_id, domain) values (${accountId}, ${domain}) on conflict do nothing`,
  );
  const pairs = await queryRows<{ follower_id: string; followee_id: string }>(
    ctx.db,
    sql`select f.follower_id, f.followee_id from follows f join accounts a on a.domain = ${domain}
        where (f.follower_id = ${accountId} and f.followee_id = a.id)
           or (f.followee_id = ${accountId} and f.follower_id = a.id)`,
  );
  // One at a time through social, so counters stay right and the unfollow acts are told (Undo Follow).
  for (const p of pairs) await unfollow(ctx, p.follower_id, p.followee_id);
  return domain;
}

export async function unblockDomainForAccount(db: Db, accountId: string, input: unknown): Promise<void> {
  const domain = normaliseDomain(input);
  await queryRows(db, sql`delete from account_domain_blocks where account_id = ${accountId} and domain = ${domain}`);
}
