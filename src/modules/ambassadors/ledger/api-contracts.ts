/**
 * The commission ledger's API contracts: an ambassador's ledger (the ambassador and the brand's
 * owner/admins; anyone else 404), recording a payout (owner/admins: 422 payout_too_large,
 * below_min_payout, invalid_amount, invalid_method, missing_bank_details), and the downloads
 * (payouts and balances as CSV, SEPA pain.001.001.03 XML).
 */
import { z } from 'zod';
import { body, failures, id, int, json, route } from '../../../http/contract';
import { MAX_LEDGER_PAGE } from './read';

const tags = ['Ambassadors'];
const writer = { auth: 'user' as const, scope: 'write' as const };
const reader = { auth: 'user' as const, scope: 'read' as const };
const checked = (meta: Record<string, unknown>) => z.unknown().meta(meta);
const time = z.string().meta({ format: 'date-time' });
const Money = z.object({ amount: z.number().int().meta({ description: 'Minor units (cents)' }), currency: z.string() });
const brand = z.object({ id: id('The brand', 'Brand') });
const day = z.string().optional().meta({ format: 'date', description: 'A Paris day (YYYY-MM-DD)' });

const Entry = z.object({
  id: z.string().meta({ description: 'The movement (for max_id)' }),
  order_id: z.string(),
  order_line_id: z.string(),
  kind: z.enum(['earned', 'matured', 'reversed', 'paid']),
  amount: Money.meta({ description: 'earned + (pending), matured + (now payable), reversed −, paid + (paid out)' }),
  at: time,
});
const Ledger = z
  .object({ pending: Money, payable: Money, paid: Money, entries: z.array(Entry) })
  .meta({ id: 'AmbassadorLedger' });

const PayoutBody = z
  .looseObject({
    ambassador_id: checked({ type: 'string', format: 'uuid' }).optional(),
    amount: checked({
      type: 'integer',
      minimum: 1,
      description: 'Minor units; default: all that is payable',
    }).optional(),
    method: checked({ type: 'string', enum: ['csv', 'sepa'], default: 'csv' }).optional(),
    reference: checked({
      type: 'string',
      maxLength: 35,
      description: 'The transfer’s reference (EndToEndId)',
    }).optional(),
  })
  .meta({ required: ['ambassador_id'] });
const Payout = z
  .object({
    id: z.string(),
    ambassador_id: z.string(),
    amount: Money,
    method: z.enum(['csv', 'sepa']),
    reference: z.string(),
    created_at: time,
  })
  .meta({ id: 'AmbassadorPayout' });

const file = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });

export const contracts = {
  ledger: route({
    method: 'get',
    path: '/api/v1/ambassadors/{id}/ledger',
    tags,
    summary: 'An ambassador’s balances (sums of the ledger’s entries) and movements, newest first',
    description: 'The ambassador and the brand’s owner and admins; anyone else gets 404.',
    ...reader,
    request: {
      params: z.object({ id: id('The ambassador', 'Ambassador') }),
      query: z.object({
        limit: int(1, MAX_LEDGER_PAGE, 'Movements per page (default 50)'),
        max_id: z.string().optional().meta({ description: 'Movements older than this one' }),
      }),
    },
    responses: { 200: json(Ledger, 'The ledger'), ...failures(400, 401, 404, 422) },
  }),
  payout: route({
    method: 'post',
    path: '/api/v1/brands/{id}/ambassador_payouts',
    tags,
    summary: 'Record a payout to an ambassador (default: the whole payable balance)',
    description: 'Owner and admins (ambassadors.manage); anyone else gets 404.',
    ...writer,
    request: { params: brand, body: body(PayoutBody) },
    responses: {
      201: json(Payout, 'Recorded'),
      ...failures(400, 401, 404),
      422: json(
        failures(422)[422].content['application/json'].schema,
        'payout_too_large, below_min_payout, invalid_amount, invalid_method, invalid_reference, missing_bank_details',
      ),
    },
  }),
  payoutsCsv: route({
    method: 'get',
    path: '/api/v1/brands/{id}/ambassador_payouts.csv',
    tags,
    summary: 'The brand’s payouts as CSV (IBANs masked)',
    description: 'Owner and admins.',
    ...reader,
    request: { params: brand },
    responses: { 200: file('text/csv', 'CSV, UTF-8 with a byte order mark'), ...failures(401, 404) },
  }),
  balancesCsv: route({
    method: 'get',
    path: '/api/v1/brands/{id}/ambassador_balances.csv',
    tags,
    summary: 'Each ambassador’s pending, payable and paid balances as CSV',
    description: 'Owner and admins.',
    ...reader,
    request: { params: brand },
    responses: { 200: file('text/csv', 'CSV, UTF-8 with a byte order mark'), ...failures(401, 404) },
  }),
  sepa: route({
    method: 'get',
    path: '/api/v1/brands/{id}/ambassador_payouts.xml',
    tags,
    summary: 'SEPA credit transfers (pain.001.001.03) of the `sepa` payouts recorded from one Paris day to another',
    description:
      'Owner and admins. Needs the brand’s debtor account (422 missing_debtor_account); ' +
      'no sepa payout in the range: 422 no_sepa_payouts. Default range: today.',
    ...reader,
    request: { params: brand, query: z.object({ from: day, to: day }) },
    responses: { 200: file('application/xml', 'pain.001.001.03'), ...failures(401, 404, 422) },
  }),
};
