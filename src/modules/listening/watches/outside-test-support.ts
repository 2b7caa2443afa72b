/**
 * Outside sources and their items written straight into their tables (listening/sources), for
 * tests of what reads them: the fetching itself is tested where it lives.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client';
import { uuidv7, uuidv7Floor } from '../../../db/ids';

/** A UUIDv7 of a chosen millisecond (uuidv7() never goes back in time within a process). */
export function idAt(ms: number): string {
  const tail = randomBytes(8).toString('hex');
  const floor = uuidv7Floor(ms);
  return `${floor.slice(0, 14)}7${tail.slice(0, 3)}-8${tail.slice(3, 6)}-${tail.slice(6, 16)}00`.slice(0, 36);
}

/** A feed on the server (`listening_sources`) and a brand listening to it under `name`; answers both ids. */
export async function listenTo(db: Db, brandId: string, name: string, url?: string, sourceId?: string) {
  const id = sourceId ?? uuidv7();
  if (!sourceId)
    await queryRows(
      db,
      sql`insert into listening_sources (id, url, title) values (${id}, ${url ?? `https://blog.example/${id}/feed.xml`}, ${name})`,
    );
  const brandSourceId = uuidv7();
  await queryRows(
    db,
    sql`insert into brand_sources (id, brand_id, source_id, name) values (${brandSourceId}, ${brandId}, ${id}, ${name})`,
  );
  return { sourceId: id, brandSourceId };
}

export type OutsideItemInput = {
  id?: string;
  title?: string;
  text: string;
  url?: string | null;
  language?: string | null;
  publishedAt?: Date;
  authorName?: string | null;
};

/** One item read from the source, as the fetcher stores it (already plain text). */
export async function insertOutsideItem(db: Db, sourceId: string, item: OutsideItemInput): Promise<string> {
  const id = item.id ?? uuidv7();
  const url = item.url === undefined ? `https://blog.example/posts/${id}` : item.url;
  await queryRows(
    db,
    sql`insert into outside_items (id, source_id, dedupe_key, url, title, text, author_name, language, published_at)
        values (${id}, ${sourceId}, ${url ?? id}, ${url}, ${item.title ?? ''}, ${item.text}, ${item.authorName ?? null},
                ${item.language ?? null}, ${(item.publishedAt ?? new Date()).toISOString()}::timestamptz)`,
  );
  return id;
}
