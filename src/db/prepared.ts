/**
 * Hot statements planned once instead of at every request (issue 18: planning a page's
 * hydration cost PGlite more than running it). A statement is fixed text with $1..$n
 * parameters; its values are always sent as parameters, never spliced into the text.
 *
 * - PostgreSQL (a pool, or the replica's routing pool): a node-postgres named statement, which
 *   each connection prepares on first use and then only binds and executes.
 * - PGlite: its query() always sends an unnamed statement, so the statement is wrapped once in a
 *   PL/pgSQL function of the session's temporary schema (PGlite is one session for the process's
 *   life), whose plan PL/pgSQL keeps; each call runs `select pg_temp.fn($1, ...)`.
 * - A transaction handle: a named statement on its connection too (preparedSqlRows); on PGlite the
 *   plain statement.
 *
 * Both engines answer the same rows provided the statement's columns are json, text, boolean or
 * integers: the PGlite wrapper hands each row over as one json value.
 */
import { createHash } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

export type PreparedStatement = {
  /** Letters, digits and underscores; made unique per text by a hash of it. */
  name: string;
  text: string;
  /** The PostgreSQL type of each parameter, in order ($1 first): the PGlite wrapper declares them. */
  types: string[];
};

type Prepared = PreparedStatement & { id: string };

/** A statement to run with `preparedRows`. */
export function prepared(statement: PreparedStatement): Prepared {
  if (!/^[a-z_][a-z0-9_]*$/.test(statement.name)) throw new Error(`not a statement name: ${statement.name}`);
  for (const type of statement.types)
    if (!/^[a-z0-9_ ]+(\[\])?$/.test(type)) throw new Error(`not a type name: ${type}`);
  const hash = createHash('sha256').update(statement.text).update(statement.types.join(',')).digest('hex');
  return { ...statement, id: `${statement.name}_${hash.slice(0, 10)}` };
}

type PgLike = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };

// Told apart by shape, not instanceof: a PostgreSQL node never loads PGlite's library (db/client.ts).
const isPglite = (client: unknown): client is PGlite =>
  typeof client === 'object' && client !== null && 'waitReady' in client && 'dumpDataDir' in client;

const wrapped = new WeakMap<PGlite, Map<string, Promise<void>>>();

function pgliteFunction(client: PGlite, statement: Prepared): Promise<void> {
  let made = wrapped.get(client);
  if (!made) wrapped.set(client, (made = new Map()));
  let ready = made.get(statement.id);
  if (!ready) {
    const args = statement.types.map((type, i) => `p${i + 1} ${type}`).join(', ');
    // $n in a PL/pgSQL body names the function's n-th argument: the statement's text is kept as is.
    ready = client
      .exec(
        `create or replace function pg_temp.${statement.id}(${args}) returns setof json language plpgsql stable as $prepared$
         begin return query select row_to_json(q) from (${statement.text}) q; end $prepared$`,
      )
      .then(() => undefined);
    ready.catch(() => made.delete(statement.id));
    made.set(statement.id, ready);
  }
  return ready;
}

async function viaPglite<T>(client: PGlite, statement: Prepared, values: unknown[]): Promise<T[]> {
  const call = `select pg_temp.${statement.id}(${values.map((_, i) => `$${i + 1}`).join(', ')}) as r`;
  for (let attempt = 0; ; attempt++) {
    await pgliteFunction(client, statement);
    try {
      const result = await client.query<{ r: T }>(call, values);
      return result.rows.map((row) => row.r);
    } catch (error) {
      // The session lost its temporary function (a reset of the session): make it again, once.
      if (attempt > 0 || (error as { code?: string }).code !== '42883') throw error;
      wrapped.get(client)?.delete(statement.id);
    }
  }
}

/** Statement text with $n placeholders, and their values, as Drizzle SQL (the values bound). */
export function sqlOfText(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1]}`)),
    sql``,
  );
}

/** Runs a prepared statement with these parameter values; its rows. */
export async function preparedRows<T>(db: DbOrTx, statement: Prepared, values: unknown[]): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (isPglite(client)) return viaPglite<T>(client, statement, values);
  if (client && typeof (client as PgLike).query === 'function' && !('transaction' in (client as object))) {
    const result = await (client as PgLike).query({ name: statement.id, text: statement.text, values });
    return result.rows as T[];
  }
  return preparedSqlRows<T>(db, sqlOfText(statement.text, values));
}

const dialect = new PgDialect();

/**
 * queryRows for a hot path's Drizzle statement, inside a transaction too: on a PostgreSQL server a
 * named statement of the connection, which parses and plans it once and then reuses the plan
 * (PostgreSQL keeps a generic plan after five executions when it costs no more than the custom
 * ones). Planning the checkout's batch statements (JSON rows joined to several tables) cost the
 * server as much as running them. Named by a hash of its text, so only for statements whose text
 * does not vary with the data (a list goes in as one array or JSON parameter, never as `in ${list}`):
 * each text is one more prepared statement per connection, for the connection's life. On PGlite,
 * the plain statement, as queryRows runs it.
 */
export async function preparedSqlRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  const name = `q_${createHash('sha256').update(built.sql).digest('hex').slice(0, 24)}`;
  const result = (await db._.session.prepareQuery(built, undefined, name, false).execute()) as { rows: T[] };
  return result.rows;
}
