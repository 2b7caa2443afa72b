/** What the shop pages and the team's catalog pages share: route patterns, page sizes, the view, error texts. */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { AppError } from '../../../http/errors';
import type { AppEnv } from '../../../http/types';
import type { MessageKey, T } from '../../../web/i18n';
import { fr } from '../../../web/i18n/fr';
import { tOf } from '../../../web/page';
import type { ImportError } from './csv-import';
import type { CatalogView } from '../views/product-shop';

export type Ctx = Context<AppEnv>;

export const HANDLE = ':handle{@[A-Za-z0-9_]{1,30}}';
export const UUID_PARAM = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const SHOP_PAGE = 24;
export const ADMIN_PAGE = 50;

export const viewOf = (c: Ctx, ctx: AppContext): CatalogView => ({
  t: tOf(c),
  locale: c.get('locale'),
  csrf: c.get('csrfToken'),
  publicUrl: ctx.config.publicUrl,
});
export const viewerIdOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;

/** A service error in the reader's language when we have words for it. */
export function catalogErrorText(t: T, error: AppError): string {
  const key = `catalog.error.${error.code}`;
  if (key in fr) {
    const params: Record<string, string | number> = {};
    for (const [k, value] of Object.entries(error.details ?? {}))
      if (typeof value === 'string' || typeof value === 'number') params[k] = value;
    if (typeof error.details?.max_bytes === 'number') params.size = Math.round(error.details.max_bytes / 1024 / 1024);
    return t(key as MessageKey, params);
  }
  return error.message;
}

/** A CSV row's problem in the reader's language (the API keeps the English message). */
export function importErrorText(t: T, e: ImportError): string {
  for (const key of [`catalog.csv.${e.code}`, `catalog.error.${e.code}`]) {
    if (e.code && key in fr) return t(key as MessageKey, { value: e.value ?? '', field: e.field });
  }
  return e.message;
}

export const query = (c: Ctx, name: string) => {
  const value = c.req.query(name);
  return value && isUuid(value) ? value.toLowerCase() : undefined;
};

/** The French VAT rate of a tax class (the product page's "dont TVA"), else the standard one. */
export async function franceVatRate(ctx: AppContext, taxClass = 'standard'): Promise<number | null> {
  const [row] = await queryRows<{ rate_bp: number }>(
    ctx.db,
    sql`select coalesce((select rate_bp from tax_rates where country = 'FR' and tax_class = ${taxClass}),
          (select rate_bp from vat_rates where country = 'FR')) as rate_bp`,
  );
  return row?.rate_bp === null || row?.rate_bp === undefined ? null : Number(row.rate_bp);
}
