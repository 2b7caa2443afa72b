/**
 * The e-mails a pledger gets when their pledge will not become an order: the pre-sale failed
 * (below its threshold at the deadline), their card was declined (48 hours to pick another), or
 * the pledge lapsed. They repeat the in-app notification, in the person's language, with a link to
 * the pre-sale's page. Sent once the state change is committed; the mailer's key names the event,
 * so the outbox keeps one file per event even if a run sends it again.
 */
import { sql } from 'drizzle-orm';
import type { Config } from '../../../config';
import { queryRows } from '../../../db/client';
import { mailerFor, type Mailer } from '../../../lib/mailer';
import type { Db } from '../../../db/client';

export type PledgerMailContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'dataDir' | 'smtpUrl' | 'mailFrom'>;
  mailer?: Mailer;
};

export type PledgerMailKind = 'presale_failed' | 'presale_payment_failed' | 'presale_lapsed';
/** One message: who, about what, and the mailer key that makes it one message per event. */
export type PledgerMail = { accountId: string; kind: PledgerMailKind; key: string };

type Texts = { subject: string; body: string };
const TEXTS: Record<
  'fr' | 'en',
  Record<PledgerMailKind, Texts> & { hello: string; link: string; sep: string; sign: string }
> = {
  fr: {
    presale_failed: {
      subject: 'Prévente « {title} » : seuil non atteint',
      body: 'La prévente « {title} » de {brand} n’a pas atteint son seuil à temps : votre promesse est annulée et rien ne vous est débité.',
    },
    presale_payment_failed: {
      subject: 'Prévente « {title} » : paiement refusé',
      body: 'La prévente « {title} » de {brand} a atteint son seuil, mais votre carte a été refusée. Choisissez une autre carte dans les 48 heures, sinon votre promesse expirera.',
    },
    presale_lapsed: {
      subject: 'Prévente « {title} » : promesse expirée',
      body: 'Aucune autre carte n’a été choisie dans les 48 heures : votre promesse pour « {title} » de {brand} a expiré. Rien ne vous a été débité.',
    },
    hello: 'Bonjour {name},',
    link: 'Voir la prévente',
    // French typography: a narrow space before the colon.
    sep: '\u202f: ',
    sign: '— {brand}, sur Comptoir',
  },
  en: {
    presale_failed: {
      subject: 'Pre-sale “{title}”: threshold not reached',
      body: '{brand}’s pre-sale “{title}” did not reach its threshold in time: your pledge is cancelled and you are not charged.',
    },
    presale_payment_failed: {
      subject: 'Pre-sale “{title}”: payment declined',
      body: '{brand}’s pre-sale “{title}” reached its threshold, but your card was declined. Choose another card within 48 hours, or your pledge will lapse.',
    },
    presale_lapsed: {
      subject: 'Pre-sale “{title}”: pledge lapsed',
      body: 'No other card was chosen within 48 hours: your pledge for {brand}’s “{title}” lapsed. You were not charged.',
    },
    hello: 'Hello {name},',
    link: 'See the pre-sale',
    sep: ': ',
    sign: '— {brand}, on Comptoir',
  },
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
/** A subject stays one line: a product title cannot inject a header. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

/** Sends each mail to its pledger (those without an e-mail address are skipped). */
export async function mailPledgers(ctx: PledgerMailContext, presaleId: string, mails: PledgerMail[]) {
  if (mails.length === 0) return;
  const [presale] = await queryRows<{ title: string; brand: string }>(
    ctx.db,
    sql`select p.title, coalesce(nullif(b.display_name, ''), b.username) as brand
        from presales ps join products p on p.id = ps.product_id join accounts b on b.id = ps.brand_id
        where ps.id = ${presaleId}`,
  );
  if (!presale) return;
  const people = await queryRows<{ id: string; name: string; locale: string | null; email: string | null }>(
    ctx.db,
    sql`select a.id, coalesce(nullif(a.display_name, ''), a.username) as name, a.locale, c.email
        from accounts a left join credentials c on c.account_id = a.id
        where a.id in (${sql.join(
          [...new Set(mails.map((m) => m.accountId))].map((id) => sql`${id}`),
          sql`, `,
        )})`,
  );
  const byId = new Map(people.map((p) => [p.id, p]));
  const url = `${ctx.config.publicUrl}/presales/${presaleId}`;
  const mailer = ctx.mailer ?? mailerFor(ctx.config);
  for (const m of mails) {
    const person = byId.get(m.accountId);
    if (!person?.email) continue;
    const s = TEXTS[person.locale === 'en' ? 'en' : 'fr'];
    const values = { title: [...presale.title].slice(0, 120).join(''), brand: presale.brand, name: person.name };
    const subject = oneLine(fill(s[m.kind].subject, values));
    const lines = [
      fill(s.hello, values),
      fill(s[m.kind].body, values),
      `${s.link}${s.sep}${url}`,
      fill(s.sign, values),
    ];
    const text = `${lines.join('\n\n')}\n`;
    const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:16px">
<p>${escapeHtml(lines[0])}</p>
<p><strong>${escapeHtml(lines[1])}</strong></p>
<p><a href="${escapeHtml(url)}">${escapeHtml(s.link)}</a></p>
<p>${escapeHtml(lines[3])}</p>
</body></html>
`;
    await mailer.send({ to: person.email, subject, text, html, key: m.key });
  }
}
