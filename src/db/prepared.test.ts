import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/support/database';
import { queryRows, type Database } from './client';
import { preparedSqlRows } from './prepared';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const statement = (n: number, label: string) =>
  sql`select ${n}::int * 2 as doubled, ${label}::text as label, now() = now() as same`;
const onlyHere = (n: number) => sql`select ${n}::int * 3 as tripled`;

describe('preparedSqlRows', () => {
  it('answers what queryRows answers, outside and inside a transaction, for changing values', async () => {
    for (const [n, label] of [
      [1, 'un'],
      [2, "l'été"],
      [3, '$1 -- pas du SQL'],
    ] as const) {
      const plain = await queryRows(database.db, statement(n, label));
      expect(await preparedSqlRows(database.db, statement(n, label))).toEqual(plain);
      const inside = await database.db.transaction((tx) => preparedSqlRows(tx, statement(n, label)));
      expect(inside).toEqual([{ doubled: n * 2, label, same: true }]);
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    "on a server, a transaction's connection prepares the statement once and reuses it",
    async () => {
      const counts = await database.db.transaction(async (tx) => {
        for (let n = 0; n < 7; n++) expect(await preparedSqlRows(tx, onlyHere(n))).toEqual([{ tripled: n * 3 }]);
        return queryRows<{ statements: number; runs: number }>(
          tx,
          sql`select count(*)::int as statements, coalesce(sum(generic_plans + custom_plans), 0)::int as runs
              from pg_prepared_statements where statement = 'select $1::int * 3 as tripled'`,
        );
      });
      expect(counts).toEqual([{ statements: 1, runs: 7 }]);
    },
  );
});
