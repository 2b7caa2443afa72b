import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';

// A plain read, apart from moves.ts: showing the aliases does not load Fedify (lazy.ts).
/** The ActivityPub ids of an account's aliases, oldest first. */
export async function aliasesOf(app: Pick<AppContext, 'db'>, accountId: string): Promise<string[]> {
  const rows = await queryRows<{ uri: string }>(
    app.db,
    sql`select uri from account_aliases where account_id = ${accountId} order by created_at, uri`,
  );
  return rows.map((r) => r.uri);
}
