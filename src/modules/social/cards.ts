/**
 * Link previews: a post's first link (not a mention or a hashtag) shows as a Mastodon
 * PreviewCard. When a post is written its link is recorded (status_cards); a link to another
 * site is fetched by the `card.fetch` job once the post is committed, never in the request,
 * through lib/outbound.ts (private addresses refused, a size limit and a timeout), and kept by
 * URL in preview_cards: a card is fetched again after a week, a failure after an hour. A link to
 * this server is previewed from our own data by a local previewer (products: src/links/link-cards.ts),
 * with no HTTP request and always as the data is now.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { jsx } from 'hono/jsx';
import type { Config } from '../../config';
import type { Db, DbOrTx } from '../../db/client';
import { enqueue } from '../../jobs/queue';
import { getOutbound } from '../../lib/outbound';
import { decodeHtml, parseCard, type ParsedCard } from './card-parse';
import type { StatusExtension } from './extensions';
import { previewCards, statusCards } from './schema';
import { parseText } from './text';
import { LinkCard } from './views/link-card';

export const CARD_JOB = 'card.fetch';
/** A card is fetched again after a week; a failed fetch after an hour. */
export const CARD_TTL_MS = 7 * 24 * 3600_000;
export const CARD_FAILED_TTL_MS = 3600_000;
const MAX_BYTES = 512 * 1024;
const TIMEOUT_MS = 5000;
const MAX_URL_LENGTH = 2000;

export type Card = ParsedCard & { url: string; providerUrl: string };
/** Cards for links to this server, by URL (only the URLs it knows). */
export type LocalPreviewer = (db: DbOrTx, urls: string[]) => Promise<Map<string, Card>>;
export type CardsContext = {
  db: Db;
  config: Pick<Config, 'publicUrl' | 'cardsAllowPrivate'> & Partial<Pick<Config, 'outboundAllowLocal'>>;
};
type CardRow = typeof previewCards.$inferSelect;

/** The link a post previews: its first URL, if any. */
export function firstLink(text: string): string | null {
  const url = parseText(text).urls[0];
  return url && url.length <= MAX_URL_LENGTH ? url : null;
}

const isLocal = (publicUrl: string, url: string) => {
  try {
    return new URL(url).origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
};

const isFresh = (row: Pick<CardRow, 'state' | 'fetchedAt'>, now = Date.now()) =>
  now - row.fetchedAt.getTime() < (row.state === 'ok' ? CARD_TTL_MS : CARD_FAILED_TTL_MS);

/** Mastodon 4.3's PreviewCard entity. */
export function presentCard(card: Card) {
  return {
    url: card.url,
    title: card.title,
    description: card.description,
    type: 'link' as const,
    author_name: card.authorName,
    author_url: card.authorUrl,
    provider_name: card.providerName,
    provider_url: card.providerUrl,
    html: '',
    width: card.width,
    height: card.height,
    image: card.image,
    image_description: card.imageDescription,
    embed_url: '',
    blurhash: null,
    language: card.language,
    published_at: card.publishedAt?.toISOString() ?? null,
    authors: [],
  };
}

const fromRow = (row: CardRow): Card => ({
  url: row.url,
  title: row.title,
  description: row.description,
  authorName: row.authorName,
  authorUrl: row.authorUrl,
  providerName: row.providerName,
  providerUrl: row.providerUrl,
  image: row.image,
  imageDescription: row.imageDescription,
  width: row.width,
  height: row.height,
  language: row.language,
  publishedAt: row.publishedAt,
});

/** The fields of a card row when a failure replaces it. */
const EMPTY = {
  title: '',
  description: '',
  authorName: '',
  authorUrl: '',
  providerName: '',
  providerUrl: '',
  image: null,
  imageDescription: '',
  width: 0,
  height: 0,
  language: null,
  publishedAt: null,
};

async function keptAnswer(db: DbOrTx, url: string) {
  const [row] = await db
    .select({ state: previewCards.state, fetchedAt: previewCards.fetchedAt })
    .from(previewCards)
    .where(eq(previewCards.url, url));
  return row ?? null;
}

/** Why a page gives no card, or its card. Network errors are answers here, not exceptions. */
async function fetchPage(ctx: CardsContext, url: string): Promise<{ card: Card } | { error: string }> {
  try {
    const page = await getOutbound(url, {
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_BYTES,
      allowPrivate: ctx.config.cardsAllowPrivate,
      // COMPTOIR_OUTBOUND_ALLOW_LOCAL: the loopback only (a page served on this machine), other private ranges still refused.
      allowLoopback: ctx.config.outboundAllowLocal,
      headers: {
        accept: 'text/html,application/xhtml+xml;q=0.9',
        'user-agent': `Comptoir link preview (+${ctx.config.publicUrl})`,
      },
    });
    if (page.status !== 200) return { error: `status ${page.status}` };
    if (!/^\s*(text\/html|application\/xhtml\+xml)/i.test(page.contentType)) return { error: 'not an HTML page' };
    const parsed = parseCard(decodeHtml(page.body, page.contentType), page.url);
    if (!parsed) return { error: 'no title or description' };
    return { card: { ...parsed, url, providerUrl: '' } };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { error: e?.code === 'EPRIVATEADDR' ? 'private address' : String(e?.message ?? error).slice(0, 200) };
  }
}

/** The `card.fetch` job: fetches and keeps the card of `url`, unless a recent answer is kept already. */
export async function fetchCard(ctx: CardsContext, payload: { url: string }): Promise<void> {
  const url = typeof payload?.url === 'string' ? payload.url : '';
  if (!url || url.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(url) || isLocal(ctx.config.publicUrl, url)) return;
  const cached = await keptAnswer(ctx.db, url);
  if (cached && isFresh(cached)) return;
  const result = await fetchPage(ctx, url);
  const fetchedAt = new Date();
  const values =
    'card' in result
      ? { ...result.card, state: 'ok' as const, error: null, fetchedAt }
      : { url, state: 'failed' as const, error: result.error, fetchedAt };
  // A failure does not replace a card that was good: the old one stays on show until a fetch works.
  const keepCard = !('card' in result) && cached?.state === 'ok';
  const { url: _key, ...fields } = values;
  const set = keepCard ? { fetchedAt, error: values.error } : { ...EMPTY, ...fields };
  await ctx.db.insert(previewCards).values(values).onConflictDoUpdate({ target: previewCards.url, set });
}

/**
 * Social's link preview as a post extension: records the link in the post's transaction and
 * enqueues its fetch (the job exists exactly when the post commits), loads the cards of a page
 * of posts in one query, presents `card` on the Status entity and a preview block on pages.
 */
export function linkCardExtension(options: { publicUrl: string; previewLocal?: LocalPreviewer }): StatusExtension {
  const local = (url: string) => isLocal(options.publicUrl, url);
  return {
    name: 'card',
    async afterInsert(tx, { status }) {
      if (status.reblogOfId) return;
      const url = firstLink(status.text);
      if (!url) return;
      await tx.insert(statusCards).values({ statusId: status.id, url }).onConflictDoNothing();
      if (local(url)) return;
      const cached = await keptAnswer(tx, url);
      if (!cached || !isFresh(cached)) await enqueue(tx, CARD_JOB, { url });
    },
    async hydrate(db, statusIds) {
      const out = new Map<string, Card>();
      const links = await db
        .select({ statusId: statusCards.statusId, url: statusCards.url, card: previewCards })
        .from(statusCards)
        .leftJoin(previewCards, and(eq(previewCards.url, statusCards.url), eq(previewCards.state, 'ok')))
        .where(inArray(statusCards.statusId, statusIds));
      const ours = [...new Set(links.map((l) => l.url).filter(local))];
      const localCards =
        ours.length && options.previewLocal ? await options.previewLocal(db, ours) : new Map<string, Card>();
      for (const link of links) {
        const card = local(link.url) ? localCards.get(link.url) : link.card && fromRow(link.card);
        if (card) out.set(link.statusId, card);
      }
      return out;
    },
    // Only posts with a link have a card: found by the timeline's hydration statement.
    candidates: (ids) => `select status_id from status_cards where status_id = any(${ids})`,
    present(_ctx, _statusId, data) {
      return { card: data ? presentCard(data as Card) : null };
    },
    render(v, _statusId, data) {
      return jsx(LinkCard, { card: data as Card, publicUrl: v.publicUrl });
    },
  };
}
