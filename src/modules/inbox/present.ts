// The inbox's JSON shapes (api-contracts.ts describes them), made from the services' rows.
import type { z } from 'zod';
import type { Config } from '../../config';
import { presentAccount, type Account } from '../accounts';
import type { ConversationSummary, InboxMessage } from './api-contracts';
import type { ListedConversation, Message } from './conversations';
import { breached } from './rows';
import { inboxPageUrl } from './urls';

type Summary = z.input<typeof ConversationSummary>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const account = (config: Config, a: Account | null) => (a ? presentAccount(config, a) : null);

export function presentConversation(config: Config, c: ListedConversation, brandUsername: string, now: Date): Summary {
  return {
    id: c.id,
    channel: c.channel,
    customer: account(config, c.customer),
    status: c.shownStatus,
    assignee: account(config, c.assignee),
    kind: c.kind,
    kind_source: c.kindSource,
    ...(c.orderId ? { order_id: c.orderId } : {}),
    subject: c.subject,
    priority: c.priority,
    labels: c.labels,
    snoozed_until: c.shownStatus === 'snoozed' ? iso(c.snoozedUntil) : null,
    sla: { first_response_due: iso(c.firstResponseDueAt), due: iso(c.slaDueAt), breached: breached(c, now) },
    last_message_at: c.lastMessageAt.toISOString(),
    message_count: c.messageCount,
    rating: c.rating,
    url: `${config.publicUrl}${inboxPageUrl(brandUsername, c.id)}`,
  };
}

export function presentMessage(config: Config, m: Message): z.input<typeof InboxMessage> {
  return {
    id: m.id,
    author: account(config, m.author),
    role: m.authorRole,
    internal: m.internal,
    text: m.text,
    created_at: m.createdAt.toISOString(),
    delivered_at: iso(m.deliveredAt),
    delivery_error: m.deliveryError,
  };
}

/** A yes/no from JSON or a form ('true', 'on', '1'); anything else is left for the service to refuse. */
export function yesNo(v: unknown): unknown {
  if (v === 'true' || v === 'on' || v === '1') return true;
  if (v === 'false' || v === 'off' || v === '0') return false;
  return v;
}
