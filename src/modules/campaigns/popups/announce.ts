/**
 * The brand's posts about a pop-up and the notices to the people who asked: the opening job
 * (at starts_at) posts once and tells every subscriber once; the closing job (at ends_at) drops
 * the orders through it still waiting for payment, so nothing is bought through it after it
 * closes. A community manager may announce it before (POST /api/v1/popups/:id/announce).
 * Handlers are idempotent: a job may run again after a crash.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows } from '../../../db/client';
import { conflict } from '../../../lib/errors';
import { popups, popupSubscribers } from '../../../db/schema';
import { assertCan, getAccount } from '../../accounts';
import { expireOrder } from '../../commerce';
import { createStatus, notify, publishNotifications } from '../../social';
import { popupPath, popupStatus, type Popup, type PopupsContext } from './model';
import { getPopup } from './service';

/** Shoppable posts carry at most 4 products (links/shoppable-posts.ts). */
const POST_PRODUCTS = 4;

export function whenText(at: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

function postText(popup: Popup, locale: string, url: string, open: boolean): string {
  const en = locale === 'en';
  if (open)
    return en
      ? `Our pop-up store “${popup.title}” is open until ${whenText(popup.endsAt, 'en')}: ${url}`
      : `Notre pop-up store « ${popup.title} » est ouvert jusqu’au ${whenText(popup.endsAt, 'fr')} : ${url}`;
  return en
    ? `Coming soon: our pop-up store “${popup.title}” opens ${whenText(popup.startsAt, 'en')}. Ask to be told: ${url}`
    : `Bientôt : notre pop-up store « ${popup.title} » ouvre le ${whenText(popup.startsAt, 'fr')}. Prévenez-moi : ${url}`;
}

async function postAbout(ctx: PopupsContext, popup: Popup, open: boolean, writtenById: string | null) {
  const brand = await getAccount(ctx, popup.brandId);
  const url = `${ctx.config.publicUrl}${popupPath(popup.id)}`;
  const products = await queryRows<{ id: string }>(
    ctx.db,
    sql`select p.id from popup_products pp join products p on p.id = pp.product_id
        where pp.popup_id = ${popup.id} and p.status = 'published' order by pp.position limit ${POST_PRODUCTS}`,
  );
  return createStatus(
    ctx,
    popup.brandId,
    {
      text: postText(popup, brand.locale ?? 'fr', url, open),
      visibility: 'public',
      language: brand.locale === 'en' ? 'en' : 'fr',
      ...(products.length ? { extensions: { products: products.map((p) => p.id) } } : {}),
    },
    writtenById,
  );
}

/** Job at starts_at: the opening post (once), then a notice to each subscriber (once each). */
export async function openPopup(ctx: PopupsContext, popupId: string): Promise<void> {
  const popup = await getPopup(ctx, popupId).catch(() => null);
  if (!popup) return;
  const now = ctx.clock.now();
  const early = popup.startsAt.getTime() - now.getTime();
  // Moved later since this job was scheduled: the job for the new time does it.
  if (early > 60_000) return;
  // The database's clock ran a little ahead of ours: the retry (seconds later) opens it.
  if (early > 0) throw new Error(`Pop-up ${popup.id} opens in ${early} ms`);
  if (popupStatus(popup, now) === 'closed') return;
  let statusId = popup.openingStatusId;
  if (!statusId) {
    const status = await postAbout(ctx, popup, true, null);
    statusId = status.id;
    await ctx.db
      .update(popups)
      .set({ openingStatusId: statusId, announcedAt: now })
      .where(and(eq(popups.id, popup.id), isNull(popups.openingStatusId)));
  }
  const told = await ctx.db.transaction(async (tx) => {
    const waiting = await queryRows<{ account_id: string }>(
      tx,
      sql`select account_id from popup_subscribers where popup_id = ${popup.id} and notified_at is null
          order by account_id for update skip locked`,
    );
    const created: { id: string | null; accountId: string }[] = [];
    for (const s of waiting) {
      const n = { accountId: s.account_id, fromAccountId: popup.brandId, type: 'campaign' as const };
      const id = await notify(tx, { ...n, statusId, subjectId: popup.id, detail: 'popup_open' });
      created.push({ id, accountId: s.account_id });
    }
    if (waiting.length)
      await tx
        .update(popupSubscribers)
        .set({ notifiedAt: now })
        .where(and(eq(popupSubscribers.popupId, popup.id), isNull(popupSubscribers.notifiedAt)));
    return created;
  });
  await publishNotifications(ctx, told);
}

/** Job at ends_at: orders through it still waiting for payment are dropped (stock back, hold voided). */
export async function closePopup(ctx: PopupsContext & Parameters<typeof expireOrder>[0], popupId: string) {
  const popup = await getPopup(ctx, popupId).catch(() => null);
  if (!popup) return;
  const late = popup.endsAt.getTime() - ctx.clock.now().getTime();
  if (late > 60_000) return;
  if (late > 0) throw new Error(`Pop-up ${popup.id} closes in ${late} ms`);
  const unpaid = await queryRows<{ id: string }>(
    ctx.db,
    sql`select o.id from popup_orders po join orders o on o.id = po.order_id
        where po.popup_id = ${popup.id} and o.status in ('awaiting_payment', 'pending_confirmation')`,
  );
  for (const o of unpaid) await expireOrder(ctx, o.id);
}

/** A community manager (or owner, admin) announces it now: a post by the brand, written by them. */
export async function announcePopup(ctx: PopupsContext, actorId: string, popupId: string) {
  const popup = await getPopup(ctx, popupId);
  await assertCan(ctx, actorId, popup.brandId, 'campaigns.announce');
  const now = ctx.clock.now();
  const status = popupStatus(popup, now);
  if (status === 'closed') throw conflict('popup_closed', 'This pop-up store is closed');
  const post = await postAbout(ctx, popup, status === 'open', actorId);
  await ctx.db.update(popups).set({ announcedAt: now }).where(eq(popups.id, popup.id));
  return { statusId: post.id, status };
}
