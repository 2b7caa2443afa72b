/**
 * Telling the buyer that the brand answered on the order's page: an in-app notification (social's
 * 'order' type, detail `inbox_reply`, which links to the order) and an e-mail in their language.
 * Once per message: the message's `delivered_at` is claimed in the notification's transaction,
 * and the e-mail, sent just before, is keyed by the message (a rerun writes the same outbox file).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { orderNumber } from '../../commerce';
import { escapeHtml, notify, publishNotifications } from '../../social';
import type { DeliveryMessage } from '../channels';
import type { ThreadOrder } from './service';

type Locale = 'fr' | 'en';

const STRINGS = {
  fr: {
    subject: (n: string, brand: string) => `Commande ${n} : ${brand} vous a répondu`,
    hello: (name: string) => `Bonjour ${name},`,
    lead: (brand: string) => `${brand} a répondu à votre message au sujet de votre commande :`,
    follow: 'Voir la conversation et répondre',
    footer: 'Vous recevez ce message parce que vous avez écrit à cette boutique sur Comptoir.',
  },
  en: {
    subject: (n: string, brand: string) => `Order ${n}: ${brand} answered you`,
    hello: (name: string) => `Hello ${name},`,
    lead: (brand: string) => `${brand} answered your message about your order:`,
    follow: 'See the conversation and answer',
    footer: 'You are receiving this message because you wrote to this shop on Comptoir.',
  },
} as const;

/** Mail headers stay one line: no CR/LF from a brand's name can inject a header. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

export function answerMail(input: {
  locale: Locale;
  orderId: string;
  brandName: string;
  buyerName: string;
  text: string;
  publicUrl: string;
}) {
  const s = STRINGS[input.locale];
  const url = `${input.publicUrl}/orders/${input.orderId}#order-thread`;
  const subject = oneLine(s.subject(orderNumber(input.orderId), input.brandName));
  const sep = input.locale === 'fr' ? '\u202f: ' : ': ';
  const text = [
    s.hello(input.buyerName),
    '',
    s.lead(input.brandName),
    '',
    input.text,
    '',
    `${s.follow}${sep}${url}`,
    '',
    s.footer,
    '',
  ].join('\n');
  const paragraphs = input.text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:16px">
<p>${escapeHtml(s.hello(input.buyerName))}</p>
<p>${escapeHtml(s.lead(input.brandName))}</p>
<blockquote style="margin:0;padding:8px 12px;border-left:3px solid #ccc">${paragraphs}</blockquote>
<p><a href="${escapeHtml(url)}">${escapeHtml(s.follow)}</a></p>
<p style="color:#777;font-size:12px">${escapeHtml(s.footer)}</p>
</body></html>`;
  return { subject, text, html };
}

export async function tellBuyer(app: AppContext, order: ThreadOrder, message: DeliveryMessage): Promise<void> {
  const [state] = await queryRows<{ delivered: boolean }>(
    app.db,
    sql`select (delivered_at is not null) as delivered from inbox_messages where id = ${message.id}`,
  );
  if (!state || state.delivered === true) return;
  const [people] = await queryRows<{
    brand_name: string;
    buyer_name: string;
    locale: string | null;
    email: string | null;
  }>(
    app.db,
    sql`select coalesce(nullif(b.display_name, ''), b.username) as brand_name,
          coalesce(nullif(p.display_name, ''), p.username) as buyer_name, p.locale, c.email
        from accounts b, accounts p left join credentials c on c.account_id = p.id
        where b.id = ${order.brandId} and p.id = ${order.buyerId}`,
  );
  if (people?.email) {
    const mail = answerMail({
      locale: people.locale === 'en' ? 'en' : 'fr',
      orderId: order.id,
      brandName: people.brand_name,
      buyerName: people.buyer_name,
      text: message.text,
      publicUrl: app.config.publicUrl,
    });
    await app.mailer.send({ to: people.email, ...mail, key: `inbox:${message.id}` });
  }
  const at = app.clock.now();
  const id = await app.db.transaction(async (tx) => {
    const claimed = await queryRows<{ id: string }>(
      tx,
      sql`update inbox_messages set delivered_at = ${at} where id = ${message.id} and delivered_at is null returning id`,
    );
    if (claimed.length === 0) return null;
    return notify(tx, {
      accountId: order.buyerId,
      fromAccountId: order.brandId,
      type: 'order',
      subjectId: order.id,
      detail: 'inbox_reply',
    });
  });
  if (id) await publishNotifications(app, [{ id, accountId: order.buyerId }]);
}
