/**
 * Typed row mappers for rows that arrive as JSON (row_to_json / json_agg in one statement): each
 * column's value turned into what Drizzle's own select gives for it, from the table's definition,
 * so a hand-written statement and the query builder hand the presenters identical objects.
 */
import { getTableColumns, type Table } from 'drizzle-orm';

type Kind = 'date' | 'json' | 'driver';

/** A mapper from a JSON row (snake_case keys, as PostgreSQL names the columns) to the table's select type. */
export function jsonRowMapper<T extends Table>(table: T): (row: Record<string, unknown>) => T['$inferSelect'] {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => {
    // JSON carries timestamps as ISO text and json/jsonb as values already parsed: only the rest
    // goes through the column's own driver mapping (integers, arrays...).
    const kind: Kind =
      column.columnType === 'PgTimestamp'
        ? 'date'
        : column.columnType === 'PgJsonb' || column.columnType === 'PgJson'
          ? 'json'
          : 'driver';
    return { key, name: column.name, kind, column };
  });
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const c of columns) {
      const value = row[c.name];
      out[c.key] =
        value === null || value === undefined
          ? null
          : c.kind === 'date'
            ? new Date(value as string)
            : c.kind === 'json'
              ? value
              : c.column.mapFromDriverValue(value);
    }
    return out as T['$inferSelect'];
  };
}
