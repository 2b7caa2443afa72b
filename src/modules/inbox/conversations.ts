/**
 * Reading a brand's inbox: the list (filters, what breaches first on top, keyset pages), the
 * counts per status, and one conversation with its messages in order. Only the brand's agents
 * read (anyone else gets a 404); internal notes are part of the team's view only, and this
 * module has no customer-side read at all (the channels show the customer their side).
 */
import { type SQL, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { unprocessable } from '../../lib/errors';
import { getAccounts, type Account } from '../accounts';
import { assertInboxRole, conversationFor } from './access';
import {
  conversationColumns,
  effectiveStatus,
  toConversation,
  type ConversationRow,
  type RawConversation,
} from './rows';
import {
  conversationKinds,
  conversationPriorities,
  conversationStatuses,
  inboxChannels,
  type ConversationKind,
  type ConversationPriority,
  type ConversationStatus,
  type InboxChannel,
} from './schema';

export const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ListFilters = {
  brandId: string;
  viewerId: string;
  /** Absent: every status. `open` includes snoozed conversations whose time has come. */
  status?: ConversationStatus;
  /** `mine`, `unassigned`, or an agent's account id. */
  assignee?: string;
  kind?: ConversationKind;
  channel?: InboxChannel;
  label?: string;
  priority?: ConversationPriority;
  /** The last conversation of the previous page (keyset paging). */
  after?: string;
  limit?: number;
  /** The app's clock (ctx.clock.now()); the snoozes that have ended are open at this time. */
  now?: Date;
};

export type ListedConversation = ConversationRow & {
  shownStatus: ConversationStatus;
  customer: Account | null;
  assignee: Account | null;
};

export type Message = {
  id: string;
  authorId: string | null;
  author: Account | null;
  authorRole: 'customer' | 'team' | 'system';
  internal: boolean;
  text: string;
  channelRef: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deliveryError: string | null;
};

const oneOf = <T extends string>(field: string, list: readonly T[], value: string | undefined): T | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!(list as readonly string[]).includes(value))
    throw unprocessable(`invalid_${field}`, `${field} must be one of ${list.join(', ')}`, { field });
  return value as T;
};

/** Checks raw filters (a query string) and answers the typed ones; a bad value is a 422 naming it. */
export function checkFilters(q: Record<string, string | undefined>) {
  const assignee = q.assignee || undefined;
  if (assignee && assignee !== 'mine' && assignee !== 'unassigned' && !UUID.test(assignee))
    throw unprocessable('invalid_assignee', 'assignee must be mine, unassigned or an account id', {
      field: 'assignee',
    });
  if (q.after && !UUID.test(q.after))
    throw unprocessable('invalid_after', 'after must be a conversation id', { field: 'after' });
  const label = q.label?.trim() || undefined;
  if (label && label.length > 40) throw unprocessable('invalid_label', 'label is too long', { field: 'label' });
  return {
    status: oneOf('status', conversationStatuses, q.status),
    assignee: assignee?.toLowerCase(),
    kind: oneOf('kind', conversationKinds, q.kind),
    channel: oneOf('channel', inboxChannels, q.channel),
    priority: oneOf('priority', conversationPriorities, q.priority),
    label,
    after: q.after?.toLowerCase(),
  };
}

/**
 * The statuses a list asks for, each a condition the index (brand, status, sla_due_at,
 * last_message_at desc, id desc) reads in the list's order. `open` is two of them: open ones, and
 * snoozed ones whose time has come (shown open until the `inbox.wake` job writes it). That second
 * branch is read whole through the snoozed index (brand, snoozed_until): the wake job keeps it to
 * a few rows, where walking every snoozed conversation in the list's order to find none would not.
 */
type Branch = { condition: SQL; inOrder: boolean };
function statusBranches(status: ConversationStatus | undefined, now: Date): Branch[] {
  const iso = now.toISOString();
  const inOrder = (condition: SQL) => ({ condition, inOrder: true });
  if (status === undefined) return [inOrder(sql`true`)];
  if (status === 'open')
    return [
      inOrder(sql`c.status = 'open'`),
      { condition: sql`c.status = 'snoozed' and c.snoozed_until <= ${iso}::timestamptz`, inOrder: false },
    ];
  if (status === 'snoozed') return [inOrder(sql`c.status = 'snoozed' and c.snoozed_until > ${iso}::timestamptz`)];
  return [inOrder(sql`c.status = ${status}`)];
}

const listOrder = sql`order by c.sla_due_at asc nulls last, c.last_message_at desc nulls last, c.id desc nulls last`;

async function withPeople<T extends ConversationRow>(db: Db, rows: T[]) {
  const people = await getAccounts(
    { db },
    rows.flatMap((r) => [r.customerId, ...(r.assigneeId ? [r.assigneeId] : [])]),
  );
  return people;
}

/**
 * A page of the brand's conversations, what breaches first on top: `sla_due_at` (none last),
 * then the latest message first. Keyset: `after` is the previous page's last conversation.
 */
export async function listConversations(db: Db, f: ListFilters): Promise<ListedConversation[]> {
  await assertInboxRole(db, f.brandId, f.viewerId);
  const now = f.now ?? new Date();
  const limit = Math.min(Math.max(f.limit ?? PAGE_SIZE, 1), 100);
  const where: SQL[] = [sql`c.brand_id = ${f.brandId}`];
  if (f.assignee === 'mine') where.push(sql`c.assignee_id = ${f.viewerId}`);
  else if (f.assignee === 'unassigned') where.push(sql`c.assignee_id is null`);
  else if (f.assignee) where.push(sql`c.assignee_id = ${f.assignee}`);
  if (f.kind) where.push(sql`c.kind = ${f.kind}`);
  if (f.channel) where.push(sql`c.channel = ${f.channel}`);
  if (f.priority) where.push(sql`c.priority = ${f.priority}`);
  if (f.label) where.push(sql`${f.label} = any(c.labels)`);
  if (f.after) {
    // The row after the cursor in (sla_due_at nulls last, last_message_at desc, id desc) order.
    const cur = sql`(select sla_due_at, last_message_at, id from inbox_conversations
                     where id = ${f.after} and brand_id = ${f.brandId})`;
    where.push(sql`exists (select 1 from ${cur} k where
      (k.sla_due_at is not null and (c.sla_due_at is null or c.sla_due_at > k.sla_due_at
        or (c.sla_due_at = k.sla_due_at and (c.last_message_at, c.id) < (k.last_message_at, k.id))))
      or (k.sla_due_at is null and c.sla_due_at is null and (c.last_message_at, c.id) < (k.last_message_at, k.id)))`);
  }
  // Each status branch walks the index in the list's order and stops at `limit`; the branches
  // (two for `open`) are merged in that order. An `or` of both would sort every open row instead.
  const branches = statusBranches(f.status, now).map(
    (b) => sql`(select ${conversationColumns} from inbox_conversations c
      where ${sql.join([...where, b.condition], sql` and `)} ${b.inOrder ? sql`${listOrder} limit ${limit}` : sql``})`,
  );
  const rows = (
    await queryRows<RawConversation>(
      db,
      branches.length === 1
        ? branches[0]
        : sql`select c.* from (${sql.join(branches, sql` union all `)}) c ${listOrder} limit ${limit}`,
    )
  ).map(toConversation);
  const people = await withPeople(db, rows);
  return rows.map((r) => ({
    ...r,
    shownStatus: effectiveStatus(r, now),
    customer: people.get(r.customerId) ?? null,
    assignee: r.assigneeId ? (people.get(r.assigneeId) ?? null) : null,
  }));
}

/** How many conversations of the brand are in each status (as a person sees it at `now`). */
export async function statusCounts(
  db: Db,
  brandId: string,
  viewerId: string,
  now: Date,
): Promise<Record<ConversationStatus, number>> {
  await assertInboxRole(db, brandId, viewerId);
  const iso = now.toISOString();
  const rows = await queryRows<{ status: ConversationStatus; n: number }>(
    db,
    sql`select case when status = 'snoozed' and snoozed_until <= ${iso}::timestamptz then 'open' else status end
          as status, count(*)::int as n
        from inbox_conversations where brand_id = ${brandId} group by 1`,
  );
  const out = { open: 0, pending: 0, snoozed: 0, resolved: 0 };
  for (const r of rows) out[r.status] += Number(r.n);
  return out;
}

export type ConversationDetail = ListedConversation & { messages: Message[] };

/**
 * One conversation with its messages in order, internal notes included: for the brand's agents
 * only (anyone else, the customer too, gets a 404: the customer's side is read on its channel).
 */
export async function getConversation(
  db: Db,
  input: { brandId?: string; conversationId: string; viewerId: string | null; now?: Date },
): Promise<ConversationDetail> {
  const { conversation } = await conversationFor(db, input.conversationId, input.viewerId, input.brandId);
  const raw = await queryRows<{
    id: string;
    author_id: string | null;
    author_role: Message['authorRole'];
    internal: boolean;
    text: string;
    channel_ref: string | null;
    created_at: string | Date;
    delivered_at: string | Date | null;
    delivery_error: string | null;
  }>(
    db,
    sql`select id, author_id, author_role, internal, text, channel_ref, created_at, delivered_at, delivery_error
        from inbox_messages where conversation_id = ${conversation.id} order by created_at, id`,
  );
  const people = await getAccounts({ db }, [
    conversation.customerId,
    ...(conversation.assigneeId ? [conversation.assigneeId] : []),
    ...raw.flatMap((m) => (m.author_id ? [m.author_id] : [])),
  ]);
  const now = input.now ?? new Date();
  return {
    ...conversation,
    shownStatus: effectiveStatus(conversation, now),
    customer: people.get(conversation.customerId) ?? null,
    assignee: conversation.assigneeId ? (people.get(conversation.assigneeId) ?? null) : null,
    messages: raw.map((m) => ({
      id: m.id,
      authorId: m.author_id,
      author: m.author_id ? (people.get(m.author_id) ?? null) : null,
      authorRole: m.author_role,
      internal: m.internal,
      text: m.text,
      channelRef: m.channel_ref,
      createdAt: new Date(m.created_at),
      deliveredAt: m.delivered_at ? new Date(m.delivered_at) : null,
      deliveryError: m.delivery_error,
    })),
  };
}
