import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';

// Key parts are URLs and names: they never contain this control character.
const SEPARATOR = '\u001f';
const encode = (key: KvKey) => key.join(SEPARATOR);
const decode = (key: string) => key.split(SEPARATOR) as unknown as KvKey;
const expiry = (options?: KvStoreSetOptions) =>
  options?.ttl ? new Date(Date.now() + options.ttl.total('millisecond')).toISOString() : null;

/**
 * Fedify's key–value store on our database (the `federation_kv` table): the same on PGlite and
 * on a server, shared by every app node. Expired entries read as absent; maintenance drops them.
 */
export function databaseKvStore(db: Db): KvStore {
  return {
    async get<T = unknown>(key: KvKey): Promise<T | undefined> {
      const [row] = await queryRows<{ value: T }>(
        db,
        sql`select value from federation_kv where key = ${encode(key)} and (expires_at is null or expires_at > now())`,
      );
      return row?.value;
    },
    async set(key, value, options) {
      await queryRows(
        db,
        sql`insert into federation_kv (key, value, expires_at)
            values (${encode(key)}, ${JSON.stringify(value)}::jsonb, ${expiry(options)}::timestamptz)
            on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at`,
      );
    },
    async delete(key) {
      await queryRows(db, sql`delete from federation_kv where key = ${encode(key)}`);
    },
    async cas(key, expectedValue, newValue, options) {
      const k = encode(key);
      return db.transaction(async (tx) => {
        const [row] = await queryRows<{ value: unknown }>(
          tx,
          sql`select value from federation_kv where key = ${k} and (expires_at is null or expires_at > now()) for update`,
        );
        if (JSON.stringify(row?.value) !== JSON.stringify(expectedValue)) return false;
        if (newValue === undefined) await queryRows(tx, sql`delete from federation_kv where key = ${k}`);
        else
          await queryRows(
            tx,
            sql`insert into federation_kv (key, value, expires_at)
                values (${k}, ${JSON.stringify(newValue)}::jsonb, ${expiry(options)}::timestamptz)
                on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at`,
          );
        return true;
      });
    },
    async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
      const start = prefix ? encode(prefix) : '';
      const rows = await queryRows<{ key: string; value: unknown }>(
        db,
        prefix
          ? sql`select key, value from federation_kv where (key = ${start} or starts_with(key, ${start + SEPARATOR}))
                and (expires_at is null or expires_at > now()) order by key`
          : sql`select key, value from federation_kv where expires_at is null or expires_at > now() order by key`,
      );
      for (const row of rows) yield { key: decode(row.key), value: row.value };
    },
  };
}
