/**
 * Payouts: the brand's owner/admin records that it paid an ambassador (default: the whole
 * payable balance). The payout is split over the lines still payable, oldest first, as `paid`
 * movements, under a lock on the ambassador's row: two payouts at once never overdraw. Also the
 * bank details a SEPA transfer needs: the ambassador's (filled on their earnings page) and the
 * brand's own account (the debtor, on the payouts page). IBANs are checked with mod-97.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type DbOrTx } from '../../../db/client';
import { isUuid, uuidv7 } from '../../../db/ids';
import type { Clock } from '../../../lib/clock';
import { notFound, unprocessable } from '../../../lib/errors';
import { lockAmbassadors, writeMovements, type Movement } from './movements';
import { ledgerMember, requireLedgerManager } from './read';
import type { PayoutMethod } from './schema';

export type Payout = {
  id: string;
  brandId: string;
  ambassadorId: string;
  amount: number;
  currency: string;
  method: PayoutMethod;
  reference: string;
  at: Date;
};

type PayoutInput = { ambassadorId?: unknown; amount?: unknown; method?: unknown; reference?: unknown };

const REFERENCE = /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/;

/** Records a payout of `amount` (default: all that is payable) to an ambassador of the brand. */
export async function recordPayout(
  ctx: { db: Db; clock: Clock },
  brandId: string,
  actorId: string,
  input: PayoutInput,
): Promise<Payout> {
  await requireLedgerManager(ctx.db, brandId, actorId);
  const ambassadorId = typeof input.ambassadorId === 'string' ? input.ambassadorId : '';
  if (!isUuid(ambassadorId))
    throw unprocessable('invalid_ambassador', 'ambassador_id is the id of one of your ambassadors', {
      field: 'ambassador_id',
    });
  const member = await ledgerMember(ctx.db, ambassadorId);
  if (!member || member.brandId !== brandId.toLowerCase()) throw notFound('Ambassador');
  let requested: number | null = null;
  if (input.amount !== undefined && input.amount !== null && input.amount !== '') {
    const n = typeof input.amount === 'string' && /^\d+$/.test(input.amount) ? Number(input.amount) : input.amount;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
      throw unprocessable('invalid_amount', 'amount is a positive integer in minor units (cents)', { field: 'amount' });
    requested = n;
  }
  const method = input.method === undefined || input.method === null || input.method === '' ? 'csv' : input.method;
  if (method !== 'csv' && method !== 'sepa')
    throw unprocessable('invalid_method', 'method is "csv" or "sepa"', { field: 'method' });
  const given = typeof input.reference === 'string' ? input.reference.trim() : '';
  if (given && !REFERENCE.test(given))
    throw unprocessable('invalid_reference', "reference: at most 35 letters, digits and / - ? : ( ) . , ' +", {
      field: 'reference',
    });
  if (method === 'sepa' && !(await bankAccountOf(ctx.db, member.accountId)))
    throw unprocessable('missing_bank_details', 'This ambassador has not given their bank details yet', {
      field: 'method',
    });
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await lockAmbassadors(tx, [member.id]);
    const lines = await queryRows<{ order_id: string; line_id: string; currency: string; payable: number }>(
      tx,
      // Oldest commission first: by when the line earned it (its first entry), then the line's id.
      sql`select order_id, order_line_id as line_id, min(currency) as currency,
                 sum(amount) filter (where account = 'payable')::int as payable
            from ambassador_ledger_entries where ambassador_id = ${member.id}
           group by order_id, order_line_id having sum(amount) filter (where account = 'payable') > 0
           order by min(at), order_line_id`,
    );
    const payable = lines.reduce((sum, l) => sum + l.payable, 0);
    const amount = requested ?? payable;
    if (amount > payable)
      throw unprocessable('payout_too_large', `At most ${payable} is payable`, { field: 'amount', payable });
    const [program] = await queryRows<{ min: number }>(
      tx,
      sql`select min_payout_amount as min from ambassador_programs where brand_id = ${member.brandId}`,
    );
    const min = Math.max(program?.min ?? 0, 1);
    if (amount < min)
      throw unprocessable('below_min_payout', `A payout is at least ${min} (payable: ${payable})`, {
        field: 'amount',
        min_payout: min,
        payable,
      });
    const id = uuidv7();
    const reference = given || `CPT-${id.replace(/-/g, '').slice(-16).toUpperCase()}`;
    await queryRows(
      tx,
      sql`insert into ambassador_payouts (id, brand_id, ambassador_id, amount, currency, method, reference,
            created_by_id, at)
          values (${id}, ${member.brandId}, ${member.id}, ${amount}, ${member.currency}, ${method}, ${reference},
            ${actorId}, ${now.toISOString()}::timestamptz)`,
    );
    const movements: Movement[] = [];
    let left = amount;
    for (const line of lines) {
      if (left <= 0) break;
      const part = Math.min(left, line.payable);
      left -= part;
      movements.push({
        brandId: member.brandId,
        ambassadorId: member.id,
        kind: 'paid',
        orderId: line.order_id,
        lineId: line.line_id,
        currency: line.currency,
        payoutId: id,
        legs: [
          { account: 'payable', amount: -part },
          { account: 'paid', amount: part },
        ],
      });
    }
    await writeMovements(tx, movements, now);
    return {
      id,
      brandId: member.brandId,
      ambassadorId: member.id,
      amount,
      currency: member.currency,
      method,
      reference,
      at: now,
    };
  });
}

/** The brand's payouts, newest first (optionally one ambassador's, or within [from, to)). */
export async function payoutsOf(
  db: DbOrTx,
  brandId: string,
  options: { ambassadorId?: string; from?: Date; to?: Date; method?: PayoutMethod } = {},
): Promise<(Payout & { username: string; holderName: string | null; iban: string | null; bic: string | null })[]> {
  const rows = await queryRows<{
    id: string;
    brand_id: string;
    ambassador_id: string;
    amount: number;
    currency: string;
    method: PayoutMethod;
    reference: string;
    at: string | Date;
    username: string;
    holder_name: string | null;
    iban: string | null;
    bic: string | null;
  }>(
    db,
    sql`select p.*, acc.username, b.holder_name, b.iban, b.bic
          from ambassador_payouts p
          join ambassadors a on a.id = p.ambassador_id
          join accounts acc on acc.id = a.account_id
          left join ambassador_bank_accounts b on b.account_id = a.account_id
         where p.brand_id = ${brandId}
           ${options.ambassadorId ? sql`and p.ambassador_id = ${options.ambassadorId}` : sql``}
           ${options.from ? sql`and p.at >= ${options.from.toISOString()}::timestamptz` : sql``}
           ${options.to ? sql`and p.at < ${options.to.toISOString()}::timestamptz` : sql``}
           ${options.method ? sql`and p.method = ${options.method}` : sql``}
         order by p.at desc, p.id desc limit 1000`,
  );
  return rows.map((r) => ({
    id: r.id,
    brandId: r.brand_id,
    ambassadorId: r.ambassador_id,
    amount: r.amount,
    currency: r.currency,
    method: r.method,
    reference: r.reference,
    at: new Date(r.at),
    username: r.username,
    holderName: r.holder_name,
    iban: r.iban,
    bic: r.bic,
  }));
}

// Bank details ---------------------------------------------------------------------------------------

/** An IBAN without spaces, upper case, if its country, length and mod-97 checksum hold; else null. */
export function normalizeIban(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const iban = input.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return null;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1 ? iban : null;
}

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** `FR76 **** **** 1234`: the country, check digits and last four, for anyone but the holder. */
export const maskIban = (iban: string) => `${iban.slice(0, 4)} **** **** ${iban.slice(-4)}`;

export type BankAccount = { holderName: string; iban: string; bic: string };

export async function bankAccountOf(db: DbOrTx, accountId: string): Promise<BankAccount | null> {
  const [row] = await queryRows<{ holder_name: string; iban: string; bic: string }>(
    db,
    sql`select holder_name, iban, bic from ambassador_bank_accounts where account_id = ${accountId}`,
  );
  return row ? { holderName: row.holder_name, iban: row.iban, bic: row.bic } : null;
}

function checkBankInput(
  input: { name?: unknown; iban?: unknown; bic?: unknown },
  bicRequired: boolean,
  nameField = 'holder_name',
): BankAccount {
  const holderName = typeof input.name === 'string' ? input.name.trim() : '';
  if (!holderName || [...holderName].length > 70)
    throw unprocessable('invalid_name', 'The account holder’s name (at most 70 characters)', { field: nameField });
  const iban = normalizeIban(input.iban);
  if (!iban) throw unprocessable('invalid_iban', 'This IBAN is not valid (check digits)', { field: 'iban' });
  const bic = typeof input.bic === 'string' ? input.bic.replace(/\s/g, '').toUpperCase() : '';
  if ((bic || bicRequired) && !BIC.test(bic))
    throw unprocessable('invalid_bic', 'A BIC has 8 or 11 letters and digits', { field: 'bic' });
  return { holderName, iban, bic };
}

/** The person's own bank details for SEPA payouts (their earnings page). */
export async function saveBankAccount(
  ctx: { db: Db; clock: Clock },
  accountId: string,
  input: { name?: unknown; iban?: unknown; bic?: unknown },
): Promise<BankAccount> {
  const b = checkBankInput(input, false);
  await queryRows(
    ctx.db,
    sql`insert into ambassador_bank_accounts (account_id, holder_name, iban, bic, updated_at)
        values (${accountId}, ${b.holderName}, ${b.iban}, ${b.bic}, ${ctx.clock.now().toISOString()}::timestamptz)
        on conflict (account_id) do update set holder_name = excluded.holder_name, iban = excluded.iban,
          bic = excluded.bic, updated_at = excluded.updated_at`,
  );
  return b;
}

export async function payoutSettingsOf(db: DbOrTx, brandId: string): Promise<BankAccount | null> {
  const [row] = await queryRows<{ debtor_name: string; iban: string; bic: string }>(
    db,
    sql`select debtor_name, iban, bic from ambassador_payout_settings where brand_id = ${brandId}`,
  );
  return row ? { holderName: row.debtor_name, iban: row.iban, bic: row.bic } : null;
}

/** The brand's debtor account for its SEPA files (owner/admins). */
export async function savePayoutSettings(
  ctx: { db: Db; clock: Clock },
  brandId: string,
  actorId: string,
  input: { name?: unknown; iban?: unknown; bic?: unknown },
): Promise<BankAccount> {
  await requireLedgerManager(ctx.db, brandId, actorId);
  const b = checkBankInput(input, true, 'debtor_name');
  await queryRows(
    ctx.db,
    sql`insert into ambassador_payout_settings (brand_id, debtor_name, iban, bic, updated_at)
        values (${brandId}, ${b.holderName}, ${b.iban}, ${b.bic}, ${ctx.clock.now().toISOString()}::timestamptz)
        on conflict (brand_id) do update set debtor_name = excluded.debtor_name, iban = excluded.iban,
          bic = excluded.bic, updated_at = excluded.updated_at`,
  );
  return b;
}

/** Each ambassador of the brand with a balance: payable first (the payouts page, the balances CSV). */
export async function brandBalances(
  db: DbOrTx,
  brandId: string,
): Promise<
  { ambassadorId: string; username: string; pending: number; payable: number; paid: number; hasBank: boolean }[]
> {
  const rows = await queryRows<{
    id: string;
    username: string;
    pending: number;
    payable: number;
    paid: number;
    has_bank: boolean;
  }>(
    db,
    sql`select a.id, acc.username,
               coalesce(sum(e.amount) filter (where e.account = 'pending'), 0)::int as pending,
               coalesce(sum(e.amount) filter (where e.account = 'payable'), 0)::int as payable,
               coalesce(sum(e.amount) filter (where e.account = 'paid'), 0)::int as paid,
               exists (select 1 from ambassador_bank_accounts b where b.account_id = a.account_id) as has_bank
          from ambassadors a join accounts acc on acc.id = a.account_id
          left join ambassador_ledger_entries e on e.ambassador_id = a.id
         where a.brand_id = ${brandId} and (a.status = 'accepted' or e.id is not null)
         group by a.id, acc.username, a.account_id
         order by payable desc, pending desc, acc.username`,
  );
  return rows.map((r) => ({
    ambassadorId: r.id,
    username: r.username,
    pending: r.pending,
    payable: r.payable,
    paid: r.paid,
    hasBank: r.has_bank,
  }));
}
