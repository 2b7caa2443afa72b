/**
 * Reply-to-buy for people on other servers (commerce ↔ social ↔ federation): a remote person
 * cannot be charged from afar (no saved card, no address here), so instead of an order waiting
 * for them, the brand answers their reply with a post that mentions them and links the product
 * page, where they confirm on Comptoir. The answer is an ordinary post of the brand's: it
 * reaches their server like any other (federation's publishing of posts).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import { queryRows } from '../db/client';
import { createStatus } from '../modules/social';
import { loadStatusProducts, presentProducts } from './shoppable-posts';

type Reply = {
  id: string;
  username: string;
  domain: string | null;
  visibility: string;
  parent_id: string;
  brand_id: string;
  locale: string | null;
  answered: boolean;
};

function answerText(locale: string | null, handle: string, title: string, url: string): string {
  return locale === 'en'
    ? `@${handle} Thank you! To order “${title}”, confirm on Comptoir: ${url}`
    : `@${handle} Merci ! Pour commander « ${title} », confirmez sur Comptoir : ${url}`;
}

/**
 * After a reply-to-buy is committed: when its author is remote, the brand answers it (once) and
 * true is returned; a local author's reply is left to commerce (false).
 */
export async function answerRemoteBuyer(app: AppContext, replyId: string): Promise<boolean> {
  const [reply] = await queryRows<Reply>(
    app.db,
    sql`select s.id, a.username, a.domain, s.visibility, p.id as parent_id, p.account_id as brand_id, b.locale,
          exists (select 1 from statuses x where x.in_reply_to_id = s.id and x.account_id = p.account_id) as answered
        from statuses s join accounts a on a.id = s.account_id
        join statuses p on p.id = s.in_reply_to_id join accounts b on b.id = p.account_id
        where s.id = ${replyId}`,
  );
  if (!reply?.domain) return false;
  if (reply.answered) return true;
  const [product] = presentProducts(
    app.config,
    (await loadStatusProducts(app.db, [reply.parent_id])).get(reply.parent_id) ?? [],
  );
  if (!product) return true;
  await createStatus(app, reply.brand_id, {
    text: answerText(reply.locale, reply.username, product.title, product.url),
    inReplyToId: reply.id,
    // A reply meant for the brand alone is answered the same way.
    visibility: reply.visibility === 'direct' || reply.visibility === 'private' ? 'direct' : 'public',
    language: reply.locale === 'en' ? 'en' : 'fr',
  });
  return true;
}
