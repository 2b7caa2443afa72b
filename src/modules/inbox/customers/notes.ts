/**
 * A brand's labels on a customer and its team's private notes. Only the brand's team (inbox.answer)
 * reads or writes them; anyone else is told the customer does not exist (404), as for the file.
 * Only a note's author edits or deletes it.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { uuidv7 } from '../../../db/ids';
import { inboxCustomerLabels, inboxCustomerNotes } from '../../../db/schema';
import { forbidden, notFound, unprocessable } from '../../../lib/errors';
import type { Clock } from '../../../lib/clock';
import { getAccount, roleAllows, roleIn } from '../../accounts';

export const MAX_LABEL = 32;
export const MAX_LABELS = 20;
export const MAX_NOTE = 2000;

export type CustomerKey = { brandId: string; accountId: string; viewerId: string };
type Ctx = { db: DbOrTx; clock: Clock };

/** The viewer is on the brand's team with inbox.answer and the customer exists; otherwise 404. */
export async function assertCustomerAccess(db: DbOrTx, k: CustomerKey): Promise<void> {
  const role = await roleIn({ db }, k.brandId, k.viewerId);
  if (!roleAllows(role, 'inbox.answer')) throw notFound('Customer');
  await getAccount({ db }, k.accountId).catch(() => {
    throw notFound('Customer');
  });
  if (k.accountId === k.brandId) throw notFound('Customer');
}

export async function customerLabels(db: DbOrTx, brandId: string, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ label: inboxCustomerLabels.label })
    .from(inboxCustomerLabels)
    .where(and(eq(inboxCustomerLabels.brandId, brandId), eq(inboxCustomerLabels.accountId, accountId)));
  // Sorted here: the databases' collations differ (PGlite's C order puts capitals first).
  return rows.map((r) => r.label).sort((x, y) => x.localeCompare(y, 'fr', { sensitivity: 'base' }));
}

/** Labels as typed: trimmed, blanks dropped, duplicates (ignoring case) kept once. */
export function cleanLabels(input: unknown): string[] {
  const raw = Array.isArray(input) ? input : typeof input === 'string' ? input.split(',') : null;
  if (!raw) throw unprocessable('invalid_labels', 'labels must be a list of texts', { field: 'labels' });
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string') throw unprocessable('invalid_labels', 'labels must be texts', { field: 'labels' });
    const label = item.trim().replaceAll(/\s+/g, ' ');
    if (!label || seen.has(label.toLowerCase())) continue;
    if (label.length > MAX_LABEL)
      throw unprocessable('label_too_long', `a label has at most ${MAX_LABEL} characters`, { field: 'labels' });
    seen.add(label.toLowerCase());
    out.push(label);
  }
  if (out.length > MAX_LABELS)
    throw unprocessable('too_many_labels', `at most ${MAX_LABELS} labels`, { field: 'labels' });
  return out;
}

/** Replaces the brand's labels on the customer with `labels`; answers the new list. */
export async function setCustomerLabels(ctx: Ctx, k: CustomerKey, labels: unknown): Promise<string[]> {
  await assertCustomerAccess(ctx.db, k);
  const wanted = cleanLabels(labels);
  await ctx.db.transaction(async (tx) => {
    const mine = and(eq(inboxCustomerLabels.brandId, k.brandId), eq(inboxCustomerLabels.accountId, k.accountId));
    await tx.delete(inboxCustomerLabels).where(mine);
    if (wanted.length)
      await tx.insert(inboxCustomerLabels).values(
        wanted.map((label) => ({
          brandId: k.brandId,
          accountId: k.accountId,
          label,
          createdById: k.viewerId,
          createdAt: ctx.clock.now(),
        })),
      );
  });
  return customerLabels(ctx.db, k.brandId, k.accountId);
}

export type CustomerNote = {
  id: string;
  text: string;
  authorId: string | null;
  createdAt: Date;
  updatedAt: Date | null;
};

function noteText(input: unknown): string {
  const text = typeof input === 'string' ? input.trim() : '';
  if (!text) throw unprocessable('empty_text', 'text must not be empty', { field: 'text' });
  if (text.length > MAX_NOTE)
    throw unprocessable('text_too_long', `text has at most ${MAX_NOTE} characters`, { field: 'text' });
  return text;
}

/** The notes, newest first, paged by id. */
export async function customerNotes(
  db: DbOrTx,
  brandId: string,
  accountId: string,
  paging: { limit: number; maxId: string | null },
): Promise<CustomerNote[]> {
  const n = inboxCustomerNotes;
  return db
    .select({ id: n.id, text: n.text, authorId: n.authorId, createdAt: n.createdAt, updatedAt: n.updatedAt })
    .from(n)
    .where(and(eq(n.brandId, brandId), eq(n.accountId, accountId), paging.maxId ? lt(n.id, paging.maxId) : undefined))
    .orderBy(desc(n.id))
    .limit(paging.limit);
}

export async function addCustomerNote(ctx: Ctx, k: CustomerKey, input: { text: unknown }): Promise<CustomerNote> {
  await assertCustomerAccess(ctx.db, k);
  const text = noteText(input.text);
  const now = ctx.clock.now();
  const note = { id: uuidv7(now.getTime()), text, authorId: k.viewerId, createdAt: now, updatedAt: null };
  await ctx.db.insert(inboxCustomerNotes).values({ ...note, brandId: k.brandId, accountId: k.accountId });
  return note;
}

async function ownNote(db: DbOrTx, k: CustomerKey, noteId: string) {
  await assertCustomerAccess(db, k);
  const n = inboxCustomerNotes;
  const [row] = await db
    .select()
    .from(n)
    .where(and(eq(n.id, noteId), eq(n.brandId, k.brandId), eq(n.accountId, k.accountId)));
  if (!row) throw notFound('Note');
  if (row.authorId !== k.viewerId) throw forbidden('not_author', 'Only its author changes a note');
  return row;
}

export async function editCustomerNote(
  ctx: Ctx,
  k: CustomerKey,
  noteId: string,
  input: { text: unknown },
): Promise<CustomerNote> {
  const row = await ownNote(ctx.db, k, noteId);
  const text = noteText(input.text);
  const updatedAt = ctx.clock.now();
  await ctx.db.update(inboxCustomerNotes).set({ text, updatedAt }).where(eq(inboxCustomerNotes.id, noteId));
  return { id: row.id, text, authorId: row.authorId, createdAt: row.createdAt, updatedAt };
}

export async function deleteCustomerNote(ctx: Ctx, k: CustomerKey, noteId: string): Promise<void> {
  await ownNote(ctx.db, k, noteId);
  await ctx.db.delete(inboxCustomerNotes).where(eq(inboxCustomerNotes.id, noteId));
}
