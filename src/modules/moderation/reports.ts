/**
 * Reports: anyone signed in reports a post, reply, review or account with a reason. A report
 * joins the queue of the brand whose space the target is in (the platform's otherwise, and
 * always for accounts) as a `report` item; more reports of the same target while it waits join
 * that item. Rejecting the item removes the content (the target's own handler applies it:
 * hide the post, reject the review); approving keeps it. Each reporter sees the outcome
 * (GET /api/v1/moderation/reports/mine) and gets a notification.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid, uuidv7 } from '../../db/ids';
import { notFound, unprocessable } from '../../lib/errors';
import type { ModerationContext } from './decisions';
import { reportTargets, type ReportTarget } from './schema';
import { moderationSubjects, type Decision, type ModerationType, type SubjectSummary } from './subjects';
import { submitForModeration } from './submit';
import { audit } from './decisions';
import { suspendInTx } from './suspensions';
import { notifyAuthor } from './tell';

export const reportReasons = [
  'spam',
  'insult',
  'harassment',
  'personal_data',
  'illegal',
  'off_topic',
  'violation',
  'other',
] as const;
export type ReportReason = (typeof reportReasons)[number];

export type ReportInput = { targetType: unknown; targetId: unknown; reason: unknown; comment?: unknown };
export type Report = {
  id: string;
  targetType: ReportTarget;
  targetId: string;
  reason: string;
  comment: string;
  itemId: string | null;
  outcome: string | null;
  createdAt: Date;
};

const subjectTypeOf = (t: ReportTarget): ModerationType => t;

/** Where the target lives (its brand) and who wrote it; null when it does not exist. */
async function resolveTarget(
  db: Db,
  targetType: ReportTarget,
  targetId: string,
): Promise<{ brandId: string | null; authorId: string | null; productId: string | null } | null> {
  if (targetType === 'account') {
    const [row] = await queryRows<{ id: string }>(db, sql`select id from accounts where id = ${targetId}`);
    return row ? { brandId: null, authorId: row.id, productId: null } : null;
  }
  const summary = (await moderationSubjects.get(subjectTypeOf(targetType))?.describe?.(db, [targetId]))?.get(targetId);
  if (!summary) return null;
  return { brandId: summary.brandId ?? null, authorId: summary.authorId, productId: summary.productId ?? null };
}

export async function createReport(ctx: ModerationContext, reporterId: string, input: ReportInput): Promise<Report> {
  if (!reportTargets.includes(input.targetType as ReportTarget))
    throw unprocessable('invalid_target_type', `target_type must be one of ${reportTargets.join(', ')}`);
  const targetType = input.targetType as ReportTarget;
  if (!isUuid(input.targetId)) throw notFound('Target');
  const targetId = input.targetId;
  if (!reportReasons.includes(input.reason as ReportReason))
    throw unprocessable('invalid_reason', `reason must be one of ${reportReasons.join(', ')}`);
  const reason = input.reason as ReportReason;
  const comment = input.comment === undefined || input.comment === null ? '' : String(input.comment).trim();
  if ([...comment].length > 1000)
    throw unprocessable('comment_too_long', 'A report comment has at most 1,000 characters');
  const target = await resolveTarget(ctx.db, targetType, targetId);
  if (!target) throw notFound('Target');
  if (target.authorId === reporterId)
    throw unprocessable('own_content', 'You cannot report yourself or what you wrote');
  return ctx.db.transaction(async (tx) => {
    const id = uuidv7();
    // Reports of one target are queued one at a time, so concurrent ones join a single item.
    await queryRows(tx, sql`select pg_advisory_xact_lock(hashtext(${`report:${targetType}:${targetId}`}))`);
    // Another report of this target still waiting: join its item.
    const [open] = await queryRows<{ item_id: string }>(
      tx,
      sql`select r.item_id from reports r join moderation_items i on i.id = r.item_id
          where r.target_type = ${targetType} and r.target_id = ${targetId} and i.status in ('pending', 'escalated') limit 1`,
    );
    await queryRows(
      tx,
      sql`insert into reports (id, reporter_id, target_type, target_id, reason, comment) values (${id}, ${reporterId}, ${targetType}, ${targetId}, ${reason}, ${comment})`,
    );
    const itemId =
      open?.item_id ??
      (
        await submitForModeration(tx, {
          brandId: targetType === 'account' ? null : target.brandId,
          type: 'report',
          subjectId: id,
          authorId: reporterId,
          productId: target.productId,
          flags: [],
        })
      ).id;
    await queryRows(tx, sql`update reports set item_id = ${itemId} where id = ${id}`);
    return { id, targetType, targetId, reason, comment, itemId, outcome: null, createdAt: new Date() };
  });
}

type ReportRow = {
  id: string;
  target_type: ReportTarget;
  target_id: string;
  reason: string;
  comment: string;
  item_id: string | null;
  outcome: string | null;
  created_at: string | Date;
};
const toReport = (r: ReportRow): Report => ({
  id: r.id,
  targetType: r.target_type,
  targetId: r.target_id,
  reason: r.reason,
  comment: r.comment,
  itemId: r.item_id,
  outcome: r.outcome,
  createdAt: new Date(r.created_at),
});

/** The reporter's own reports with their outcome, newest first. */
export async function myReports(
  db: Db,
  reporterId: string,
  page: { before?: string; limit?: number } = {},
): Promise<Report[]> {
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 80);
  const rows = await queryRows<ReportRow>(
    db,
    sql`select id, target_type, target_id, reason, comment, item_id, outcome, created_at from reports
        where reporter_id = ${reporterId} ${page.before && isUuid(page.before) ? sql`and id < ${page.before}` : sql``} order by id desc limit ${limit}`,
  );
  return rows.map(toReport);
}

/** The reports gathered in one item (the first one is its subject). */
async function reportsOfItem(db: DbOrTx, firstReportId: string): Promise<ReportRow[]> {
  return queryRows<ReportRow>(
    db,
    sql`select r.id, r.target_type, r.target_id, r.reason, r.comment, r.item_id, r.outcome, r.created_at from reports r
        where r.item_id = (select item_id from reports where id = ${firstReportId}) order by r.id`,
  );
}

/** The `report` subject: described as its target plus the reports' reasons; decided on the target. */
export const reportHandler = {
  type: 'report' as const,
  /** One query for the reports of every item on the page, then one describe per target type. */
  async describe(db: Db, ids: string[]): Promise<Map<string, SubjectSummary>> {
    const out = new Map<string, SubjectSummary>();
    if (ids.length === 0) return out;
    const rows = await queryRows<ReportRow & { first_id: string }>(
      db,
      sql`select f.id as first_id, r.id, r.target_type, r.target_id, r.reason, r.comment, r.item_id, r.outcome, r.created_at
          from reports f join reports r on r.item_id = f.item_id where f.id in ${ids} order by r.id`,
    );
    const byFirst = new Map<string, ReportRow[]>();
    for (const r of rows) byFirst.set(r.first_id, [...(byFirst.get(r.first_id) ?? []), r]);
    const targets = new Map<ReportTarget, Set<string>>();
    for (const all of byFirst.values())
      targets.set(all[0]!.target_type, (targets.get(all[0]!.target_type) ?? new Set()).add(all[0]!.target_id));
    const described = new Map<string, SubjectSummary>();
    for (const [type, set] of targets) {
      const list = [...set];
      if (type === 'account') {
        const accounts = await queryRows<{ id: string; username: string; display_name: string; note: string }>(
          db,
          sql`select id, username, display_name, note from accounts where id in ${list}`,
        );
        for (const a of accounts)
          described.set(`account:${a.id}`, {
            text: a.note,
            title: `@${a.username}`,
            authorId: a.id,
            authorName: a.display_name || a.username,
            url: `/@${a.username}`,
            rejectSuspends: true,
          });
      } else {
        for (const [id, summary] of (await moderationSubjects.get(type)?.describe?.(db, list)) ?? [])
          described.set(`${type}:${id}`, summary);
      }
    }
    for (const id of ids) {
      const all = byFirst.get(id);
      if (!all?.length) continue;
      const target = described.get(`${all[0]!.target_type}:${all[0]!.target_id}`);
      const why = all.map((r) => (r.comment ? `${r.reason}: ${r.comment}` : r.reason)).join(' · ');
      out.set(id, {
        ...(target ?? { text: '', authorId: null }),
        title: [target?.title, `⚑ ${all.length} × ${why}`].filter(Boolean).join(' — '),
      });
    }
    return out;
  },
  async onDecision(tx: DbOrTx, firstReportId: string, decision: Decision) {
    const all = await reportsOfItem(tx, firstReportId);
    const first = all[0];
    if (!first) return;
    const outcome = decision.action === 'reject' ? 'removed' : 'kept';
    // Upholding a report against an account (only platform moderators see those) suspends it.
    if (decision.action === 'reject' && first.target_type === 'account')
      await suspendInTx(tx, decision.moderatorId, first.target_id, decision.reason ?? null, 'report');
    if (decision.action === 'reject' && first.target_type !== 'account') {
      const type = subjectTypeOf(first.target_type);
      await moderationSubjects.get(type)?.onDecision?.(tx, first.target_id, decision);
      // The target's own item, if it waits too, is settled by the same decision (and logged).
      const settled = await queryRows<{ id: string; brand_id: string | null }>(
        tx,
        sql`update moderation_items set status = 'rejected', reason = ${decision.reason ?? null}, decided_by = ${decision.moderatorId}, decided_at = now()
            where type = ${type} and subject_id = ${first.target_id} and status in ('pending', 'escalated') returning id, brand_id`,
      );
      for (const s of settled)
        await audit(tx, {
          itemId: s.id,
          brandId: s.brand_id,
          actorId: decision.moderatorId,
          action: 'reject',
          reason: decision.reason,
          note: 'report',
        });
      if (settled.length === 0) {
        // Otherwise a decided item of the content's own records the removal, so its author can appeal it.
        const summary = (await moderationSubjects.get(type)?.describe?.(tx as Db, [first.target_id]))?.get(
          first.target_id,
        );
        const [reportItem] = await queryRows<{ brand_id: string | null; product_id: string | null }>(
          tx,
          sql`select brand_id, product_id from moderation_items where id = ${first.item_id}`,
        );
        if (summary?.authorId) {
          const id = uuidv7();
          await queryRows(
            tx,
            sql`insert into moderation_items (id, brand_id, type, subject_id, author_id, product_id, order_id, status, reason, decided_by, decided_at)
                values (${id}, ${reportItem?.brand_id ?? null}, ${type}, ${first.target_id}, ${summary.authorId}, ${summary.productId ?? reportItem?.product_id ?? null}, ${summary.orderId ?? null},
                        'rejected', ${decision.reason ?? null}, ${decision.moderatorId}, now())`,
          );
          await audit(tx, {
            itemId: id,
            brandId: reportItem?.brand_id ?? null,
            actorId: decision.moderatorId,
            action: 'reject',
            reason: decision.reason,
            note: 'report',
          });
        }
      }
    }
    await queryRows(tx, sql`update reports set outcome = ${outcome} where item_id = ${first.item_id}`);
    const [item] = await queryRows<{ brand_id: string | null }>(
      tx,
      sql`select brand_id from moderation_items where id = ${first.item_id}`,
    );
    const reporters = await queryRows<{ id: string; reporter_id: string }>(
      tx,
      sql`select id, reporter_id from reports where item_id = ${first.item_id}`,
    );
    for (const r of reporters)
      await notifyAuthor(tx, {
        to: r.reporter_id,
        from: item?.brand_id ?? null,
        detail: `report_${outcome}`,
        subjectId: r.id,
      });
  },
};

export function registerReportSubject() {
  moderationSubjects.register(reportHandler);
}
