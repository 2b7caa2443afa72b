/**
 * The `privacy.erase` job: after an account is closed (close.ts), the personal data left in every
 * table goes. Rows kept for someone else are scrubbed in place (scrub.ts); every other row that
 * points at the account through a foreign key is found in the catalog and deleted (or its pointer
 * cleared when the key says `set null`), so a table added later is covered without a change here.
 * Safe to run again: each step only finds what is still there.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { discardImages } from '../../media';
import { enqueue } from '../../../jobs/queue';
import { deleteExportsOf } from '../exports/service';
import { filesOf, scrubs } from './scrub';

/** How long the actor's Delete has to reach the followers' servers before its jobs are swept. */
const SWEEP_AFTER_MS = 6 * 3600_000;

/**
 * Foreign keys to accounts whose rows stay (scrubbed by scrub.ts): kept for a brand by law or
 * for its own records, each pointing at the tombstone, which is shown as a deleted account.
 */
const KEPT = new Set([
  'orders.buyer_id',
  'inbox_conversations.customer_id',
  'inbox_messages.author_id',
  'privacy_requests.account_id',
  'ambassadors.account_id',
  'presale_pledges.account_id',
  'ambassador_visits.account_id',
]);

type ForeignKey = { table_name: string; column_name: string; on_delete: string };

/** Every single-column foreign key to accounts(id), read from the catalog at each run. */
async function keysToAccounts(ctx: Pick<AppContext, 'db'>): Promise<ForeignKey[]> {
  return queryRows<ForeignKey>(
    ctx.db,
    sql`select c.conrelid::regclass::text as table_name, a.attname::text as column_name, c.confdeltype::text as on_delete
          from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
         where c.contype = 'f' and c.confrelid = 'accounts'::regclass and array_length(c.conkey, 1) = 1
         order by 1, 2`,
  );
}

export async function eraseAccountData(
  ctx: Pick<AppContext, 'db' | 'log' | 'media'>,
  { accountId, files: profileFiles = [], sweep = false }: { accountId: string; files?: string[]; sweep?: boolean },
) {
  const [account] = await queryRows<{ deleted_at: unknown }>(
    ctx.db,
    sql`select deleted_at from accounts where id = ${accountId}`,
  );
  // Only a closed account is ever erased: a job that names another one does nothing.
  if (!account?.deleted_at) return;
  const files = [...profileFiles, ...(await filesOf(ctx.db, accountId))];
  const failures: string[] = [];
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run(); // one statement: atomic on its own
    } catch (error) {
      failures.push(name);
      ctx.log.error({ err: error, step: name }, 'privacy.erase: a step failed');
    }
  };
  // The actor's Delete, still to be sent, signs with the account's keys: they go once it is sent.
  const actorDelete = await queryRows<{ pending: boolean }>(
    ctx.db,
    sql`select done_at is null as pending from jobs
         where kind = 'federation.delete_actor' and payload ->> 'accountId' = ${accountId}`,
  );
  const deleteToSend = actorDelete.filter((j) => j.pending);
  for (const scrub of scrubs(accountId)) await step(scrub.name, () => queryRows(ctx.db, scrub.statement));
  // Data archives: their files in the media store first (the sweep below would only drop the rows).
  await step('account_exports', () => deleteExportsOf(ctx, accountId));
  for (const key of await keysToAccounts(ctx)) {
    const name = `${key.table_name}.${key.column_name}`;
    if (KEPT.has(name) || (deleteToSend.length && key.table_name === 'federation_keys')) continue;
    const table = sql.identifier(key.table_name);
    const column = sql.identifier(key.column_name);
    await step(name, () =>
      queryRows(
        ctx.db,
        key.on_delete === 'n'
          ? sql`update ${table} set ${column} = null where ${column} = ${accountId}`
          : sql`delete from ${table} where ${column} = ${accountId}`,
      ),
    );
  }
  await discardImages(
    ctx.media,
    files.map((path) => ({ path, previewPath: '' })),
  ).catch((error: unknown) => ctx.log.warn({ err: error }, 'privacy.erase: a media file was not deleted'));
  // The Delete's deliveries carry the old actor's URI: once they are done, a later run sweeps them.
  if (actorDelete.length && !sweep)
    await enqueue(ctx.db, 'privacy.erase', { accountId, sweep: true }, new Date(Date.now() + SWEEP_AFTER_MS));
  // A step that failed makes the job fail, so it is retried (and seen in the logs and metrics).
  if (failures.length) throw new Error(`privacy.erase: steps failed: ${failures.join(', ')}`);
}
