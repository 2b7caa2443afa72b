/**
 * The platform's legal pages (legal notice, privacy policy, terms of use), in French and English.
 * Until the operator saves their own text, the template shipped in templates/ is shown, with a
 * notice that it has not been adapted yet. `{{host}}` and `{{url}}` in a text are this server's.
 * Only platform admins (`npm run moderators -- add <name> admin`) edit them.
 */
import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { nowOf, type Clock } from '../../../lib/clock';
import { forbidden, unprocessable } from '../../../lib/errors';
import { platformRole } from '../../moderation';
import { legalPageKinds, platformLegalPages, type LegalPageKind } from './schema';

export type LegalLocale = 'fr' | 'en';
export const MAX_LEGAL_CHARS = 200_000;

const templates = new Map<string, string>();

/** The shipped template (read once). */
export function legalTemplate(page: LegalPageKind, locale: LegalLocale): string {
  const key = `${page}.${locale}`;
  let text = templates.get(key);
  if (text === undefined) {
    text = fs.readFileSync(new URL(`./templates/${key}.md`, import.meta.url), 'utf8');
    templates.set(key, text);
  }
  return text;
}

export const isLegalPage = (value: string): value is LegalPageKind =>
  (legalPageKinds as readonly string[]).includes(value);

export type PlatformLegalText = { body: string; adapted: boolean; updatedAt: Date | null };

/** The page's text with this server's host and address filled in. */
export async function platformLegalText(
  db: DbOrTx,
  page: LegalPageKind,
  locale: LegalLocale,
  publicUrl: string,
): Promise<PlatformLegalText> {
  const [row] = await db
    .select({ body: platformLegalPages.body, updatedAt: platformLegalPages.updatedAt })
    .from(platformLegalPages)
    .where(and(eq(platformLegalPages.page, page), eq(platformLegalPages.locale, locale)));
  const raw = row?.body ?? legalTemplate(page, locale);
  return { body: fillPlaceholders(raw, publicUrl), adapted: Boolean(row), updatedAt: row?.updatedAt ?? null };
}

export function fillPlaceholders(text: string, publicUrl: string): string {
  const host = new URL(publicUrl).host;
  return text.replaceAll('{{host}}', host).replaceAll('{{url}}', publicUrl);
}

/** The text as stored (the admin's form shows it unfilled), or the template. */
export async function editableLegalText(db: DbOrTx, page: LegalPageKind, locale: LegalLocale) {
  const [row] = await db
    .select({ body: platformLegalPages.body })
    .from(platformLegalPages)
    .where(and(eq(platformLegalPages.page, page), eq(platformLegalPages.locale, locale)));
  return { body: row?.body ?? legalTemplate(page, locale), adapted: Boolean(row) };
}

export async function assertPlatformAdmin(db: DbOrTx, accountId: string): Promise<void> {
  if ((await platformRole(db, accountId)) !== 'admin')
    throw forbidden('not_an_admin', 'Only the platform’s admins edit its legal pages');
}

/** Platform admins: saves the operator's text; an empty text goes back to the template. */
export async function saveLegalText(
  ctx: { db: Db; clock?: Clock },
  actorId: string,
  page: LegalPageKind,
  locale: LegalLocale,
  body: string,
): Promise<{ adapted: boolean }> {
  await assertPlatformAdmin(ctx.db, actorId);
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (text.length > MAX_LEGAL_CHARS)
    throw unprocessable('too_long', `The text has at most ${MAX_LEGAL_CHARS} characters`, { field: 'body' });
  if (!text) {
    await ctx.db
      .delete(platformLegalPages)
      .where(and(eq(platformLegalPages.page, page), eq(platformLegalPages.locale, locale)));
    return { adapted: false };
  }
  const now = nowOf(ctx);
  await ctx.db
    .insert(platformLegalPages)
    .values({ page, locale, body: text, updatedAt: now, updatedBy: actorId })
    .onConflictDoUpdate({
      target: [platformLegalPages.page, platformLegalPages.locale],
      set: { body: text, updatedAt: now, updatedBy: actorId },
    });
  return { adapted: true };
}
