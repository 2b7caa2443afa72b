import { randomInt } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { shortLinks } from './schema';

const ALPHABET = '0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const newCode = () => Array.from({ length: 7 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** One short code per distinct URL (reused across posts), so click counts add up per link. */
export async function shortenAll(db: DbOrTx, publicUrl: string, urls: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (urls.length === 0) return out;
  await db
    .insert(shortLinks)
    .values(urls.map((url) => ({ url, code: newCode() })))
    .onConflictDoNothing();
  const rows = await db
    .select({ url: shortLinks.url, code: shortLinks.code })
    .from(shortLinks)
    .where(inArray(shortLinks.url, urls));
  for (const row of rows) out.set(row.url, `${publicUrl}/s/${row.code}`);
  return out;
}

/** Counts the click and returns where to go, or null for an unknown code. */
export async function followShortLink(db: DbOrTx, code: string): Promise<string | null> {
  if (!/^[0-9A-Za-z]{4,16}$/.test(code)) return null;
  const [row] = await db
    .update(shortLinks)
    .set({ clicks: sql`${shortLinks.clicks} + 1` })
    .where(eq(shortLinks.code, code))
    .returning({ url: shortLinks.url });
  return row?.url ?? null;
}
