/**
 * The archive's files about what the person wrote to brands and places: reviews, questions and
 * answers, conversations with brands (the inbox), check-ins and tips, ambassador earnings. Same
 * rule as archive-data.ts: named columns, nothing of anyone else beyond what the person received.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { mediaUrl } from '../../accounts';

type Ctx = Pick<AppContext, 'db' | 'config'>;
type Json = Record<string, unknown>;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const dated = (rows: Record<string, unknown>[], ...keys: string[]) =>
  rows.map((r) => ({ ...r, ...Object.fromEntries(keys.map((k) => [k, iso(r[k])])) }));

export async function reviewsOf(ctx: Ctx, accountId: string): Promise<Json[]> {
  const reviews = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select r.id, b.username as brand, p.title as product, r.order_id, r.verified, r.rating, r.title, r.body,
               r.experienced_on, r.language, r.status, r.published_at, r.created_at, r.updated_at
          from reviews r join accounts b on b.id = r.brand_id left join products p on p.id = r.product_id
         where r.author_id = ${accountId} order by r.id`,
  );
  const photos = await queryRows<{ review_id: string; path: string; alt: string | null }>(
    ctx.db,
    sql`select ph.review_id, ph.path, ph.alt from review_photos ph join reviews r on r.id = ph.review_id
         where r.author_id = ${accountId} order by ph.review_id, ph.position`,
  );
  return dated(reviews, 'published_at', 'created_at', 'updated_at').map((r) => ({
    ...r,
    experienced_on: r.experienced_on ? String(r.experienced_on).slice(0, 10) : null,
    photos: photos.filter((p) => p.review_id === r.id).map((p) => ({ url: mediaUrl(ctx.config, p.path), alt: p.alt })),
  }));
}

/** The person's questions on products and their own answers (not other people's answers). */
export async function questionsOf(ctx: Ctx, accountId: string): Promise<Json> {
  const questions = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select q.id, b.username as brand, p.title as product, q.text, q.language, q.status, q.answer_count,
               q.published_at, q.created_at
          from qa_questions q join accounts b on b.id = q.brand_id left join products p on p.id = q.product_id
         where q.author_id = ${accountId} order by q.id`,
  );
  const answers = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select a.id, a.question_id, a.text, a.language, a.status, a.published_at, a.created_at
          from qa_answers a where a.author_id = ${accountId} order by a.id`,
  );
  return {
    questions: dated(questions, 'published_at', 'created_at'),
    answers: dated(answers, 'published_at', 'created_at'),
  };
}

/**
 * Conversations with brands: what the person wrote and what the brand's team sent them. The
 * team's internal notes, its assignments and labels, and which team member wrote are the
 * brand's, not the person's: left out.
 */
export async function conversationsOf(ctx: Ctx, accountId: string): Promise<Json[]> {
  const conversations = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select c.id, b.username as brand, c.channel, c.subject, c.order_id, c.status, c.rating, c.rating_comment,
               c.created_at, c.resolved_at
          from inbox_conversations c join accounts b on b.id = c.brand_id
         where c.customer_id = ${accountId} order by c.id`,
  );
  const messages = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select m.conversation_id, case when m.author_id = ${accountId} then 'me' else 'brand' end as "from",
               m.text, m.created_at
          from inbox_messages m join inbox_conversations c on c.id = m.conversation_id
         where c.customer_id = ${accountId} and not m.internal order by m.id`,
  );
  return dated(conversations, 'created_at', 'resolved_at').map((c) => ({
    ...c,
    messages: dated(
      messages.filter((m) => m.conversation_id === c.id),
      'created_at',
    ).map(({ conversation_id: _c, ...m }) => m),
  }));
}

export async function placesOf(ctx: Ctx, accountId: string): Promise<Json> {
  const checkins = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select ch.id, pl.name as place, ch.lat, ch.lon, ch.accuracy_m, ch.visibility, ch.comment, ch.counted,
               ch.local_day, ch.created_at
          from checkins ch join places pl on pl.id = ch.place_id where ch.account_id = ${accountId} order by ch.id`,
  );
  const tips = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select t.id, pl.name as place, t.text, t.language, t.status, t.likes_count, t.published_at, t.created_at
          from place_tips t join places pl on pl.id = t.place_id where t.author_id = ${accountId} order by t.id`,
  );
  return {
    checkins: dated(checkins, 'created_at').map((c) => ({
      ...c,
      lat: Number(c.lat),
      lon: Number(c.lon),
      local_day: c.local_day ? String(c.local_day).slice(0, 10) : null,
    })),
    tips: dated(tips, 'published_at', 'created_at'),
  };
}

/**
 * The person's ambassadorships and their side of the ledger (pending, payable, paid): the
 * brand's own account is the brand's, and the buyers' orders behind a commission are theirs.
 */
export async function ambassadorLedgerOf(ctx: Ctx, accountId: string): Promise<Json[]> {
  const programs = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select am.id, b.username as brand, am.status, am.message, am.created_at, am.decided_at
          from ambassadors am join accounts b on b.id = am.brand_id where am.account_id = ${accountId} order by am.id`,
  );
  const entries = await queryRows<Record<string, unknown>>(
    ctx.db,
    sql`select e.ambassador_id, e.account, e.kind, e.amount, e.currency, e.at
          from ambassador_ledger_entries e join ambassadors am on am.id = e.ambassador_id
         where am.account_id = ${accountId} and e.account <> 'brand' order by e.at, e.id`,
  );
  return dated(programs, 'created_at', 'decided_at').map((p) => ({
    ...p,
    ledger: entries
      .filter((e) => e.ambassador_id === p.id)
      .map(({ ambassador_id: _a, ...e }) => ({ ...e, amount: Number(e.amount), at: iso(e.at) })),
  }));
}
