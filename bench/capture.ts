/**
 * The statement a query function would send, without a database: a stand-in that records it
 * (sent plainly, or as a prepared statement through db/prepared.ts) and answers no rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../src/db/client';

type Built = { sql: string; params: unknown[] };

/** A built statement (`$1`… placeholders and their values) as a Drizzle statement again. */
function fromBuilt(built: Built): SQL {
  const parts = built.sql.split(/\$(\d+)/);
  const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${built.params[Number(part) - 1]}`));
  return sql.join(chunks, sql``);
}

export async function captureSql(work: (db: Db) => Promise<unknown>): Promise<SQL> {
  let captured: SQL | undefined;
  const fake = {
    execute: async (query: SQL) => ((captured = query), { rows: [] }),
    _: {
      session: {
        prepareQuery: (built: Built) => ({ execute: async () => ((captured = fromBuilt(built)), { rows: [] }) }),
      },
    },
  } as unknown as Db;
  await work(fake);
  if (!captured) throw new Error('no query captured');
  return captured;
}
