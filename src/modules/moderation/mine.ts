import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';

/** Decisions on what the author wrote, newest first, with whether an appeal is still possible. */
export async function myDecisions(db: Db, authorId: string, limit = 40) {
  const rows = await queryRows<{
    id: string;
    type: string;
    subject_id: string;
    status: string;
    reason: string | null;
    decided_at: string | Date | null;
    appeal_of: string | null;
    appealed: boolean;
  }>(
    db,
    sql`select id, type, subject_id, status, reason, decided_at, appeal_of, appealed from moderation_items
        where author_id = ${authorId} and type <> 'report' and status in ('approved', 'rejected') order by id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    subject_id: r.subject_id,
    status: r.status,
    reason: r.reason,
    decided_at: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    appeal_of: r.appeal_of,
    appealed: r.appealed,
    can_appeal: r.status === 'rejected' && !r.appealed && !r.appeal_of,
  }));
}
