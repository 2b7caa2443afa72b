/**
 * Social ↔ inbox: posts that speak to a brand land in its inbox, and the team's replies go back as
 * posts (Medusa-style: neither module imports the other for it; registered by src/boot.ts).
 *
 * - `mention`: a post (public, unlisted or private) that mentions the brand or replies to one of
 *   its posts; `direct`: a direct message to the brand. The thread is the conversation's root
 *   post, so a whole reply chain is one conversation; the message's channel_ref is the post.
 *   Written by someone on the brand's team (or the brand itself): never a customer's message.
 *   Checked cheaply in the post's transaction, brought in by the `status.published` job
 *   (idempotent: receiveCustomerMessage keeps a post once).
 * - Delivery: a reply post as the brand (written by the agent), in reply to the customer's latest
 *   post of the thread, mentioning them, with that post's visibility (never wider); a direct
 *   message for `direct`. The post records its inbox message in its own transaction
 *   (inbox_status_deliveries), so a delivery run twice posts once.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows, type DbOrTx } from '../db/client';
import { conflict } from '../lib/errors';
import { roleAllows } from '../modules/accounts';
import { teamRole } from '../modules/commerce';
import { receiveCustomerMessage, type DeliveryMessage, type InboxChannelHandler } from '../modules/inbox';
import { createStatus, type StatusExtension } from '../modules/social';
import type { AppExtensions } from './extensions';

/** The hidden input a delivery passes to createStatus; never read from a request's parameters. */
type DeliveryInput = { messageId: string };

/** The brands a post speaks to: mentioned, or the author of the post it replies to (not the author itself). */
async function brandsAddressed(
  db: DbOrTx,
  post: { id: string; accountId: string; inReplyToAccountId: string | null },
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select a.id from accounts a
        where a.kind = 'brand' and a.id <> ${post.accountId}
          and (a.id in (select m.account_id from status_mentions m where m.status_id = ${post.id})
               or a.id = ${post.inReplyToAccountId})`,
  );
  return rows.map((r) => r.id);
}

/** The first post of the reply chain (the oldest one still there). */
async function rootOf(db: DbOrTx, statusId: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`with recursive chain(id, parent, depth) as (
          select id, in_reply_to_id, 0 from statuses where id = ${statusId}
          union all
          select s.id, s.in_reply_to_id, chain.depth + 1 from statuses s join chain on s.id = chain.parent
          where chain.depth < 500)
        select id from chain order by depth desc limit 1`,
  );
  return row?.id ?? statusId;
}

/** The `status.published` part: the post lands in each addressed brand's inbox. */
export async function receivePost(app: AppContext, statusId: string): Promise<void> {
  const [post] = await queryRows<{
    id: string;
    account_id: string;
    in_reply_to_account_id: string | null;
    visibility: string;
    text: string;
    created_at: Date | string;
    reblog_of_id: string | null;
  }>(
    app.db,
    sql`select id, account_id, in_reply_to_account_id, visibility, text, created_at, reblog_of_id
        from statuses where id = ${statusId}`,
  );
  if (!post || post.reblog_of_id || !post.text.trim()) return;
  const brands = await brandsAddressed(app.db, {
    id: post.id,
    accountId: post.account_id,
    inReplyToAccountId: post.in_reply_to_account_id,
  });
  if (brands.length === 0) return;
  const root = await rootOf(app.db, post.id);
  for (const brandId of brands) {
    // The brand's own team speaks for it: never a customer's message.
    if (await teamRole(app.db, brandId, post.account_id)) continue;
    await receiveCustomerMessage(app.db, {
      brandId,
      customerId: post.account_id,
      channel: post.visibility === 'direct' ? 'direct' : 'mention',
      threadKey: root,
      text: post.text,
      channelRef: post.id,
      at: new Date(post.created_at),
    });
  }
}

export const inboxPostsExtension: StatusExtension = {
  name: 'inbox',
  async afterInsert(tx, { status, input }) {
    const delivery = input as DeliveryInput | undefined;
    if (delivery?.messageId) {
      // Unique on the message: a second post for the same reply is refused with its transaction.
      await queryRows(
        tx,
        sql`insert into inbox_status_deliveries (message_id, status_id) values (${delivery.messageId}, ${status.id})`,
      );
      return false;
    }
    if (status.reblogOfId) return false;
    const brands = await brandsAddressed(tx, status);
    return brands.length > 0;
  },
  published: receivePost,
};

async function deliveredStatus(db: DbOrTx, messageId: string): Promise<string | null> {
  const [row] = await queryRows<{ status_id: string }>(
    db,
    sql`select status_id from inbox_status_deliveries where message_id = ${messageId}`,
  );
  return row?.status_id ?? null;
}

const visibilityRank: Record<string, number> = { public: 0, unlisted: 1, private: 2, direct: 3 };

/**
 * A post as the brand carrying the team's reply: in reply to `inReplyToId` when given, mentioning
 * the customer, with `visibility`. Once per inbox message.
 */
export async function postAsBrand(
  app: AppContext,
  input: {
    brandId: string;
    customerId: string;
    message: DeliveryMessage;
    visibility: string;
    inReplyToId: string | null;
  },
): Promise<{ ref: string }> {
  const done = await deliveredStatus(app.db, input.message.id);
  if (done) return { ref: done };
  const [customer] = await queryRows<{ username: string }>(
    app.db,
    sql`select username from accounts where id = ${input.customerId}`,
  );
  const mention = `@${customer?.username ?? ''}`;
  const text = input.message.text.toLowerCase().includes(mention.toLowerCase())
    ? input.message.text
    : `${mention} ${input.message.text}`;
  // The agent writes for the brand when they may; a reply without an author is the brand's own.
  const writer =
    input.message.authorId && roleAllows(await teamRole(app.db, input.brandId, input.message.authorId), 'post')
      ? input.message.authorId
      : null;
  try {
    const status = await createStatus(
      app,
      input.brandId,
      {
        text,
        visibility: input.visibility,
        inReplyToId: input.inReplyToId,
        extensions: { inbox: { messageId: input.message.id } satisfies DeliveryInput },
      },
      writer,
    );
    return { ref: status.id };
  } catch (error) {
    // A twin delivery posted first: its post is the one.
    const twin = await deliveredStatus(app.db, input.message.id);
    if (twin) return { ref: twin };
    throw error;
  }
}

/** The customer's latest post in the conversation, the one the brand's reply answers. */
async function latestCustomerPost(db: DbOrTx, conversationId: string) {
  const [row] = await queryRows<{ id: string; visibility: string }>(
    db,
    sql`select s.id, s.visibility from inbox_messages m join statuses s on s.id::text = m.channel_ref
        where m.conversation_id = ${conversationId} and m.author_role = 'customer'
        order by m.created_at desc, m.id desc limit 1`,
  );
  return row ?? null;
}

function socialHandler(name: 'mention' | 'direct'): InboxChannelHandler {
  return {
    name,
    async deliver(app, conversation, message) {
      const post = await latestCustomerPost(app.db, conversation.id);
      if (!post) throw conflict('channel_gone', 'The customer’s posts of this conversation are gone');
      const visibility =
        name === 'direct' || (visibilityRank[post.visibility] ?? 3) >= visibilityRank.direct
          ? 'direct'
          : post.visibility;
      return postAsBrand(app, {
        brandId: conversation.brandId,
        customerId: conversation.customerId,
        message,
        visibility,
        inReplyToId: post.id,
      });
    },
  };
}

export function registerInboxSocial(extensions: AppExtensions) {
  extensions.statuses.register(inboxPostsExtension);
  extensions.inboxChannels.register(socialHandler('mention'));
  extensions.inboxChannels.register(socialHandler('direct'));
}
