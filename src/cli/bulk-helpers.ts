/** Shared parts of the bulk generator (bulk.ts): its options and result, ids built in SQL, and running batches. */
import type { SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';

export type BulkOptions = {
  accounts: number;
  /** Statuses in all: about 80% posts, 10% replies, 10% reposts. */
  posts: number;
  /** Accounts each account follows (default 200, capped at accounts - 1). */
  follows?: number;
  /** Likes in all (default: half the posts). */
  likes?: number;
  seed?: number;
  /** How far back posts go (default 90 days). */
  days?: number;
  /** Base of the hashtag links in the posts' HTML (the server's COMPTOIR_URL). */
  publicUrl?: string;
  /** When given, every generated account can log in as <username>@bulk.comptoir.test with the password of this hash. */
  passwordHash?: string;
  onProgress?: (progress: { phase: string; done: number; total: number }) => void;
};

export type BulkResult = {
  accounts: number;
  follows: number;
  statuses: number;
  likes: number;
  seconds: Record<string, number>;
};

export const BULK_EMAIL_DOMAIN = 'bulk.comptoir.test';
export const DAY = 86_400_000;

/** A UUIDv7 in SQL from an expression giving Unix milliseconds: 48-bit time, version 7, variant 10, random rest. */
export const uuidv7Sql = (ms: string) =>
  `(lpad(to_hex(${ms}), 12, '0') || '7' || substr(md5(random()::text), 1, 3) || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15))::uuid`;

export const run = (db: Db, query: SQL) => queryRows<Record<string, unknown>>(db, query);
export const count = async (db: Db, query: SQL) => Number((await queryRows<{ n: number }>(db, query))[0]?.n ?? 0);

/** Runs `tasks` with at most `parallel` at a time (a server takes several; PGlite is one connection). */
export async function inBatches(tasks: (() => Promise<void>)[], parallel: number) {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
}
