/**
 * The Q&A's rules that several files share: text limits, the product a question is about, who is
 * the brand's team (and may answer officially), who is a verified buyer, the brand's answering
 * setting, triage and whether a text waits for a moderator.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import { forbidden, notFound, unprocessable } from '../../../lib/errors';
import { roleAllows, type BrandRole } from '../../accounts';
import { analyseText, type Flag } from '../../analysis';
import { teamRole } from '../../commerce';
import { policyFor } from '../../moderation';
import { qaAnswerers, type QaAnswerers, type QaStatus } from './schema';

export const MAX_QUESTION = 1000;
export const MAX_ANSWER = 3000;

export type QaContext = { db: Db; clock: { now(): Date } };

export function checkText(raw: unknown, max: number): string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
    throw unprocessable('empty_text', 'text is required', { field: 'text' });
  if (typeof raw !== 'string') throw unprocessable('invalid_text', 'text must be text', { field: 'text' });
  const text = raw.trim();
  // PostgreSQL refuses NUL bytes in text: a 422 rather than a failed insert.
  if (text.includes('\u0000'))
    throw unprocessable('invalid_text', 'text must not contain a NUL byte', { field: 'text' });
  if ([...text].length > max) throw unprocessable('text_too_long', `At most ${max} characters`, { field: 'text', max });
  return text;
}

export type QaProduct = { id: string; brand_id: string; title: string; brand_username: string; brand_name: string };

/** A published product, or 404. */
export async function qaProduct(db: DbOrTx, productId: string): Promise<QaProduct> {
  if (!isUuid(productId)) throw notFound('Product');
  const [p] = await queryRows<QaProduct>(
    db,
    sql`select p.id, p.brand_id, p.title, a.username as brand_username,
               coalesce(nullif(a.display_name, ''), a.username) as brand_name
        from products p join accounts a on a.id = p.brand_id where p.id = ${productId} and p.status = 'published'`,
  );
  if (!p) throw notFound('Product');
  return p;
}

/** `official`: may answer as the brand; `member`: on the team without that right; null: not on it. */
export async function teamStanding(db: DbOrTx, brandId: string, accountId: string | null) {
  if (!accountId) return null;
  const role: BrandRole | null = await teamRole(db as Db, brandId, accountId);
  if (!role) return null;
  return roleAllows(role, 'community.manage') || roleAllows(role, 'inbox.answer') ? 'official' : 'member';
}

/** A paid, not cancelled order line of the product. */
export async function isVerifiedBuyer(db: DbOrTx, accountId: string, productId: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`select 1 from orders o join order_lines ol on ol.order_id = o.id
        where o.buyer_id = ${accountId} and ol.product_id = ${productId}
          and o.paid_at is not null and o.cancelled_at is null and o.status <> 'cancelled' limit 1`,
  );
  return rows.length > 0;
}

export async function answerersOf(db: DbOrTx, brandId: string): Promise<QaAnswerers> {
  const [row] = await queryRows<{ answerers: QaAnswerers }>(
    db,
    sql`select answerers from qa_settings where brand_id = ${brandId}`,
  );
  return row?.answerers ?? 'verified_buyers';
}

/** Who besides the team may answer: 403 with the rule's code when the author may not. */
export function assertMayAnswer(answerers: QaAnswerers, verifiedBuyer: boolean) {
  if (answerers === 'team') throw forbidden('team_only', 'Only the brand’s team answers questions on its products');
  if (answerers === 'verified_buyers' && !verifiedBuyer)
    throw forbidden('verified_buyers_only', 'Only the brand’s team and buyers of this product answer');
}

export function checkAnswerers(raw: unknown): QaAnswerers {
  if (typeof raw !== 'string' || !(qaAnswerers as readonly string[]).includes(raw))
    throw unprocessable('invalid_answerers', `answerers must be one of ${qaAnswerers.join(', ')}`, {
      field: 'answerers',
    });
  return raw as QaAnswerers;
}

/** Triage's flags (off-topic aside: a question about a product need not name it). */
export function triageText(text: string, context: { productTitle: string; brandName: string }) {
  const analysis = analyseText({ text, context });
  return { language: analysis.language, flags: analysis.flags.filter((f) => f.code !== 'off_topic') };
}

/**
 * Like tips: flagged texts wait for a moderator whatever the policy; clean ones are published
 * at once when the brand post-moderates or lets confident approvals through, else they wait.
 */
export async function routeText(db: DbOrTx, brandId: string, flags: Flag[]): Promise<QaStatus> {
  if (flags.length > 0) return 'pending';
  const policy = await policyFor(db, brandId);
  return policy.mode === 'post' || policy.autoApproveConfident ? 'published' : 'pending';
}
