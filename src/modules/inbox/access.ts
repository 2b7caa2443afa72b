/**
 * Who may work in a brand's inbox: its team members whose role carries `inbox.answer` (agents),
 * and `inbox.manage` for the settings. Anyone else is told the conversation does not exist
 * (404), so an outsider cannot even learn that a brand has one.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../db/client';
import { notFound } from '../../lib/errors';
import { roleAllows, roleIn, type BrandRole, type Permission } from '../accounts';
import type { ConversationRow } from './rows';
import { conversationColumns, toConversation, type RawConversation } from './rows';

/** The viewer's role in the brand's team when it allows `permission`; otherwise a 404 on `what`. */
export async function assertInboxRole(
  db: Db,
  brandId: string,
  viewerId: string | null,
  permission: Permission = 'inbox.answer',
  what = 'Inbox',
): Promise<BrandRole> {
  const role = viewerId ? await roleIn({ db }, brandId, viewerId) : null;
  if (!roleAllows(role, permission)) throw notFound(what);
  return role as BrandRole;
}

/** Whether the viewer is one of the brand's agents (no error). */
export async function isAgent(db: Db, brandId: string, viewerId: string | null): Promise<boolean> {
  if (!viewerId) return false;
  return roleAllows(await roleIn({ db }, brandId, viewerId), 'inbox.answer');
}

/** Reads a conversation (locked for update when `lock`); null when there is none. */
export async function readConversation(tx: DbOrTx, id: string, lock = false): Promise<ConversationRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await queryRows<RawConversation>(
    tx,
    sql`select ${conversationColumns} from inbox_conversations c where c.id = ${id.toLowerCase()}
        ${lock ? sql`for update` : sql``}`,
  );
  return row ? toConversation(row) : null;
}

/** The conversation when the viewer is on its brand's team (and of `brandId` when given); else 404. */
export async function conversationFor(
  db: Db,
  conversationId: string,
  viewerId: string | null,
  brandId?: string,
): Promise<{ conversation: ConversationRow; role: BrandRole }> {
  const conversation = await readConversation(db, conversationId);
  if (!conversation || (brandId && conversation.brandId !== brandId)) throw notFound('Conversation');
  const role = await assertInboxRole(db, conversation.brandId, viewerId, 'inbox.answer', 'Conversation');
  return { conversation, role };
}
