/**
 * A brand's ambassador programme: its commission (a percentage, stored in basis points, with
 * per-collection rates), the attribution window, the return window before a commission is payable,
 * the minimum payout, terms, which products earn, applications or invitation only, open or closed.
 * Only the owner and admins change it (ambassadors.manage); the whole team reads it; anyone else
 * gets 404, as if the brand had none.
 */
import { sql } from 'drizzle-orm';
import { arrayLiteral, queryRows, type Db, type DbOrTx } from '../../db/client';
import { isUuid } from '../../db/ids';
import type { Clock } from '../../lib/clock';
import { forbidden, notFound, unprocessable } from '../../lib/errors';
import { roleAllows, roleIn, type BrandRole, type Permission } from '../accounts';

export type AmbassadorsContext = { db: Db; clock: Clock; config: { publicUrl: string } };

export const MAX_COMMISSION_PERCENT = 50;
export const MAX_WINDOW_DAYS = 365;
export const MAX_TERMS = 5000;

export type Program = {
  brandId: string;
  commissionBp: number;
  windowDays: number;
  returnWindowDays: number;
  minPayoutAmount: number;
  currency: string;
  terms: string;
  productScope: 'all' | 'selected';
  openToApplications: boolean;
  active: boolean;
  productIds: string[];
  rates: { collectionId: string; commissionBp: number }[];
  updatedAt: Date;
};

/** The API's and the form's fields (snake_case, unchecked: checkProgramInput says what is wrong). */
export type ProgramInput = {
  commission_percent?: unknown;
  window_days?: unknown;
  return_window_days?: unknown;
  min_payout?: unknown;
  terms?: unknown;
  product_scope?: unknown;
  product_ids?: unknown;
  collection_rates?: unknown;
  open_to_applications?: unknown;
  active?: unknown;
};

type Row = {
  brand_id: string;
  commission_bp: number;
  window_days: number;
  return_window_days: number;
  min_payout_amount: number;
  currency: string;
  terms: string;
  product_scope: 'all' | 'selected';
  open_to_applications: boolean;
  active: boolean;
  updated_at: string | Date;
  product_ids: string[];
  rates: { collection_id: string; commission_bp: number }[] | null;
};

/** The brand's programme, or null (anyone may read it: its page shows the terms). */
export async function programOf(db: DbOrTx, brandId: string): Promise<Program | null> {
  if (!isUuid(brandId)) return null;
  const [r] = await queryRows<Row>(
    db,
    sql`select p.*,
          coalesce((select array_agg(pp.product_id::text) from ambassador_program_products pp
                    where pp.brand_id = p.brand_id), '{}') as product_ids,
          (select json_agg(json_build_object('collection_id', r.collection_id, 'commission_bp', r.commission_bp))
             from ambassador_program_rates r where r.brand_id = p.brand_id) as rates
        from ambassador_programs p where p.brand_id = ${brandId}`,
  );
  if (!r) return null;
  return {
    brandId: r.brand_id,
    commissionBp: r.commission_bp,
    windowDays: r.window_days,
    returnWindowDays: r.return_window_days,
    minPayoutAmount: Number(r.min_payout_amount),
    currency: r.currency,
    terms: r.terms,
    productScope: r.product_scope,
    openToApplications: r.open_to_applications,
    active: r.active,
    productIds: r.product_ids,
    rates: (r.rates ?? []).map((x) => ({ collectionId: x.collection_id, commissionBp: x.commission_bp })),
    updatedAt: new Date(r.updated_at),
  };
}

/** The actor's role on the brand's team, or 404 (not a brand, not on its team: nothing to see). */
export async function teamRoleOr404(
  ctx: { db: Db },
  actorId: string,
  brandId: string,
  permission: Permission,
): Promise<BrandRole> {
  if (!isUuid(brandId)) throw notFound('Brand');
  const role = await roleIn(ctx, brandId, actorId);
  if (!role) throw notFound('Brand');
  if (!roleAllows(role, permission)) throw forbidden('role_not_allowed', `Your role (${role}) does not allow this`);
  return role;
}

const invalid = (field: string, message: string) => unprocessable(`invalid_${field}`, message, { field });

function percentToBp(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_COMMISSION_PERCENT)
    throw invalid(field, `${field} is a percentage from 0 to ${MAX_COMMISSION_PERCENT}`);
  const bp = Math.round(n * 100);
  if (Math.abs(bp - n * 100) > 1e-6) throw invalid(field, `${field} has at most two decimals`);
  return bp;
}

function intIn(value: unknown, field: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
    throw invalid(field, `${field} is a whole number from ${min} to ${max}`);
  return n;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'on' || value === '1') return true;
  if (value === 'false' || value === 'off' || value === '0') return false;
  throw invalid(field, `${field} is true or false`);
}

function uuids(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every(isUuid)) throw invalid(field, `${field} is a list of ids`);
  return [...new Set(value.map((v) => v.toLowerCase()))];
}

type Checked = Omit<Program, 'brandId' | 'updatedAt'>;

/** The input over the current programme (or the defaults): 422 naming the first wrong field. */
export function checkProgramInput(input: ProgramInput, current: Program | null, currencies: string[]): Checked {
  const base: Checked = current ?? {
    commissionBp: -1,
    windowDays: -1,
    returnWindowDays: 14,
    minPayoutAmount: 0,
    currency: currencies[0] ?? 'EUR',
    terms: '',
    productScope: 'all',
    openToApplications: true,
    active: true,
    productIds: [],
    rates: [],
  };
  const out = { ...base };
  if (input.commission_percent !== undefined)
    out.commissionBp = percentToBp(input.commission_percent, 'commission_percent');
  else if (!current) throw invalid('commission_percent', 'commission_percent is required');
  if (input.window_days !== undefined) out.windowDays = intIn(input.window_days, 'window_days', 1, MAX_WINDOW_DAYS);
  else if (!current) throw invalid('window_days', 'window_days is required');
  if (input.return_window_days !== undefined)
    out.returnWindowDays = intIn(input.return_window_days, 'return_window_days', 0, MAX_WINDOW_DAYS);
  if (input.min_payout !== undefined && input.min_payout !== null) {
    const m = input.min_payout as { amount?: unknown; currency?: unknown };
    if (typeof m !== 'object') throw invalid('min_payout', 'min_payout is {amount, currency}');
    out.minPayoutAmount = intIn(m.amount, 'min_payout', 0, 100_000_000);
    if (m.currency !== undefined) {
      if (typeof m.currency !== 'string' || !currencies.includes(m.currency.toUpperCase()))
        throw unprocessable('invalid_currency', `min_payout.currency is one of ${currencies.join(', ')}`, {
          field: 'min_payout.currency',
        });
      out.currency = m.currency.toUpperCase();
    }
  }
  if (input.terms !== undefined) {
    if (typeof input.terms !== 'string' || input.terms.length > MAX_TERMS)
      throw invalid('terms', `terms is text of at most ${MAX_TERMS} characters`);
    out.terms = input.terms.trim();
  }
  if (input.product_scope !== undefined) {
    if (input.product_scope !== 'all' && input.product_scope !== 'selected')
      throw invalid('product_scope', 'product_scope is all or selected');
    out.productScope = input.product_scope;
  }
  if (input.product_ids !== undefined) out.productIds = uuids(input.product_ids, 'product_ids');
  if (input.collection_rates !== undefined) {
    if (!Array.isArray(input.collection_rates)) throw invalid('collection_rates', 'collection_rates is a list');
    out.rates = input.collection_rates.map((r: { collection_id?: unknown; commission_percent?: unknown }) => {
      if (!r || !isUuid(r.collection_id)) throw invalid('collection_rates', 'each rate names a collection_id');
      return {
        collectionId: r.collection_id.toLowerCase(),
        commissionBp: percentToBp(r.commission_percent, 'collection_rates'),
      };
    });
  }
  if (input.open_to_applications !== undefined)
    out.openToApplications = flag(input.open_to_applications, 'open_to_applications');
  if (input.active !== undefined) out.active = flag(input.active, 'active');
  if (out.productScope === 'selected' && out.productIds.length === 0)
    throw invalid('product_ids', 'choose at least one product when product_scope is selected');
  return out;
}

/** The currencies the brand sells in (a programme pays in one of them), EUR when it sells nothing yet. */
async function brandCurrencies(db: DbOrTx, brandId: string): Promise<string[]> {
  const rows = await queryRows<{ currency: string }>(
    db,
    sql`select distinct currency from variants where brand_id = ${brandId} order by currency`,
  );
  return rows.length ? rows.map((r) => r.currency) : ['EUR'];
}

async function checkOwned(db: DbOrTx, brandId: string, p: Checked) {
  if (p.productIds.length) {
    const found = await queryRows<{ id: string }>(
      db,
      sql`select id from products where brand_id = ${brandId} and id = any(${arrayLiteral(p.productIds)}::uuid[])`,
    );
    if (found.length !== p.productIds.length)
      throw unprocessable('unknown_product', 'product_ids are not all the brand’s products', { field: 'product_ids' });
  }
  const collectionIds = p.rates.map((r) => r.collectionId);
  if (collectionIds.length) {
    const found = await queryRows<{ id: string }>(
      db,
      sql`select id from collections where brand_id = ${brandId} and id = any(${arrayLiteral(collectionIds)}::uuid[])`,
    );
    if (found.length !== new Set(collectionIds).size)
      throw unprocessable('unknown_collection', 'collection_rates name a collection that is not the brand’s', {
        field: 'collection_rates',
      });
  }
}

/** Creates or changes the programme (owner, admin): `created` tells which. */
export async function saveProgram(
  ctx: AmbassadorsContext,
  actorId: string,
  brandId: string,
  input: ProgramInput,
): Promise<{ program: Program; created: boolean }> {
  await teamRoleOr404(ctx, actorId, brandId, 'ambassadors.manage');
  const current = await programOf(ctx.db, brandId);
  const p = checkProgramInput(input, current, await brandCurrencies(ctx.db, brandId));
  await checkOwned(ctx.db, brandId, p);
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into ambassador_programs (brand_id, commission_bp, window_days, return_window_days, min_payout_amount,
            currency, terms, product_scope, open_to_applications, active, created_at, updated_at)
          values (${brandId}, ${p.commissionBp}, ${p.windowDays}, ${p.returnWindowDays}, ${p.minPayoutAmount},
            ${p.currency}, ${p.terms}, ${p.productScope}, ${p.openToApplications}, ${p.active}, ${now}, ${now})
          on conflict (brand_id) do update set commission_bp = excluded.commission_bp,
            window_days = excluded.window_days, return_window_days = excluded.return_window_days,
            min_payout_amount = excluded.min_payout_amount, currency = excluded.currency, terms = excluded.terms,
            product_scope = excluded.product_scope, open_to_applications = excluded.open_to_applications,
            active = excluded.active, updated_at = excluded.updated_at`,
    );
    if (input.product_ids !== undefined) {
      await tx.execute(sql`delete from ambassador_program_products where brand_id = ${brandId}`);
      if (p.productIds.length)
        await tx.execute(
          sql`insert into ambassador_program_products (brand_id, product_id)
              select ${brandId}, unnest(${arrayLiteral(p.productIds)}::uuid[])`,
        );
    }
    if (input.collection_rates !== undefined) {
      await tx.execute(sql`delete from ambassador_program_rates where brand_id = ${brandId}`);
      for (const r of p.rates)
        await tx.execute(
          sql`insert into ambassador_program_rates (brand_id, collection_id, commission_bp)
              values (${brandId}, ${r.collectionId}, ${r.commissionBp})
              on conflict (brand_id, collection_id) do update set commission_bp = excluded.commission_bp`,
        );
    }
  });
  return { program: (await programOf(ctx.db, brandId))!, created: current === null };
}

/** The programme for its team (GET): 404 to anyone else or when there is none. */
export async function programForTeam(ctx: AmbassadorsContext, actorId: string, brandId: string): Promise<Program> {
  await teamRoleOr404(ctx, actorId, brandId, 'read');
  const program = await programOf(ctx.db, brandId);
  if (!program) throw notFound('Program');
  return program;
}

/** Whether a product earns in the programme (the brand's, and selected when the scope is 'selected'). */
export function productInScope(program: Program, productId: string): boolean {
  return program.productScope === 'all' || program.productIds.includes(productId);
}
