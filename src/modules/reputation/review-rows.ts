/** Review rows: the context reviews run with, the row as read from either driver, and who may see it. */
import { sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid } from '../../db/ids';
import { notFound } from '../../lib/errors';
import { roleAllows } from '../accounts';
import { teamRole } from '../commerce';
import type { MediaStore } from '../media';
import type { Flag } from '../analysis';
import type { ReviewStatus } from './schema';

export type ReviewsContext = {
  db: Db;
  media: MediaStore;
  config: Pick<Config, 'publicUrl'> & Partial<Pick<Config, 'mediaMaxBytes'>>;
};

export type ReviewRow = {
  id: string;
  product_id: string;
  brand_id: string;
  author_id: string;
  order_line_id: string | null;
  order_id: string | null;
  verified: boolean;
  rating: number;
  title: string | null;
  body: string;
  experienced_on: string | null;
  language: string | null;
  status: ReviewStatus;
  flags: Flag[];
  fingerprint: string | null;
  rejection_reason: string | null;
  rejection_editable: boolean | null;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  helpful_count: number;
};

export type PhotoUpload = { data: Uint8Array; alt?: string };

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const dateOnly = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/** Normalises a row from either driver (dates as Date, jsonb parsed, counts as numbers). */
export function reviewFromRow(r: Record<string, unknown>): ReviewRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    ...(r as unknown as ReviewRow),
    rating: Number(r.rating),
    helpful_count: Number(r.helpful_count ?? 0),
    flags: json((r.flags ?? []) as Flag[] | string),
    experienced_on: dateOnly(r.experienced_on),
    published_at: d(r.published_at),
    created_at: d(r.created_at)!,
    updated_at: d(r.updated_at)!,
  };
}

export async function loadReview(db: DbOrTx, id: string, options: { lock?: boolean } = {}): Promise<ReviewRow | null> {
  if (!isUuid(id)) return null;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select * from reviews where id = ${id} ${options.lock ? sql`for update` : sql``}`,
  );
  return rows[0] ? reviewFromRow(rows[0]) : null;
}

// Reading ---------------------------------------------------------------------------------------

/** May this viewer see this review? Published: anyone. Otherwise its author, or the brand's team. */
export async function canSee(db: Db, viewerId: string | null, review: ReviewRow): Promise<boolean> {
  if (review.status === 'published') return true;
  if (!viewerId) return false;
  if (review.author_id === viewerId) return true;
  return roleAllows(await teamRole(db, review.brand_id, viewerId), 'read');
}

export async function getReview(
  ctx: Pick<ReviewsContext, 'db'>,
  viewerId: string | null,
  id: string,
): Promise<ReviewRow> {
  const review = await loadReview(ctx.db, id);
  if (!review || !(await canSee(ctx.db, viewerId, review))) throw notFound('Review');
  return review;
}
