/**
 * Reading the queue: pending items oldest first (UUIDv7 ids, so "oldest" is "smallest id"),
 * filtered by type, flag, product and age, paged by keyset (`after` = the last id seen), each
 * with what it is about (the subject owner's `describe`) and how long it has waited. Counters,
 * the author's history and the audit log are read here too.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7Floor } from '../../db/ids';
import { badRequest } from '../../lib/errors';
import { flagCodes, type Flag } from '../analysis';
import { assertModerates } from './access';
import { policyFor } from './policy';
import type { ItemStatus } from './schema';
import { moderationSubjects, moderationTypes, type ModerationType, type SubjectSummary } from './subjects';

export type QueueFilters = {
  type?: string;
  flag?: string;
  productId?: string;
  olderThanHours?: number;
  after?: string;
  limit?: number;
};

export type QueueItem = {
  id: string;
  brandId: string | null;
  type: ModerationType;
  subjectId: string;
  authorId: string | null;
  productId: string | null;
  orderId: string | null;
  flags: Flag[];
  confidence: number;
  status: ItemStatus;
  appealOf: string | null;
  appealText: string | null;
  createdAt: Date;
  waitingSeconds: number;
  subject: SubjectSummary | null;
};

type Row = {
  id: string;
  brand_id: string | null;
  type: ModerationType;
  subject_id: string;
  author_id: string | null;
  product_id: string | null;
  order_id: string | null;
  flags: Flag[] | string;
  confidence: number;
  status: ItemStatus;
  appeal_of: string | null;
  appeal_text: string | null;
  created_at: Date | string;
};

export function checkFilters(f: QueueFilters): QueueFilters {
  if (f.type !== undefined && !moderationTypes.includes(f.type as ModerationType))
    throw badRequest('invalid_type', `type must be one of ${moderationTypes.join(', ')}`);
  if (f.flag !== undefined && !(flagCodes as readonly string[]).includes(f.flag))
    throw badRequest('invalid_flag', `flag must be one of ${flagCodes.join(', ')}`);
  if (f.productId !== undefined && !isUuid(f.productId))
    throw badRequest('invalid_product', 'product_id must be a product id');
  if (f.after !== undefined && !isUuid(f.after)) throw badRequest('invalid_cursor', 'after must be an item id');
  if (f.olderThanHours !== undefined && (!Number.isFinite(f.olderThanHours) || f.olderThanHours < 0))
    throw badRequest('invalid_age', 'older_than is a number of hours ≥ 0');
  return f;
}

/** The skeleton: ids and columns of one page, by the partial indexes. */
export async function queueRows(db: DbOrTx, brandId: string | null, f: QueueFilters): Promise<Row[]> {
  const limit = Math.min(Math.max(f.limit ?? 20, 1), 100);
  // The platform queue's predicate is written exactly as its partial index's.
  const where: SQL[] = [
    brandId
      ? sql`brand_id = ${brandId} and status = 'pending'`
      : sql`(status = 'escalated' or (status = 'pending' and brand_id is null))`,
  ];
  if (f.type) where.push(sql`type = ${f.type}`);
  if (f.flag) where.push(sql`flag_codes @> array[${f.flag}]::text[]`);
  if (f.productId) where.push(sql`product_id = ${f.productId}`);
  if (f.olderThanHours !== undefined) where.push(sql`id < ${uuidv7Floor(Date.now() - f.olderThanHours * 3600_000)}`);
  if (f.after) where.push(sql`id > ${f.after}`);
  return queryRows<Row>(
    db,
    sql`select id, brand_id, type, subject_id, author_id, product_id, order_id, flags, confidence, status, appeal_of, appeal_text, created_at
        from moderation_items where ${sql.join(where, sql` and `)} order by id limit ${limit}`,
  );
}

/** One page of a queue for a moderator (403/404 otherwise), hydrated with the subjects. */
export async function listQueue(
  db: Db,
  actorId: string,
  brandId: string | null,
  filters: QueueFilters,
): Promise<QueueItem[]> {
  await assertModerates(db, actorId, brandId);
  const rows = await queueRows(db, brandId, checkFilters(filters));
  return hydrateItems(db, rows);
}

export async function hydrateItems(db: Db, rows: Row[]): Promise<QueueItem[]> {
  const summaries = await describeAll(
    db,
    rows.map((r) => ({ type: r.type, subjectId: r.subject_id })),
  );
  const now = Date.now();
  return rows.map((r) => {
    const createdAt = new Date(r.created_at);
    return {
      id: r.id,
      brandId: r.brand_id,
      type: r.type,
      subjectId: r.subject_id,
      authorId: r.author_id,
      productId: r.product_id,
      orderId: r.order_id,
      flags: typeof r.flags === 'string' ? (JSON.parse(r.flags) as Flag[]) : r.flags,
      confidence: Number(r.confidence),
      status: r.status,
      appealOf: r.appeal_of,
      appealText: r.appeal_text,
      createdAt,
      waitingSeconds: Math.max(0, Math.round((now - createdAt.getTime()) / 1000)),
      subject: summaries.get(`${r.type}:${r.subject_id}`) ?? null,
    };
  });
}

/** Each subject owner describes its subjects: one call per type on the page. */
export async function describeAll(
  db: Db,
  subjects: { type: ModerationType; subjectId: string }[],
): Promise<Map<string, SubjectSummary>> {
  const out = new Map<string, SubjectSummary>();
  const byType = new Map<ModerationType, string[]>();
  for (const s of subjects) byType.set(s.type, [...(byType.get(s.type) ?? []), s.subjectId]);
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      const found = await moderationSubjects.get(type)?.describe?.(db, [...new Set(ids)]);
      for (const [id, summary] of found ?? []) out.set(`${type}:${id}`, summary);
    }),
  );
  return out;
}

/** Counts above this are reported as "more than" (see queueCounters). */
export const COUNT_CAP = 10_000;

export type Counters = {
  /** Pending items, at most COUNT_CAP; `pendingMore`: there are more. */
  pending: number;
  pendingMore: boolean;
  oldestSeconds: number | null;
  /** Items waiting longer than the policy's delay, at most COUNT_CAP; `pastDelayMore`: there are more. */
  pastDelay: number;
  pastDelayMore: boolean;
  maxDelayHours: number;
  handledToday: { accountId: string; username: string; count: number }[];
};

/** What the console shows on top: pending, the oldest's age, items past the policy's delay, today's decisions per moderator. */
export async function queueCounters(
  db: Db,
  actorId: string,
  brandId: string | null,
  cap = COUNT_CAP,
): Promise<Counters> {
  await assertModerates(db, actorId, brandId);
  const maxDelayHours = brandId ? (await policyFor(db, brandId)).maxDelayHours : 48;
  const scope = brandId
    ? sql`brand_id = ${brandId} and status = 'pending'`
    : sql`(status = 'escalated' or (status = 'pending' and brand_id is null))`;
  const bound = uuidv7Floor(Date.now() - maxDelayHours * 3600_000);
  // Counting a huge backlog exactly costs a scan of it on every page load: counts stop at COUNT_CAP
  // (the console shows "10 000+"), each a bounded range of the queue's partial index.
  const [row] = await queryRows<{ pending: number; oldest: string | null; past: number }>(
    db,
    sql`select (select count(*)::int from (select 1 from moderation_items where ${scope} limit ${cap + 1}) p) as pending,
               (select count(*)::int from (select 1 from moderation_items where ${scope} and id < ${bound} limit ${cap + 1}) l) as past,
               (select id from moderation_items where ${scope} order by id limit 1)::text as oldest`,
  );
  const handled = await queryRows<{ actor_id: string; username: string; n: number }>(
    db,
    sql`select x.actor_id, a.username, count(*)::int as n from moderation_actions x join accounts a on a.id = x.actor_id
        where ${brandId ? sql`x.brand_id = ${brandId}` : sql`x.brand_id is null`} and x.created_at >= date_trunc('day', now())
          and x.action in ('approve', 'reject', 'escalate')
        group by x.actor_id, a.username order by n desc`,
  );
  const oldestMs = row.oldest ? Number.parseInt(row.oldest.replace(/-/g, '').slice(0, 12), 16) : null;
  return {
    pending: Math.min(Number(row.pending), cap),
    pendingMore: Number(row.pending) > cap,
    oldestSeconds: oldestMs === null ? null : Math.max(0, Math.round((Date.now() - oldestMs) / 1000)),
    pastDelay: Math.min(Number(row.past), cap),
    pastDelayMore: Number(row.past) > cap,
    maxDelayHours,
    handledToday: handled.map((h) => ({ accountId: h.actor_id, username: h.username, count: Number(h.n) })),
  };
}

export type HistoryEntry = {
  id: string;
  type: ModerationType;
  status: ItemStatus;
  reason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
};

/** The author's previous items in this queue (newest first): a pattern shows at a glance. */
export async function authorHistory(
  db: Db,
  brandId: string | null,
  authorId: string,
  exceptId: string,
  limit = 10,
): Promise<HistoryEntry[]> {
  const rows = await queryRows<{
    id: string;
    type: ModerationType;
    status: ItemStatus;
    reason: string | null;
    created_at: string | Date;
    decided_at: string | Date | null;
  }>(
    db,
    sql`select id, type, status, reason, created_at, decided_at from moderation_items
        where author_id = ${authorId} and ${brandId ? sql`brand_id = ${brandId}` : sql`brand_id is null`} and id <> ${exceptId}
        order by id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    reason: r.reason,
    createdAt: new Date(r.created_at),
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  }));
}

export type AuditEntry = {
  id: string;
  itemId: string | null;
  itemType: ModerationType | null;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  reason: string | null;
  note: string | null;
  createdAt: Date;
};

/** The audit log of a queue, newest first, keyset by `before`. */
export async function auditLog(
  db: Db,
  actorId: string,
  brandId: string | null,
  page: { before?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  await assertModerates(db, actorId, brandId);
  if (page.before !== undefined && !isUuid(page.before))
    throw badRequest('invalid_cursor', 'before must be an audit entry id');
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const rows = await queryRows<{
    id: string;
    item_id: string | null;
    type: ModerationType | null;
    actor_id: string | null;
    username: string | null;
    action: string;
    reason: string | null;
    note: string | null;
    created_at: string | Date;
  }>(
    db,
    sql`select x.id, x.item_id, i.type, x.actor_id, a.username, x.action, x.reason, x.note, x.created_at
        from moderation_actions x left join moderation_items i on i.id = x.item_id left join accounts a on a.id = x.actor_id
        where ${brandId ? sql`x.brand_id = ${brandId}` : sql`x.brand_id is null`} ${page.before ? sql`and x.id < ${page.before}` : sql``}
        order by x.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    itemType: r.type,
    actorId: r.actor_id,
    actorUsername: r.username,
    action: r.action,
    reason: r.reason,
    note: r.note,
    createdAt: new Date(r.created_at),
  }));
}
