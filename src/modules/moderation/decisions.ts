/**
 * Decisions on queue items: approve, reject (with one of the brand's reasons), escalate to the
 * platform, in bulk, and the author's single appeal. A decision is one conditional UPDATE
 * (`... where status in (open states) returning`): of two moderators deciding one item at once,
 * exactly one changes the row, the other gets 409 `already_decided`. The subject's owner applies
 * the decision (publish, hide, tell the author) in the same transaction, with the audit row.
 */
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { uuidv7, isUuid } from '../../db/ids';
import { conflict, forbidden, notFound, unprocessable } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import { assertModerates, type Scope } from './access';
import { findReason, policyFor, defaultPolicy } from './policy';
import { moderationItems, type ItemStatus } from './schema';
import { moderationSubjects, type Decision } from './subjects';
import { submitForModeration } from './submit';

export type ModerationContext = { db: Db; events: Pick<EventBus, 'publish'> };
export type Item = typeof moderationItems.$inferSelect;
export type DecisionAction = 'approve' | 'reject' | 'escalate';

export async function loadItem(db: DbOrTx, itemId: string): Promise<Item | null> {
  if (!isUuid(itemId)) return null;
  const [row] = await db.select().from(moderationItems).where(eq(moderationItems.id, itemId));
  return row ?? null;
}

/** The item if the actor may work on it, and as whom: brand items by the brand's moderators, platform items by platform moderators. */
export async function itemForModerator(
  db: DbOrTx,
  actorId: string,
  itemId: string,
): Promise<{ item: Item; scope: Scope }> {
  const item = await loadItem(db, itemId);
  if (!item) throw notFound('Item');
  const onPlatform = item.brandId === null || item.status === 'escalated';
  if (onPlatform) {
    try {
      return { item, scope: await assertModerates(db, actorId, null, 'Item') };
    } catch (error) {
      // The brand's own team sees its escalated item but no longer decides it.
      if (item.brandId) {
        const scope = await assertModerates(db, actorId, item.brandId, 'Item');
        if (scope === 'brand') throw forbidden('escalated', 'This item was escalated to the platform’s moderators');
      }
      throw error;
    }
  }
  return { item, scope: await assertModerates(db, actorId, item.brandId, 'Item') };
}

/** Open states a scope may decide from. */
const openFor = (scope: Scope): ItemStatus[] => (scope === 'platform' ? ['pending', 'escalated'] : ['pending']);

export type DecisionInput = { action: DecisionAction; reason?: string | null; note?: string | null };

export async function decide(
  ctx: ModerationContext,
  actorId: string,
  itemId: string,
  input: DecisionInput,
): Promise<Item> {
  const { item, scope } = await itemForModerator(ctx.db, actorId, itemId);
  const note = checkNote(input.note);
  let reason: string | null = null;
  if (input.action === 'reject') {
    if (!input.reason) throw unprocessable('reason_required', 'A rejection needs a reason');
    const policy = item.brandId ? await policyFor(ctx.db, item.brandId) : defaultPolicy('');
    if (!findReason(policy, input.reason)) {
      throw unprocessable(
        'unknown_reason',
        `The reason must be one of ${policy.reasons.map((r) => r.code).join(', ')}`,
        { reasons: policy.reasons.map((r) => r.code) },
      );
    }
    reason = input.reason;
  } else if (input.action === 'escalate') {
    if (scope === 'platform')
      throw unprocessable('already_on_platform', 'This item is already in the platform’s queue');
    reason = input.reason ?? null;
  } else if (input.action !== 'approve') {
    throw unprocessable('invalid_action', 'The action must be approve, reject or escalate');
  }
  const updated = await ctx.db.transaction(async (tx) => {
    const next: ItemStatus =
      input.action === 'approve' ? 'approved' : input.action === 'reject' ? 'rejected' : 'escalated';
    const decided = input.action !== 'escalate';
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`update moderation_items set status = ${next}, reason = ${reason}, note = ${note},
            decided_by = ${decided ? actorId : null}, decided_at = ${decided ? sql`now()` : sql`null`}
          where id = ${item.id} and status in ${openFor(scope)}
          returning id`,
    );
    if (!row) throw conflict('already_decided', 'Another moderator already decided this item');
    await audit(tx, { itemId: item.id, brandId: item.brandId, actorId, action: input.action, reason, note });
    if (decided) {
      const decision: Decision = {
        action: input.action as 'approve' | 'reject',
        reason: reason ?? undefined,
        note: note ?? undefined,
        moderatorId: actorId,
      };
      await moderationSubjects.get(item.type)?.onDecision?.(tx, item.subjectId, decision);
    }
    return (await loadItem(tx, item.id))!;
  });
  return updated;
}

export type BulkResult = { id: string; status: number; code?: string; item_status?: ItemStatus };

/** Each item decided on its own (one failure does not undo the others); the result says which. */
export async function decideMany(
  ctx: ModerationContext,
  actorId: string,
  ids: unknown,
  input: DecisionInput,
): Promise<BulkResult[]> {
  if (!Array.isArray(ids) || ids.length === 0)
    throw unprocessable('ids_required', 'Give the ids of the items to decide');
  if (ids.length > 100) throw unprocessable('too_many_ids', 'At most 100 items at once', { max: 100 });
  const out: BulkResult[] = [];
  for (const id of [...new Set(ids.map(String))]) {
    try {
      const item = await decide(ctx, actorId, id, input);
      out.push({ id, status: 200, item_status: item.status });
    } catch (error) {
      const e = error as { status?: number; code?: string };
      if (!e.status || e.status >= 500) throw error;
      // A wrong reason is wrong for every item: say it once, as the whole request's error.
      if (e.code === 'unknown_reason' || e.code === 'reason_required' || e.code === 'invalid_action') throw error;
      out.push({ id, status: e.status, code: e.code });
    }
  }
  return out;
}

/** The author asks for a second look at a rejection, once; it comes back as a new pending item. */
export async function appeal(ctx: ModerationContext, authorId: string, itemId: string, text: unknown): Promise<Item> {
  const body = typeof text === 'string' ? text.trim() : '';
  if ([...body].length > 2000) throw unprocessable('appeal_too_long', 'An appeal has at most 2,000 characters');
  const item = await loadItem(ctx.db, itemId);
  if (!item || item.authorId !== authorId) throw notFound('Item');
  if (item.status !== 'rejected') throw unprocessable('not_rejected', 'Only a rejection can be appealed');
  // A report's item is the reporters', not an author's: the reported content's author appeals its own item.
  if (item.type === 'report')
    throw unprocessable(
      'not_appealable',
      'A report’s decision cannot be appealed; the author of the content appeals its own decision',
    );
  if (item.appealOf) throw conflict('already_appealed', 'This decision was already appealed');
  return ctx.db.transaction(async (tx) => {
    const [marked] = await queryRows<{ id: string }>(
      tx,
      sql`update moderation_items set appealed = true where id = ${item.id} and not appealed returning id`,
    );
    if (!marked) throw conflict('already_appealed', 'This decision was already appealed');
    const submitted = await submitForModeration(tx, {
      brandId: item.brandId,
      type: item.type,
      subjectId: item.subjectId,
      flags: item.flags,
      authorId: item.authorId,
      productId: item.productId,
      orderId: item.orderId,
      appealOf: item.id,
      appealText: body || null,
    });
    return (await loadItem(tx, submitted.id))!;
  });
}

function checkNote(note: unknown): string | null {
  if (note === undefined || note === null || note === '') return null;
  if (typeof note !== 'string') throw unprocessable('invalid_note', 'The note must be text');
  if ([...note].length > 1000) throw unprocessable('note_too_long', 'A note has at most 1,000 characters');
  return note;
}

export async function audit(
  tx: DbOrTx,
  a: {
    itemId: string | null;
    brandId: string | null;
    actorId: string | null;
    action: string;
    reason?: string | null;
    note?: string | null;
  },
) {
  await queryRows(
    tx,
    sql`insert into moderation_actions (id, item_id, brand_id, actor_id, action, reason, note)
        values (${uuidv7()}, ${a.itemId}, ${a.brandId}, ${a.actorId}, ${a.action}, ${a.reason ?? null}, ${a.note ?? null})`,
  );
}
