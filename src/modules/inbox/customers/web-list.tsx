/**
 * /brands/:username/customers: the brand's most valuable customers (total spent with this brand,
 * refunds deducted), or the people whose name matches a search among those who bought from it or
 * wrote to it. Each links to the customer's file. The brand's team (inbox.answer) only.
 */
import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import type { AppEnv } from '../../../http/types';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, roleAllows, roleIn } from '../../accounts';
import { SPENDING_STATUSES } from './sections';
import { customerFileUrl } from '../urls';

type Row = { id: string; username: string; display_name: string; currency: string | null; spent: string | number };

export function customerPageList(app: Hono<AppEnv>, ctx: AppContext) {
  app.get('/brands/:username/customers', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    if (!brand || !roleAllows(role, 'inbox.answer')) return renderError(c, 404, t('error.not_found'), ctx);
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const like = `%${q.replaceAll(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const paid = sql.join(
      SPENDING_STATUSES.map((s) => sql`${s}`),
      sql`, `,
    );
    // The brand's buyers and the people who wrote to it; spending per currency, biggest first.
    const rows = await queryRows<Row>(
      ctx.db,
      sql`with people as (
            select buyer_id as id from orders where brand_id = ${brand.id}
            union select customer_id from inbox_conversations where brand_id = ${brand.id})
          select a.id, a.username, a.display_name, o.currency,
            coalesce(sum(o.total_amount - o.refunded_amount), 0) as spent
          from people p join accounts a on a.id = p.id
          left join orders o on o.brand_id = ${brand.id} and o.buyer_id = a.id and o.status in (${paid})
          where ${q ? sql`(a.username ilike ${like} or a.display_name ilike ${like})` : sql`true`}
          group by a.id, a.username, a.display_name, o.currency
          order by spent desc, a.username limit 50`,
    );
    const name = brand.displayName || brand.username;
    const locale = c.get('locale');
    const money = (amount: number, currency: string) => {
      const f = new Intl.NumberFormat(locale, { style: 'currency', currency });
      return f.format(amount / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
    };
    return renderPage(
      c,
      {
        meta: { title: t('customers.list_title', { name }), noindex: true },
        theme: brandTheme(brand),
        body: (
          <div class="narrow-wide stack customer-list-page">
            <header class="page-header">
              <h1>{t('customers.list_title', { name })}</h1>
              <p class="lead">{t('customers.list_lead')}</p>
            </header>
            <form method="get" action={`/brands/${brand.username}/customers`} role="search">
              <label for="customer-search">{t('customers.search')}</label>
              <input id="customer-search" type="search" name="q" value={q} maxlength={100} />
              <button type="submit" class="button secondary small">
                {t('customers.search_button')}
              </button>
            </form>
            {rows.length === 0 ? <p class="muted">{t('customers.list_none')}</p> : null}
            <ol class="customer-list">
              {rows.map((r) => (
                <li>
                  <a href={customerFileUrl(brand.username, r.id)}>{r.display_name || r.username}</a>{' '}
                  <span class="muted">@{r.username}</span>
                  {r.currency && Number(r.spent) > 0 ? ` · ${money(Number(r.spent), r.currency)}` : ''}
                </li>
              ))}
            </ol>
          </div>
        ),
      },
      ctx,
    );
  });
}
