/**
 * The ledger's pages: the ambassador's earnings `/ambassador/:id` (clicks, orders, balances,
 * movements, their bank details form), and in the brand's back-office (under ambcore's
 * `ambassadors` section) `/brands/:username/ambassadors/payouts` (balances, record a payout,
 * downloads, the brand's debtor account) and `/brands/:username/ambassadors/:id/ledger`.
 * Readers: the ambassador for their page, the brand's owner/admins for the others; anyone else 404.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { parisDay } from '../../../lib/paris';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, getAccounts, roleAllows, roleIn } from '../../accounts';
import { formatMoney } from '../../commerce';
import { bankAccountOf, brandBalances, payoutSettingsOf, payoutsOf, recordPayout, saveBankAccount } from './payouts';
import { savePayoutSettings } from './payouts';
import { ambassadorActivity, ledgerBalances, ledgerItems, ledgerMember } from './read';
import { EarningsPage, type Errors } from './views';
import { MemberLedgerPage, PayoutsPage } from './views-brand';

type Ctx = Context<AppEnv>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const PAGE = 50;

/** "12,50" or "12.50" (euros) as minor units; blank: null (the whole balance); anything else: NaN. */
export function minorOf(input: string): number | null {
  const s = input.trim().replace(/\s/g, '');
  if (!s) return null;
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(s);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
}

export const ledgerPages: RouteModule = (app, ctx) => {
  const locale = (c: Ctx) => (c.get('locale') === 'en' ? 'en' : 'fr') as 'fr' | 'en';

  /** The ambassador's own earnings page (anyone else: 404). */
  async function earnings(c: Ctx, extra: { errors?: Errors; bankForm?: { name: string; iban: string; bic: string } }) {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const member = await ledgerMember(ctx.db, c.req.param('id') ?? '');
    if (!member || member.accountId !== viewer.accountId) return renderError(c, 404, t('error.not_found'), ctx);
    const brand = (await getAccounts(ctx, [member.brandId])).get(member.brandId);
    const items = await ledgerItems(ctx.db, member.id, { limit: PAGE + 1, before: c.req.query('max_id') });
    const older = items.length > PAGE ? `/ambassador/${member.id}?max_id=${items[PAGE - 1].id}` : null;
    return renderPage(
      c,
      {
        meta: {
          title: t('ledger.earnings.title', { brand: brand?.displayName || brand?.username || '' }),
          noindex: true,
        },
        status: extra.errors ? 422 : 200,
        body: (
          <EarningsPage
            t={t}
            locale={locale(c)}
            csrf={c.get('csrfToken')}
            brand={brand?.displayName || brand?.username || ''}
            ambassadorId={member.id}
            activity={await ambassadorActivity(ctx.db, member.id)}
            balances={(await ledgerBalances(ctx.db, [member.id])).get(member.id)!}
            items={items.slice(0, PAGE)}
            older={older}
            bank={await bankAccountOf(ctx.db, member.accountId)}
            bankForm={extra.bankForm}
            errors={extra.errors}
            saved={c.req.query('saved') === '1'}
          />
        ),
      },
      ctx,
    );
  }

  app.get('/ambassador/:id{[0-9a-fA-F-]{36}}', (c) => earnings(c, {}));
  app.post('/ambassador/:id{[0-9a-fA-F-]{36}}/bank', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const member = await ledgerMember(ctx.db, c.req.param('id') ?? '');
    if (!member || member.accountId !== viewer.accountId) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const body = await c.req.parseBody();
    const bankForm = { name: str(body.name), iban: str(body.iban), bic: str(body.bic) };
    try {
      await saveBankAccount(ctx, viewer.accountId, bankForm);
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind !== 'unprocessable') throw e;
      const field = e.code === 'invalid_name' ? 'name' : e.code === 'invalid_bic' ? 'bic' : 'iban';
      return earnings(c, { bankForm, errors: { [field]: tOf(c)(`ledger.error.${e.code}` as 'ledger.error.other') } });
    }
    return c.redirect(`/ambassador/${member.id}?saved=1#bank`, 303);
  });

  /** The brand and whether the viewer manages its ambassadors (owner/admins); else the 404 page. */
  async function manager(c: Ctx) {
    const viewer = c.get('viewer')!;
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    if (!brand || !roleAllows(role, 'ambassadors.manage')) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    return brand;
  }

  async function payoutsPage(
    c: Ctx,
    extra: {
      errors?: Errors;
      form?: { ambassador_id: string; amount: string; method: string; reference: string };
      debtorForm?: { name: string; iban: string; bic: string };
    },
  ) {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await manager(c);
    if (brand instanceof Response) return brand;
    const t = tOf(c);
    const rows = await brandBalances(ctx.db, brand.id);
    const [program] = (
      await ledgerBalances(
        ctx.db,
        rows.slice(0, 1).map((r) => r.ambassadorId),
      )
    ).values();
    const currency = program?.payable.currency ?? 'EUR';
    const recorded = Number(c.req.query('recorded'));
    const name = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('ledger.payouts.title', { name }), noindex: true },
        theme: brandTheme(brand),
        status: extra.errors ? 422 : 200,
        body: (
          <PayoutsPage
            t={t}
            locale={locale(c)}
            csrf={c.get('csrfToken')}
            name={name}
            base={`/brands/${brand.username}`}
            brandId={brand.id}
            currency={currency}
            rows={rows}
            payouts={(await payoutsOf(ctx.db, brand.id)).slice(0, 50)}
            debtor={await payoutSettingsOf(ctx.db, brand.id)}
            today={parisDay(ctx.clock.now())}
            form={extra.form}
            debtorForm={extra.debtorForm}
            errors={extra.errors}
            notice={
              Number.isInteger(recorded) && recorded > 0
                ? t('ledger.payouts.recorded', { amount: formatMoney(recorded, currency, locale(c)) })
                : c.req.query('debtor') === '1'
                  ? t('ledger.payouts.debtor_saved')
                  : undefined
            }
          />
        ),
      },
      ctx,
    );
  }

  app.get('/brands/:username/ambassadors/payouts', (c) => payoutsPage(c, {}));
  app.post('/brands/:username/ambassadors/payouts', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await manager(c);
    if (brand instanceof Response) return brand;
    const body = await c.req.parseBody();
    const form = {
      ambassador_id: str(body.ambassador_id),
      amount: str(body.amount),
      method: str(body.method),
      reference: str(body.reference),
    };
    const t = tOf(c);
    const amount = minorOf(form.amount);
    try {
      const p = await recordPayout(ctx, brand.id, viewer.accountId, {
        ambassadorId: form.ambassador_id,
        amount: Number.isNaN(amount) ? 'invalid' : amount,
        method: form.method,
        reference: form.reference,
      });
      return c.redirect(`/brands/${brand.username}/ambassadors/payouts?recorded=${p.amount}`, 303);
    } catch (e) {
      if (!(e instanceof DomainError) || (e.kind !== 'unprocessable' && e.kind !== 'not_found')) throw e;
      const d = e.details ?? {};
      const fmt = (n: unknown) => formatMoney(typeof n === 'number' ? n : 0, 'EUR', locale(c));
      const known: Record<string, string> = {
        invalid_amount: t('ledger.error.invalid_amount'),
        payout_too_large: t('ledger.error.payout_too_large', { payable: fmt(d.payable) }),
        below_min_payout: t('ledger.error.below_min_payout', { min: fmt(d.min_payout) }),
        missing_bank_details: t('ledger.error.missing_bank_details'),
        invalid_reference: t('ledger.error.invalid_reference'),
      };
      const message = known[e.code] ?? t('ledger.error.other');
      const field = typeof d.field === 'string' && d.field !== 'ambassador_id' ? d.field : '_form';
      return payoutsPage(c, { form, errors: { [field]: message, ...(field === '_form' ? {} : { _form: message }) } });
    }
  });

  app.post('/brands/:username/ambassadors/payouts/debtor', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await manager(c);
    if (brand instanceof Response) return brand;
    const body = await c.req.parseBody();
    const debtorForm = { name: str(body.name), iban: str(body.iban), bic: str(body.bic) };
    try {
      await savePayoutSettings(ctx, brand.id, viewer.accountId, debtorForm);
    } catch (e) {
      if (!(e instanceof DomainError) || e.kind !== 'unprocessable') throw e;
      const field = e.code === 'invalid_name' ? 'debtor_name' : e.code === 'invalid_bic' ? 'bic' : 'iban';
      return payoutsPage(c, {
        debtorForm,
        errors: { [field]: tOf(c)(`ledger.error.${e.code}` as 'ledger.error.other') },
      });
    }
    return c.redirect(`/brands/${brand.username}/ambassadors/payouts?debtor=1#debtor`, 303);
  });

  app.get('/brands/:username/ambassadors/:id{[0-9a-fA-F-]{36}}/ledger', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await manager(c);
    if (brand instanceof Response) return brand;
    const t = tOf(c);
    const member = await ledgerMember(ctx.db, c.req.param('id') ?? '');
    if (!member || member.brandId !== brand.id) return renderError(c, 404, t('error.not_found'), ctx);
    const account = (await getAccounts(ctx, [member.accountId])).get(member.accountId);
    const base = `/brands/${brand.username}`;
    const items = await ledgerItems(ctx.db, member.id, { limit: PAGE + 1, before: c.req.query('max_id') });
    const older = items.length > PAGE ? `${base}/ambassadors/${member.id}/ledger?max_id=${items[PAGE - 1].id}` : null;
    const username = account?.username ?? '';
    return renderPage(
      c,
      {
        meta: { title: t('ledger.member.title', { username }), noindex: true },
        theme: brandTheme(brand),
        body: (
          <MemberLedgerPage
            t={t}
            locale={locale(c)}
            base={base}
            username={username}
            balances={(await ledgerBalances(ctx.db, [member.id])).get(member.id)!}
            items={items.slice(0, PAGE)}
            older={older}
            payouts={await payoutsOf(ctx.db, brand.id, { ambassadorId: member.id })}
          />
        ),
      },
      ctx,
    );
  });
};
