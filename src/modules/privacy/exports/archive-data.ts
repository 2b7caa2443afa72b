/**
 * What a person's archive holds, one function per JSON file. Each query names its columns: what
 * leaves is chosen, never `select *`, so nothing of another person goes out by accident. Other
 * people appear only as what the person saw of them in public (a handle, a profile's address),
 * never by their e-mail, address, payment or private text; a brand's team appears as the brand.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { mediaUrl } from '../../accounts';

type Ctx = Pick<AppContext, 'db' | 'config'>;
type Json = Record<string, unknown>;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Someone else as the person saw them: `name` here, `name@server` elsewhere, and their public address. */
const acct = (prefix: string) =>
  sql.raw(
    `case when ${prefix}.domain is null then ${prefix}.username else ${prefix}.username || '@' || ${prefix}.domain end`,
  );
const statusUrl = (ctx: Ctx) =>
  sql`coalesce(s.url, ${ctx.config.publicUrl} || '/@' || sa.username || '/' || s.id::text)`;

export async function profileOf(ctx: Ctx, accountId: string): Promise<Json> {
  const [a] = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select a.username, a.display_name, a.note, a.location, a.website, a.avatar_path, a.header_path, a.locale,
               a.fields, a.locked, a.discoverable, a.indexable, a.created_at, c.email, c.created_at as email_since
          from accounts a left join credentials c on c.account_id = a.id where a.id = ${accountId}`,
  );
  if (!a) return {};
  const media = (p: unknown) => (typeof p === 'string' && p ? mediaUrl(ctx.config, p) : null);
  return {
    id: accountId,
    username: a.username,
    url: `${ctx.config.publicUrl}/@${a.username}`,
    display_name: a.display_name,
    email: a.email ?? null,
    note: a.note,
    location: a.location,
    website: a.website,
    avatar: media(a.avatar_path),
    header: media(a.header_path),
    locale: a.locale,
    fields: a.fields,
    locked: a.locked,
    discoverable: a.discoverable,
    indexable: a.indexable,
    created_at: iso(a.created_at),
  };
}

/** The person's posts (every visibility: they wrote them) with their media, and the media list. */
export async function postsOf(ctx: Ctx, accountId: string): Promise<{ posts: Json[]; media: Json[] }> {
  const posts = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select s.id, s.text, s.spoiler_text, s.sensitive, s.visibility, s.language, s.in_reply_to_id, s.reblog_of_id,
               s.quote_of_id, s.created_at, s.edited_at, ${statusUrl(ctx)} as url
          from statuses s join accounts sa on sa.id = s.account_id
         where s.account_id = ${accountId} order by s.id`,
  );
  const media = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select m.id, m.status_id, m.path, m.preview_path, m.remote_url, m.description, m.width, m.height, m.created_at
          from media_attachments m where m.account_id = ${accountId} order by m.id`,
  );
  const mediaList = media.map((m) => ({
    id: m.id,
    status_id: m.status_id,
    url: m.path ? mediaUrl(ctx.config, String(m.path)) : (m.remote_url ?? null),
    preview_url: m.preview_path ? mediaUrl(ctx.config, String(m.preview_path)) : null,
    description: m.description,
    width: num(m.width),
    height: num(m.height),
    created_at: iso(m.created_at),
  }));
  const byStatus = new Map<string, Json[]>();
  for (const m of mediaList)
    if (m.status_id) byStatus.set(String(m.status_id), [...(byStatus.get(String(m.status_id)) ?? []), m]);
  return {
    posts: posts.map((p) => ({
      ...p,
      created_at: iso(p.created_at),
      edited_at: iso(p.edited_at),
      media: byStatus.get(String(p.id)) ?? [],
    })),
    media: mediaList,
  };
}

export async function followsOf(ctx: Ctx, accountId: string): Promise<Json> {
  const following = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select ${acct('o')} as acct, coalesce(o.url, ${ctx.config.publicUrl} || '/@' || o.username) as url, f.created_at
          from follows f join accounts o on o.id = f.followee_id where f.follower_id = ${accountId} order by f.created_at`,
  );
  const followers = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select ${acct('o')} as acct, coalesce(o.url, ${ctx.config.publicUrl} || '/@' || o.username) as url, f.created_at
          from follows f join accounts o on o.id = f.follower_id where f.followee_id = ${accountId} order by f.created_at`,
  );
  const blocking = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select ${acct('o')} as acct, b.created_at from blocks b join accounts o on o.id = b.target_id
         where b.account_id = ${accountId} order by b.created_at`,
  );
  const muting = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select ${acct('o')} as acct, m.created_at from mutes m join accounts o on o.id = m.target_id
         where m.account_id = ${accountId} order by m.created_at`,
  );
  const dated = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, created_at: iso(r.created_at) }));
  return { following: dated(following), followers: dated(followers), blocking: dated(blocking), muting: dated(muting) };
}

export async function listsOf(ctx: Ctx, accountId: string): Promise<Json[]> {
  const lists = await queryRows<{
    id: string;
    title: string;
    replies_policy: string;
    exclusive: boolean;
    created_at: Date;
  }>(
    ctx.db,
    sql`select id, title, replies_policy, exclusive, created_at from lists where account_id = ${accountId} order by id`,
  );
  const members = await queryRows<{ list_id: string; acct: string }>(
    ctx.db,
    sql`select la.list_id, ${acct('o')} as acct from list_accounts la join lists l on l.id = la.list_id
          join accounts o on o.id = la.account_id where l.account_id = ${accountId} order by la.created_at`,
  );
  return lists.map((l) => ({
    ...l,
    created_at: iso(l.created_at),
    accounts: members.filter((m) => m.list_id === l.id).map((m) => m.acct),
  }));
}

/** Likes or bookmarks: the post's public address and when. */
export async function marksOf(ctx: Ctx, accountId: string, table: 'favourites' | 'bookmarks'): Promise<Json[]> {
  const rows = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select ${statusUrl(ctx)} as url, x.created_at from ${sql.identifier(table)} x
          join statuses s on s.id = x.status_id join accounts sa on sa.id = s.account_id
         where x.account_id = ${accountId} order by x.id`,
  );
  return rows.map((r) => ({ url: r.url, created_at: iso(r.created_at) }));
}

export async function ordersOf(ctx: Ctx, accountId: string): Promise<Json[]> {
  const orders = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select o.id, b.username as brand, o.status, o.currency, o.subtotal_amount, o.shipping_amount, o.vat_amount,
               o.total_amount, o.refunded_amount, o.shipping_method_name, o.shipping_address, o.carrier, o.tracking_number,
               o.created_at, o.paid_at, o.shipped_at, o.delivered_at, o.cancelled_at, pm.card_brand, pm.last4
          from orders o join accounts b on b.id = o.brand_id left join payment_methods pm on pm.id = o.payment_method_id
         where o.buyer_id = ${accountId} order by o.id`,
  );
  const lines = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select l.id, l.order_id, l.title, l.sku, l.options, l.quantity, l.unit_amount, l.vat_rate_bp, l.vat_amount, l.total_amount
          from order_lines l join orders o on o.id = l.order_id where o.buyer_id = ${accountId} order by l.id`,
  );
  return orders.map(({ card_brand, last4, ...o }) => ({
    ...o,
    ...Object.fromEntries(
      ['subtotal_amount', 'shipping_amount', 'vat_amount', 'total_amount', 'refunded_amount'].map((k) => [
        k,
        num(o[k]),
      ]),
    ),
    ...Object.fromEntries(
      ['created_at', 'paid_at', 'shipped_at', 'delivered_at', 'cancelled_at'].map((k) => [k, iso(o[k])]),
    ),
    payment_method: card_brand || last4 ? { brand: card_brand, last4 } : null,
    lines: lines
      .filter((l) => l.order_id === o.id)
      .map(({ order_id: _order, ...l }) => ({
        ...l,
        quantity: num(l.quantity),
        unit_amount: num(l.unit_amount),
        vat_amount: num(l.vat_amount),
        total_amount: num(l.total_amount),
      })),
  }));
}

export async function addressesOf(ctx: Ctx, accountId: string): Promise<Json[]> {
  const rows = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select id, name, line1, line2, postal_code, city, country, phone, is_default, created_at
          from addresses where account_id = ${accountId} order by id`,
  );
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at) }));
}

/** Saved cards as their brand and last 4 digits only: never the provider's token. */
export async function paymentMethodsOf(ctx: Ctx, accountId: string): Promise<Json[]> {
  const rows = await queryRows<{ card_brand: string | null; last4: string | null }>(
    ctx.db,
    sql`select card_brand, last4 from payment_methods where account_id = ${accountId} order by id`,
  );
  return rows.map((r) => ({ brand: r.card_brand, last4: r.last4 }));
}
