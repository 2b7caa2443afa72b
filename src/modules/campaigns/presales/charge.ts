/**
 * Charging a pre-sale's pledges, failing it at its deadline, lapsing declined pledges: all from
 * jobs, each step safe to run again at any point. A pledge is charged through commerce's own
 * checkout (`placePaidOrderOnce`: reservation, provider authorization, paid order, the order's
 * paid notification and e-mail), under the key `<pledge id>:<attempt>` kept with the paid order and
 * the provider key `presale-pledge:<pledge id>:<attempt>`: a run that dies anywhere in between is
 * finished by the next one without a second order or a second charge. The order is captured at
 * once (commerce's capture now), not at shipment: delivery may come weeks later, after an
 * authorization would have expired.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../../db/client';
import { enqueue } from '../../../jobs/queue';
import type { Clock } from '../../../lib/clock';
import { placePaidOrderOnce, type CommerceContext } from '../../commerce';
import { notify, publishNotifications } from '../../social';
import { mailPledgers, type PledgerMail, type PledgerMailContext } from './mail';
import type { PledgeStatus } from './schema';

export type PresalesContext = CommerceContext & { clock: Clock } & PledgerMailContext;

/** The e-mails repeat notifications already committed: a mail that cannot be sent does not undo them. */
const mailQuietly = (ctx: PresalesContext, presaleId: string, mails: PledgerMail[]) =>
  mailPledgers(ctx, presaleId, mails).catch(() => {});

/** How long a declined pledge waits for another card before it lapses. */
export const PAYMENT_GRACE_MS = 48 * 3600_000;
/** Pledges read per round of the charge job, and charged side by side (they share checkout batches). */
const BATCH = 500;
const PARALLEL = 64;

type PledgeRow = {
  id: string;
  presale_id: string;
  account_id: string;
  variant_id: string;
  quantity: number;
  payment_method_id: string | null;
  shipping_address: Record<string, string> | null;
  status: PledgeStatus;
  attempt: number;
  brand_id: string;
  presale_status: string;
  prices: Record<string, number>;
};

/**
 * Adds pledges' units to the draft product's stock, once per pledge (`stocked`): the pre-sale's
 * units are made for its pledgers, and only their charges (which reserve like any checkout) take them.
 */
export async function stockPledges(tx: DbOrTx, presaleId: string, pledgeId?: string) {
  await queryRows(
    tx,
    sql`with s as (
          update presale_pledges set stocked = true
          where presale_id = ${presaleId} and not stocked and status = 'pledged' ${pledgeId ? sql`and id = ${pledgeId}` : sql``}
          returning variant_id, quantity),
        q as (select variant_id, sum(quantity)::int as units from s group by variant_id)
        update variants set stock = variants.stock + q.units from q where variants.id = q.variant_id`,
  );
}

const pledgeQuery = (where: ReturnType<typeof sql>) =>
  sql`select pl.id, pl.presale_id, pl.account_id, pl.variant_id, pl.quantity, pl.payment_method_id, pl.shipping_address,
             pl.status, pl.attempt, ps.brand_id, ps.status as presale_status, ps.prices
      from presale_pledges pl join presales ps on ps.id = pl.presale_id where ${where}`;

/**
 * Charges one pledge if it is due (pledged, on a succeeded pre-sale): paid -> `charged` with its
 * order; a refusal the person must fix -> `payment_failed` (notified, lapses after 48 h). A
 * provider that cannot be reached, or an attempt still in flight, throws: the job retries.
 */
export async function chargePledge(ctx: PresalesContext, pledgeId: string): Promise<PledgeStatus> {
  const [p] = await queryRows<PledgeRow>(ctx.db, pledgeQuery(sql`pl.id = ${pledgeId}`));
  if (p?.status !== 'pledged' || p.presale_status !== 'succeeded') return p?.status ?? 'cancelled';
  const result = p.payment_method_id
    ? await placePaidOrderOnce(
        ctx,
        p.account_id,
        {
          lines: [{ variantId: p.variant_id, quantity: p.quantity }],
          paymentMethodId: p.payment_method_id,
          shippingAddress: p.shipping_address ?? undefined,
          presale: { prices: p.prices },
        },
        {
          scope: 'presale-pledge',
          key: `${p.id}:${p.attempt}`,
          chargeKey: `presale-pledge:${p.id}:${p.attempt}`,
          capture: true,
        },
      )
    : ({ outcome: 'refused', code: 'invalid_payment_method', message: 'No saved method' } as const);
  const now = ctx.clock.now();
  if (result.outcome === 'paid') {
    await queryRows(
      ctx.db,
      sql`update presale_pledges set status = 'charged', order_id = ${result.orderId}, charged_at = ${now.toISOString()}::timestamptz
          where id = ${p.id} and status = 'pledged' and attempt = ${p.attempt}`,
    );
    return 'charged';
  }
  const told = await ctx.db.transaction(async (tx) => {
    const moved = await queryRows<{ id: string }>(
      tx,
      sql`update presale_pledges set status = 'payment_failed', failure_code = ${result.code}, failed_at = ${now.toISOString()}::timestamptz
          where id = ${p.id} and status = 'pledged' and attempt = ${p.attempt} returning id`,
    );
    if (!moved.length) return null;
    await enqueue(tx, 'presale.lapse', { pledgeId: p.id }, new Date(Date.now() + PAYMENT_GRACE_MS));
    return tellPledger(tx, p, 'presale_payment_failed');
  });
  if (told) {
    await publishNotifications(ctx, [told]);
    const mail = { accountId: p.account_id, kind: 'presale_payment_failed' as const };
    await mailQuietly(ctx, p.presale_id, [{ ...mail, key: `presale-pledge:${p.id}:${p.attempt}:payment_failed` }]);
  }
  return 'payment_failed';
}

/** A notification about the pre-sale (its page is the link), from the brand. */
async function tellPledger(tx: DbOrTx, p: Pick<PledgeRow, 'account_id' | 'brand_id' | 'presale_id'>, detail: string) {
  const id = await notify(tx, {
    accountId: p.account_id,
    fromAccountId: p.brand_id,
    type: 'order',
    subjectId: p.presale_id,
    detail,
  });
  return { id, accountId: p.account_id };
}

/** Runs `work` on every item, `PARALLEL` at a time; the first error is thrown once all are done. */
async function eachParallel<T>(items: T[], work: (item: T) => Promise<unknown>) {
  let next = 0;
  let failure: unknown = null;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, lane));
  if (failure) throw failure;
}

/**
 * Job: charges every pledge of a succeeded pre-sale still `pledged`, in rounds of BATCH. A
 * pledge that throws (provider unreachable, attempt in flight, a crash simulated in tests) stays
 * `pledged`; the others go on, and the job fails at the end so the queue runs it again later.
 */
export async function chargePresale(ctx: PresalesContext, presaleId: string) {
  let after = '00000000-0000-0000-0000-000000000000';
  let failure: unknown = null;
  for (;;) {
    const rows = await queryRows<{ id: string }>(
      ctx.db,
      sql`select pl.id from presale_pledges pl join presales ps on ps.id = pl.presale_id
          where pl.presale_id = ${presaleId} and ps.status = 'succeeded' and pl.status = 'pledged' and pl.id > ${after}
          order by pl.id limit ${BATCH}`,
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    try {
      await eachParallel(rows, (r) => chargePledge(ctx, r.id));
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

/**
 * Job at the deadline: a pre-sale still open (below its threshold) fails; every live pledge is
 * cancelled and told, nobody is charged. Early (the clock says not yet): scheduled again.
 */
export async function closePresaleAtDeadline(ctx: PresalesContext, presaleId: string) {
  const now = ctx.clock.now();
  const told = await ctx.db.transaction(async (tx) => {
    const [presale] = await queryRows<{ status: string; deadline: Date | string; brand_id: string }>(
      tx,
      sql`select status, deadline, brand_id from presales where id = ${presaleId} for update`,
    );
    if (presale?.status !== 'open') return [];
    const deadline = new Date(presale.deadline);
    if (deadline.getTime() > now.getTime()) {
      await enqueue(tx, 'presale.deadline', { presaleId }, new Date(Date.now() + (deadline.getTime() - now.getTime())));
      return [];
    }
    await queryRows(
      tx,
      sql`update presales set status = 'failed', failed_at = ${now.toISOString()}::timestamptz where id = ${presaleId}`,
    );
    const cancelled = await queryRows<{ account_id: string }>(
      tx,
      sql`update presale_pledges set status = 'cancelled', cancelled_at = ${now.toISOString()}::timestamptz
          where presale_id = ${presaleId} and status = 'pledged' returning account_id`,
    );
    const people = [...new Set(cancelled.map((c) => c.account_id))];
    const out = [];
    for (const accountId of people)
      out.push(
        await tellPledger(
          tx,
          { account_id: accountId, brand_id: presale.brand_id, presale_id: presaleId },
          'presale_failed',
        ),
      );
    return out;
  });
  await publishNotifications(ctx, told);
  await mailQuietly(
    ctx,
    presaleId,
    told.map((n) => ({
      accountId: n.accountId,
      kind: 'presale_failed',
      key: `presale:${presaleId}:failed:${n.accountId}`,
    })),
  );
}

/**
 * Job 48 h after a declined charge: a pledge still `payment_failed` lapses; its units leave the
 * pre-sale's count and the product's stock. Early by the clock: scheduled again.
 */
export async function lapsePledge(ctx: PresalesContext, pledgeId: string) {
  const now = ctx.clock.now();
  const told = await ctx.db.transaction(async (tx) => {
    const [p] = await queryRows<PledgeRow & { failed_at: string | Date | null; stocked: boolean }>(
      tx,
      sql`select pl.*, ps.brand_id from presale_pledges pl join presales ps on ps.id = pl.presale_id
          where pl.id = ${pledgeId} for update of ps, pl`,
    );
    if (p?.status !== 'payment_failed' || !p.failed_at) return null;
    const due = new Date(p.failed_at).getTime() + PAYMENT_GRACE_MS;
    if (due > now.getTime()) {
      await enqueue(tx, 'presale.lapse', { pledgeId }, new Date(Date.now() + (due - now.getTime())));
      return null;
    }
    await queryRows(tx, sql`update presale_pledges set status = 'lapsed', stocked = false where id = ${pledgeId}`);
    await queryRows(
      tx,
      sql`update presales set pledged_units = pledged_units - ${p.quantity}, pledge_count = pledge_count - 1 where id = ${p.presale_id}`,
    );
    if (p.stocked)
      await queryRows(
        tx,
        sql`update variants set stock = greatest(0, stock - ${p.quantity}) where id = ${p.variant_id}`,
      );
    return { ...(await tellPledger(tx, p, 'presale_lapsed')), presaleId: p.presale_id };
  });
  if (told) {
    await publishNotifications(ctx, [told]);
    const mail = {
      accountId: told.accountId,
      kind: 'presale_lapsed' as const,
      key: `presale-pledge:${pledgeId}:lapsed`,
    };
    await mailQuietly(ctx, told.presaleId, [mail]);
  }
}
