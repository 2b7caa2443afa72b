/**
 * The payouts' downloads: CSV of payouts, CSV of balances, and a SEPA credit transfer file
 * (ISO 20022 pain.001.001.03) of the brand's `sepa` payouts in EUR for its bank. Amounts are
 * written with two decimals from minor units (integers, never floats); names are XML-escaped.
 * Columns and elements are listed in docs/ambassadors-ledger.md.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client';
import type { Clock } from '../../../lib/clock';
import { unprocessable } from '../../../lib/errors';
import { parisDay, parisInstantOf } from '../../../lib/paris';
import { toCsv } from '../../commerce';
import { maskIban, payoutSettingsOf, payoutsOf, type BankAccount } from './payouts';
import { requireLedgerManager } from './read';

/** 1234 -> "12.34", -5 -> "-0.05": minor units as a decimal string, without floating point. */
export function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

type PayoutRow = {
  id: string;
  ambassadorId: string;
  username: string;
  amount: number;
  currency: string;
  method: string;
  reference: string;
  at: Date;
  holderName: string | null;
  iban: string | null;
  bic: string | null;
};

export function payoutsCsv(payouts: PayoutRow[]): string {
  return toCsv([
    [
      'date',
      'payout_id',
      'ambassador',
      'ambassador_id',
      'amount',
      'amount_minor',
      'currency',
      'method',
      'reference',
      'holder_name',
      'iban',
    ],
    ...payouts.map((p) => [
      p.at.toISOString(),
      p.id,
      p.username,
      p.ambassadorId,
      decimal(p.amount),
      p.amount,
      p.currency,
      p.method,
      p.reference,
      p.holderName ?? '',
      p.iban ? maskIban(p.iban) : '',
    ]),
  ]);
}

export function balancesCsv(
  rows: { ambassadorId: string; username: string; pending: number; payable: number; paid: number }[],
  currency: string,
): string {
  return toCsv([
    ['ambassador', 'ambassador_id', 'currency', 'pending', 'payable', 'paid'],
    ...rows.map((r) => [r.username, r.ambassadorId, currency, decimal(r.pending), decimal(r.payable), decimal(r.paid)]),
  ]);
}

export const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Text for a SEPA field: no control characters, at most `max` characters, escaped. */
const field = (s: string, max: number) =>
  xmlEscape([...s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()].slice(0, max).join(''));

export type SepaPayout = {
  id: string;
  amount: number;
  currency: string;
  reference: string;
  holderName: string;
  iban: string;
  bic: string;
};

/**
 * A pain.001.001.03 document: one payment information block (the brand's account, the
 * requested execution day) with one credit transfer per payout. MsgId is derived from the
 * payouts it holds, so the same selection gives the same id (banks refuse a MsgId twice).
 */
export function sepaXml(
  debtor: BankAccount,
  payouts: SepaPayout[],
  options: { createdAt: Date; executionDay: string },
): string {
  const total = payouts.reduce((sum, p) => sum + p.amount, 0);
  const digest = createHash('sha256')
    .update(payouts.map((p) => p.id).join(','))
    .digest('hex')
    .slice(0, 12)
    .toUpperCase();
  const stamp = options.createdAt.toISOString().slice(0, 19);
  const msgId = `CPT-${stamp.replace(/\D/g, '').slice(0, 8)}-${digest}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <CstmrCdtTrfInitn>',
    '    <GrpHdr>',
    `      <MsgId>${msgId}</MsgId>`,
    `      <CreDtTm>${stamp}</CreDtTm>`,
    `      <NbOfTxs>${payouts.length}</NbOfTxs>`,
    `      <CtrlSum>${decimal(total)}</CtrlSum>`,
    `      <InitgPty><Nm>${field(debtor.holderName, 70)}</Nm></InitgPty>`,
    '    </GrpHdr>',
    '    <PmtInf>',
    `      <PmtInfId>${msgId}-1</PmtInfId>`,
    '      <PmtMtd>TRF</PmtMtd>',
    '      <BtchBookg>true</BtchBookg>',
    `      <NbOfTxs>${payouts.length}</NbOfTxs>`,
    `      <CtrlSum>${decimal(total)}</CtrlSum>`,
    '      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>',
    `      <ReqdExctnDt>${options.executionDay}</ReqdExctnDt>`,
    `      <Dbtr><Nm>${field(debtor.holderName, 70)}</Nm></Dbtr>`,
    `      <DbtrAcct><Id><IBAN>${debtor.iban}</IBAN></Id></DbtrAcct>`,
    `      <DbtrAgt><FinInstnId><BIC>${field(debtor.bic, 11)}</BIC></FinInstnId></DbtrAgt>`,
    '      <ChrgBr>SLEV</ChrgBr>',
    ...payouts.flatMap((p) => [
      '      <CdtTrfTxInf>',
      `        <PmtId><EndToEndId>${field(p.reference, 35)}</EndToEndId></PmtId>`,
      `        <Amt><InstdAmt Ccy="EUR">${decimal(p.amount)}</InstdAmt></Amt>`,
      ...(p.bic ? [`        <CdtrAgt><FinInstnId><BIC>${field(p.bic, 11)}</BIC></FinInstnId></CdtrAgt>`] : []),
      `        <Cdtr><Nm>${field(p.holderName, 70)}</Nm></Cdtr>`,
      `        <CdtrAcct><Id><IBAN>${p.iban}</IBAN></Id></CdtrAcct>`,
      `        <RmtInf><Ustrd>${field(`Commission ${p.reference}`, 140)}</Ustrd></RmtInf>`,
      '      </CdtTrfTxInf>',
    ]),
    '    </PmtInf>',
    '  </CstmrCdtTrfInitn>',
    '</Document>',
  ];
  return `${lines.join('\n')}\n`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a Paris day starts. */
function parisDayStart(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(parisInstantOf(Date.UTC(y, m - 1, d)));
}

function checkDay(value: string | undefined, field: string, fallback: string): string {
  const day = value?.trim() || fallback;
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
    throw unprocessable('invalid_date', `${field} is a day (YYYY-MM-DD)`, { field });
  return day;
}

/**
 * The brand's SEPA file: its `sepa` payouts in EUR recorded from `from` to `to` (Paris days,
 * both included; default today), with its debtor account. Owner/admins only.
 */
export async function sepaExport(
  ctx: { db: Db; clock: Clock },
  brandId: string,
  viewerId: string,
  range: { from?: string; to?: string },
): Promise<{ xml: string; from: string; to: string }> {
  await requireLedgerManager(ctx.db, brandId, viewerId);
  const now = ctx.clock.now();
  const today = parisDay(now);
  const from = checkDay(range.from, 'from', today);
  const to = checkDay(range.to, 'to', range.from ? from : today);
  if (to < from) throw unprocessable('invalid_date', 'to is on or after from', { field: 'to' });
  const debtor = await payoutSettingsOf(ctx.db, brandId);
  if (!debtor)
    throw unprocessable('missing_debtor_account', 'Give the brand’s own account (IBAN and BIC) first', {
      field: 'debtor',
    });
  const end = new Date(parisDayStart(to).getTime() + 36 * 3_600_000);
  const payouts = (
    await payoutsOf(ctx.db, brandId, {
      from: parisDayStart(from),
      to: parisDayStart(parisDay(end)),
      method: 'sepa',
    })
  ).filter((p) => p.currency === 'EUR' && p.iban);
  if (payouts.length === 0) throw unprocessable('no_sepa_payouts', 'No SEPA payout was recorded in this range');
  const xml = sepaXml(
    debtor,
    payouts.reverse().map((p) => ({
      id: p.id,
      amount: p.amount,
      currency: p.currency,
      reference: p.reference,
      holderName: p.holderName ?? p.username,
      iban: p.iban!,
      bic: p.bic ?? '',
    })),
    { createdAt: now, executionDay: today },
  );
  return { xml, from, to };
}
