// A conversation as the inbox's services read it (one column list, one mapping), with the status
// a person sees: a snoozed conversation whose time has come counts as open even before the
// wake-up job has run.
import { sql } from 'drizzle-orm';
import type { ConversationKind, ConversationPriority, ConversationStatus, InboxChannel } from './schema';

export type ConversationRow = {
  id: string;
  brandId: string;
  customerId: string;
  channel: InboxChannel;
  threadKey: string;
  orderId: string | null;
  subject: string | null;
  status: ConversationStatus;
  snoozedUntil: Date | null;
  assigneeId: string | null;
  priority: ConversationPriority;
  labels: string[];
  kind: ConversationKind;
  kindSource: 'triage' | 'person';
  createdAt: Date;
  lastMessageAt: Date;
  awaitingSince: Date | null;
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  slaDueAt: Date | null;
  resolvedAt: Date | null;
  rating: number | null;
  ratingComment: string | null;
  messageCount: number;
};

export type RawConversation = {
  id: string;
  brand_id: string;
  customer_id: string;
  channel: InboxChannel;
  thread_key: string;
  order_id: string | null;
  subject: string | null;
  status: ConversationStatus;
  snoozed_until: string | Date | null;
  assignee_id: string | null;
  priority: ConversationPriority;
  labels: string[] | string | null;
  kind: ConversationKind;
  kind_source: 'triage' | 'person';
  created_at: string | Date;
  last_message_at: string | Date;
  awaiting_since: string | Date | null;
  first_response_at: string | Date | null;
  first_response_due_at: string | Date | null;
  sla_due_at: string | Date | null;
  resolved_at: string | Date | null;
  rating: number | null;
  rating_comment: string | null;
  message_count: number;
};

export const conversationColumns = sql.raw(
  [
    'id',
    'brand_id',
    'customer_id',
    'channel',
    'thread_key',
    'order_id',
    'subject',
    'status',
    'snoozed_until',
    'assignee_id',
    'priority',
    'labels',
    'kind',
    'kind_source',
    'created_at',
    'last_message_at',
    'awaiting_since',
    'first_response_at',
    'first_response_due_at',
    'sla_due_at',
    'resolved_at',
    'rating',
    'rating_comment',
    'message_count',
  ]
    .map((c) => `c.${c}`)
    .join(', '),
);

const date = (v: string | Date | null): Date | null => (v === null ? null : new Date(v));

// A text[] comes back as an array from drizzle's drivers, as '{a,b}' text from a raw query on some.
const labelsOf = (v: string[] | string | null): string[] => {
  if (Array.isArray(v)) return v;
  if (!v || v === '{}') return [];
  return v
    .slice(1, -1)
    .split(',')
    .map((s) => s.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1'));
};

export function toConversation(r: RawConversation): ConversationRow {
  return {
    id: r.id,
    brandId: r.brand_id,
    customerId: r.customer_id,
    channel: r.channel,
    threadKey: r.thread_key,
    orderId: r.order_id,
    subject: r.subject,
    status: r.status,
    snoozedUntil: date(r.snoozed_until),
    assigneeId: r.assignee_id,
    priority: r.priority,
    labels: labelsOf(r.labels),
    kind: r.kind,
    kindSource: r.kind_source,
    createdAt: new Date(r.created_at),
    lastMessageAt: new Date(r.last_message_at),
    awaitingSince: date(r.awaiting_since),
    firstResponseAt: date(r.first_response_at),
    firstResponseDueAt: date(r.first_response_due_at),
    slaDueAt: date(r.sla_due_at),
    resolvedAt: date(r.resolved_at),
    rating: r.rating === null ? null : Number(r.rating),
    ratingComment: r.rating_comment,
    messageCount: Number(r.message_count),
  };
}

/** The status a person sees at `now`: a snooze that has ended is open again. */
export function effectiveStatus(c: Pick<ConversationRow, 'status' | 'snoozedUntil'>, now: Date): ConversationStatus {
  if (c.status === 'snoozed' && c.snoozedUntil && c.snoozedUntil.getTime() <= now.getTime()) return 'open';
  return c.status;
}

/** A due time passed while its answer is still missing (sla.ts clears the due times it met). */
export const breached = (c: Pick<ConversationRow, 'slaDueAt' | 'status'>, now: Date) =>
  c.status !== 'resolved' && c.slaDueAt !== null && c.slaDueAt.getTime() <= now.getTime();
