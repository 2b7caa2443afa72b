/**
 * Pop-up stores: a brand's ephemeral shop. Only the brand's owner and admins create and change
 * them (campaigns.manage); its community managers may announce them (campaigns.announce). Every
 * write is one transaction with the jobs it schedules (opening and closing, jobs.ts), so a
 * restart loses nothing. Buying through a pop-up is commerce's checkout; gate.ts checks it.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import { conflict, notFound, unprocessable } from '../../../lib/errors';
import { enqueue } from '../../../jobs/queue';
import { popupProducts, popups, popupSubscribers } from '../../../db/schema';
import { assertCan, can, getBrand } from '../../accounts';
import { storeImage, type MediaStore } from '../../media';
import { checkPopupInput, type PopupInput } from './input';
import { popupStatus, type Popup, type PopupRow, type PopupsContext } from './model';

/** The products must be the brand's, the place one of its places: 422 naming the field otherwise. */
async function checkOwned(db: DbOrTx, brandId: string, productIds: string[] | undefined, placeId?: string | null) {
  if (productIds?.length) {
    const found = await queryRows<{ id: string }>(
      db,
      sql`select id from products where brand_id = ${brandId} and id in ${productIds}`,
    );
    const missing = productIds.find((id) => !found.some((f) => f.id === id));
    if (missing)
      throw unprocessable('unknown_product', `Product ${missing} is not one of the brand’s`, { field: 'product_ids' });
  }
  if (placeId) {
    const [place] = await queryRows<{ id: string }>(
      db,
      sql`select id from places where id = ${placeId} and brand_id = ${brandId}`,
    );
    if (!place)
      throw unprocessable('unknown_place', 'place_id is not one of the brand’s places', { field: 'place_id' });
  }
}

async function scheduleJobs(tx: DbOrTx, p: Pick<PopupRow, 'id' | 'startsAt' | 'endsAt'>) {
  await enqueue(tx, 'popup.open', { popupId: p.id }, p.startsAt);
  await enqueue(tx, 'popup.close', { popupId: p.id }, p.endsAt);
}

export async function createPopup(
  ctx: PopupsContext,
  actorId: string,
  brandId: string,
  input: PopupInput,
): Promise<Popup> {
  if (!isUuid(brandId)) throw notFound('Brand');
  await getBrand(ctx, brandId);
  await assertCan(ctx, actorId, brandId, 'campaigns.manage');
  const now = ctx.clock.now();
  const f = checkPopupInput(input, true, now);
  await checkOwned(ctx.db, brandId, f.productIds, f.placeId);
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(popups).values({
      id,
      brandId,
      title: f.title!,
      description: f.description ?? '',
      startsAt: f.startsAt!,
      endsAt: f.endsAt!,
      placeId: f.placeId ?? null,
      earlyAccessHours: f.earlyAccessHours ?? 0,
      earlyAccessAnnouncedAt: f.earlyAccessHours ? now : null,
      createdBy: actorId,
      createdAt: now,
      updatedAt: now,
    });
    await tx
      .insert(popupProducts)
      .values(f.productIds!.map((productId, position) => ({ popupId: id, productId, position })));
    await scheduleJobs(tx, { id, startsAt: f.startsAt!, endsAt: f.endsAt! });
  });
  return getPopup(ctx, id);
}

/** Changes a pop-up; new times get new jobs (the old ones find the times changed and do nothing). */
export async function updatePopup(ctx: PopupsContext, actorId: string, popupId: string, input: PopupInput) {
  const current = await getPopup(ctx, popupId);
  await assertCan(ctx, actorId, current.brandId, 'campaigns.manage');
  const now = ctx.clock.now();
  if (popupStatus(current, now) === 'closed') throw conflict('popup_closed', 'This pop-up store is closed');
  const f = checkPopupInput(input, false, now, current);
  await checkOwned(ctx.db, current.brandId, f.productIds, f.placeId);
  const hoursChanged = f.earlyAccessHours !== undefined && f.earlyAccessHours !== current.earlyAccessHours;
  const startChanged = f.startsAt !== undefined && f.startsAt.getTime() !== current.startsAt.getTime();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(popups)
      .set({
        ...(f.title !== undefined ? { title: f.title } : {}),
        ...(f.description !== undefined ? { description: f.description } : {}),
        ...(f.startsAt ? { startsAt: f.startsAt } : {}),
        ...(f.endsAt ? { endsAt: f.endsAt } : {}),
        ...(f.placeId !== undefined ? { placeId: f.placeId } : {}),
        ...(f.earlyAccessHours !== undefined ? { earlyAccessHours: f.earlyAccessHours } : {}),
        // A new early access (or a new date for it) is announced now: following from here on is too late.
        ...((hoursChanged || (startChanged && current.earlyAccessHours > 0)) && (f.earlyAccessHours ?? 1) > 0
          ? { earlyAccessAnnouncedAt: now }
          : {}),
        updatedAt: now,
      })
      .where(eq(popups.id, current.id));
    if (f.productIds) {
      await tx.delete(popupProducts).where(eq(popupProducts.popupId, current.id));
      await tx
        .insert(popupProducts)
        .values(f.productIds.map((productId, position) => ({ popupId: current.id, productId, position })));
    }
    if (f.startsAt || f.endsAt)
      await scheduleJobs(tx, {
        id: current.id,
        startsAt: f.startsAt ?? current.startsAt,
        endsAt: f.endsAt ?? current.endsAt,
      });
  });
  return getPopup(ctx, current.id);
}

export async function getPopup(ctx: Pick<PopupsContext, 'db'>, popupId: string): Promise<Popup> {
  if (!isUuid(popupId)) throw notFound('Pop-up store');
  const [row] = await ctx.db.select().from(popups).where(eq(popups.id, popupId.toLowerCase()));
  if (!row) throw notFound('Pop-up store');
  const products = await ctx.db
    .select({ id: popupProducts.productId })
    .from(popupProducts)
    .where(eq(popupProducts.popupId, row.id))
    .orderBy(asc(popupProducts.position));
  return { ...row, productIds: products.map((p) => p.id) };
}

/** A brand's pop-ups, latest start first (at most 100: a brand runs a few at a time). */
export async function listBrandPopups(ctx: Pick<PopupsContext, 'db'>, brandId: string): Promise<Popup[]> {
  if (!isUuid(brandId)) throw notFound('Brand');
  await getBrand(ctx, brandId.toLowerCase());
  const rows = await ctx.db
    .select()
    .from(popups)
    .where(eq(popups.brandId, brandId.toLowerCase()))
    .orderBy(desc(popups.startsAt))
    .limit(100);
  if (rows.length === 0) return [];
  const links = await ctx.db
    .select()
    .from(popupProducts)
    .where(
      inArray(
        popupProducts.popupId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(popupProducts.position));
  return rows.map((r) => ({ ...r, productIds: links.filter((l) => l.popupId === r.id).map((l) => l.productId) }));
}

/** "Notify me": told when it opens (once; asking twice changes nothing). */
export async function subscribeToPopup(ctx: PopupsContext, accountId: string, popupId: string) {
  const popup = await getPopup(ctx, popupId);
  const status = popupStatus(popup, ctx.clock.now());
  if (status === 'closed') throw conflict('popup_closed', 'This pop-up store is closed');
  await ctx.db
    .insert(popupSubscribers)
    .values({ popupId: popup.id, accountId, createdAt: ctx.clock.now() })
    .onConflictDoNothing();
  return { popup, subscribed: true, status };
}

export async function isSubscribed(db: DbOrTx, popupId: string, accountId: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`select 1 from popup_subscribers where popup_id = ${popupId} and account_id = ${accountId}`,
  );
  return rows.length > 0;
}

/** Whether the viewer may change it (owner, admin) or announce it (and community managers). */
export async function popupRights(ctx: Pick<PopupsContext, 'db'>, brandId: string, viewerId: string | null) {
  if (!viewerId) return { manage: false, announce: false };
  const [manage, announce] = await Promise.all([
    can(ctx, viewerId, brandId, 'campaigns.manage'),
    can(ctx, viewerId, brandId, 'campaigns.announce'),
  ]);
  return { manage, announce };
}

/** Orders bought through a pop-up (paid or later), for its page in the back-office. */
export async function popupOrderCount(db: DbOrTx, popupId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from popup_orders po join orders o on o.id = po.order_id
        where po.popup_id = ${popupId} and o.status not in ('awaiting_payment', 'pending_confirmation', 'cancelled')`,
  );
  return Number(row?.n ?? 0);
}

export const subscribersOf = (db: DbOrTx, popupId: string) =>
  db
    .select({ accountId: popupSubscribers.accountId })
    .from(popupSubscribers)
    .where(and(eq(popupSubscribers.popupId, popupId)));

/** The banner (owner, admin): stored like a profile header (1500 × 500, WebP, no metadata). */
export async function setPopupBanner(
  ctx: PopupsContext & { media: MediaStore },
  actorId: string,
  popupId: string,
  data: Uint8Array,
  alt: string,
) {
  const popup = await getPopup(ctx, popupId);
  await assertCan(ctx, actorId, popup.brandId, 'campaigns.manage');
  const stored = await storeImage(ctx.media, data, 'header');
  await ctx.db
    .update(popups)
    .set({ bannerPath: stored.path, bannerPreviewPath: stored.previewPath, bannerAlt: alt.trim().slice(0, 500) })
    .where(eq(popups.id, popup.id));
}
