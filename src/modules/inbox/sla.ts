/**
 * Service levels: a brand's targets (first response, next response, resolution, business hours
 * in Europe/Paris) turned into each conversation's due times. Called after every event that
 * moves them, in that event's transaction, once the event's own columns are written.
 *
 * Due times are in business time (service-levels/business-hours.ts). A breach is a due time
 * passed while its answer is still awaited; when the answer comes late (or the conversation is
 * resolved late) inbox_sla_records keeps it, so reports count it after the due time is cleared.
 * Snoozing pauses the clock: on waking (a customer's message or the snooze's end) every running
 * due time moves by the business time spent snoozed.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { notify } from '../social';
import { inboxConversations } from './schema';
import { addBusinessMinutes, businessMinutesBetween } from './service-levels/business-hours';
import { inboxSlaRecords } from './service-levels/schema';
import { targetsOf } from './service-levels/targets';

export type ServiceLevelEvent =
  | { kind: 'customer_message'; at: Date; reopened: boolean }
  | { kind: 'team_reply'; at: Date }
  | { kind: 'resolved'; at: Date }
  | { kind: 'snoozed'; at: Date; until: Date }
  | { kind: 'reopened'; at: Date };

type Dues = { firstResponseDueAt: Date | null; nextResponseDueAt: Date | null; resolutionDueAt: Date | null };
const late = (due: Date | null, at: Date) => due !== null && due.getTime() < at.getTime();
const earliest = (d: Dues) =>
  [d.firstResponseDueAt, d.nextResponseDueAt, d.resolutionDueAt]
    .filter((x): x is Date => x !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

export async function applyServiceLevels(tx: DbOrTx, conversationId: string, event: ServiceLevelEvent) {
  const [c] = await tx
    .select({
      brandId: inboxConversations.brandId,
      customerId: inboxConversations.customerId,
      createdAt: inboxConversations.createdAt,
      firstResponseAt: inboxConversations.firstResponseAt,
      firstResponseDueAt: inboxConversations.firstResponseDueAt,
      nextResponseDueAt: inboxConversations.nextResponseDueAt,
      resolutionDueAt: inboxConversations.resolutionDueAt,
    })
    .from(inboxConversations)
    .where(eq(inboxConversations.id, conversationId))
    .for('update');
  if (!c) return;
  const targets = await targetsOf(tx, c.brandId);
  // The record row exists from the first event on; its flags only ever grow.
  const [record] = await tx
    .insert(inboxSlaRecords)
    .values({ conversationId, brandId: c.brandId })
    .onConflictDoUpdate({ target: inboxSlaRecords.conversationId, set: { brandId: c.brandId } })
    .returning();
  if (!record) return;
  const hours = targets.hours;
  const due = (from: Date, minutes: number) => (targets.enabled ? addBusinessMinutes(from, minutes, hours) : null);
  const dues: Dues = {
    firstResponseDueAt: c.firstResponseDueAt,
    nextResponseDueAt: c.nextResponseDueAt,
    resolutionDueAt: c.resolutionDueAt,
  };
  const rec: Partial<typeof inboxSlaRecords.$inferInsert> = {};
  let paused = record.pausedAt !== null;
  const at = event.at;

  // Waking from a snooze: the time spent snoozed does not count against the team.
  const resume = () => {
    if (!record.pausedAt) return;
    const pausedAt = record.pausedAt;
    for (const key of ['firstResponseDueAt', 'nextResponseDueAt', 'resolutionDueAt'] as const) {
      const d = dues[key];
      if (d && d.getTime() > pausedAt.getTime())
        dues[key] = addBusinessMinutes(at, businessMinutesBetween(pausedAt, d, hours), hours) ?? d;
    }
    rec.pausedAt = null;
    paused = false;
  };

  switch (event.kind) {
    case 'customer_message': {
      resume();
      // Before the team's first answer the first-response target runs; after it, the next-response one.
      const answered = c.firstResponseAt !== null || record.firstResponseMinutes !== null;
      if (!answered && !dues.firstResponseDueAt)
        dues.firstResponseDueAt = due(event.reopened ? at : c.createdAt, targets.firstResponseMinutes);
      else if (answered && !dues.nextResponseDueAt) dues.nextResponseDueAt = due(at, targets.nextResponseMinutes);
      if (!dues.resolutionDueAt)
        dues.resolutionDueAt = due(event.reopened ? at : c.createdAt, targets.resolutionMinutes);
      break;
    }
    case 'team_reply': {
      resume();
      if (record.firstResponseMinutes === null) {
        rec.firstResponseMinutes = businessMinutesBetween(c.createdAt, at, hours);
        if (late(dues.firstResponseDueAt, at)) rec.firstResponseBreached = true;
      }
      if (late(dues.nextResponseDueAt, at)) rec.nextResponseBreaches = record.nextResponseBreaches + 1;
      dues.firstResponseDueAt = null;
      dues.nextResponseDueAt = null;
      break;
    }
    case 'resolved': {
      rec.pausedAt = null;
      paused = false;
      // Resolved without an answer in time is a breach too; in time or late, it is now settled.
      if (late(dues.firstResponseDueAt, at)) rec.firstResponseBreached = true;
      if (late(dues.nextResponseDueAt, at)) rec.nextResponseBreaches = record.nextResponseBreaches + 1;
      if (late(dues.resolutionDueAt, at)) rec.resolutionBreached = true;
      rec.resolutionMinutes = businessMinutesBetween(c.createdAt, at, hours);
      dues.firstResponseDueAt = null;
      dues.nextResponseDueAt = null;
      dues.resolutionDueAt = null;
      if (!record.ratingRequestedAt) {
        rec.ratingRequestedAt = at;
        // The customer is asked once to rate how it went (the notification links to the rating page).
        await notify(tx, {
          accountId: c.customerId,
          fromAccountId: c.brandId,
          type: 'inbox',
          subjectId: conversationId,
          detail: 'rate',
        });
      }
      break;
    }
    case 'snoozed': {
      if (!record.pausedAt) rec.pausedAt = at;
      paused = true;
      break;
    }
    case 'reopened': {
      resume();
      // Reopened after resolution: a new resolution target from now, and the answer awaited if any.
      if (!dues.resolutionDueAt) dues.resolutionDueAt = due(at, targets.resolutionMinutes);
      break;
    }
  }

  if (Object.keys(rec).length > 0)
    await tx.update(inboxSlaRecords).set(rec).where(eq(inboxSlaRecords.conversationId, conversationId));
  await tx
    .update(inboxConversations)
    .set({
      ...dues,
      ...(event.kind === 'team_reply'
        ? { firstResponseAt: sql`coalesce(${inboxConversations.firstResponseAt}, ${at.toISOString()}::timestamptz)` }
        : {}),
      slaDueAt: paused ? null : earliest(dues),
    })
    .where(eq(inboxConversations.id, conversationId));
}

/** What the team sees of a conversation's service levels at `now`. */
export type SlaState = {
  firstResponseDue: Date | null;
  nextResponseDue: Date | null;
  resolutionDue: Date | null;
  /** A running due time already passed. */
  breached: boolean;
};

export function slaStateOf(
  c: { firstResponseDueAt: Date | null; nextResponseDueAt: Date | null; resolutionDueAt: Date | null },
  now: Date,
): SlaState {
  return {
    firstResponseDue: c.firstResponseDueAt,
    nextResponseDue: c.nextResponseDueAt,
    resolutionDue: c.resolutionDueAt,
    breached: [c.firstResponseDueAt, c.nextResponseDueAt, c.resolutionDueAt].some((d) => late(d, now)),
  };
}
