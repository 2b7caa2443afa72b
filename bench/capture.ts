/**
 * The statement a query function would send, without a database: a stand-in that records it
 * (sent plainly, or as a prepared statement through db/prepared.ts) and answers no rows.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { sqlOfText } from '../src/db/prepared';

type Built = { sql: string; params: unknown[] };

export async function captureSql(work: (db: Db) => Promise<unknown>): Promise<SQL> {
  let captured: SQL | undefined;
  const fake = {
    execute: async (query: SQL) => ((captured = query), { rows: [] }),
    _: {
      session: {
        prepareQuery: (built: Built) => ({
          execute: async () => ((captured = sqlOfText(built.sql, built.params)), { rows: [] }),
        }),
      },
    },
  } as unknown as Db;
  await work(fake);
  if (!captured) throw new Error('no query captured');
  return captured;
}
