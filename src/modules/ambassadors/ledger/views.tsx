/** The ledger's pages: the ambassador's earnings, and the parts the brand's pages share (views-brand.tsx). */
import type { FC } from 'hono/jsx';
import { Flash } from '../../../web/components';
import { Button, CsrfField, FormField } from '../../../web/form-components';
import type { T } from '../../../web/i18n';
import { formatMoney, orderNumber } from '../../commerce';
import type { BankAccount } from './payouts';
import type { Balances, LedgerItem } from './read';

export type Locale = 'fr' | 'en';
export type Errors = Record<string, string | undefined>;

export const money = (amount: number, currency: string, locale: Locale) => formatMoney(amount, currency, locale);
export const day = (d: Date, locale: Locale) =>
  d.toLocaleDateString(locale === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris', dateStyle: 'medium' });

export const BalanceFigures: FC<{ t: T; locale: Locale; balances: Balances }> = ({ t, locale, balances }) => (
  <dl class="ledger-figures card">
    {(['pending', 'payable', 'paid'] as const).map((k) => (
      <div>
        <dt>{t(`ledger.${k}`)}</dt>
        <dd data-balance={k}>{money(balances[k].amount, balances[k].currency, locale)}</dd>
      </div>
    ))}
  </dl>
);

export const EntriesTable: FC<{
  t: T;
  locale: Locale;
  items: LedgerItem[];
  /** The order's page for the viewer (the brand's console), or none (the ambassador sees the number only). */
  orderHref?: (orderId: string) => string;
  older?: string | null;
}> = ({ t, locale, items, orderHref, older }) => (
  <section class="stack">
    <h2>{t('ledger.entries')}</h2>
    {items.length === 0 ? (
      <p class="muted">{t('ledger.entries_none')}</p>
    ) : (
      <div class="table-scroll">
        <table class="ledger-entries">
          <thead>
            <tr>
              <th scope="col">{t('ledger.col.date')}</th>
              <th scope="col">{t('ledger.col.order')}</th>
              <th scope="col">{t('ledger.col.product')}</th>
              <th scope="col">{t('ledger.col.kind')}</th>
              <th scope="col" class="num">
                {t('ledger.col.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr data-kind={e.kind}>
                <td>
                  <time datetime={e.at.toISOString()}>{day(e.at, locale)}</time>
                </td>
                <td>
                  {orderHref ? <a href={orderHref(e.orderId)}>{orderNumber(e.orderId)}</a> : orderNumber(e.orderId)}
                </td>
                <td>{e.title}</td>
                <td>{t(`ledger.kind.${e.kind}`)}</td>
                <td class="num">{money(e.amount.amount, e.amount.currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
    {older ? (
      <p>
        <a href={older} rel="next">
          {t('ledger.older')}
        </a>
      </p>
    ) : null}
  </section>
);

/** A bank account's holder, IBAN and BIC (the ambassador's own, or the brand's as SEPA debtor). */
export const BankFields: FC<{
  t: T;
  value: { name: string; iban: string; bic: string };
  errors: { name?: string; iban?: string; bic?: string };
  labels?: { name: string; bic: string };
  bicRequired?: boolean;
}> = ({ t, value, errors, labels, bicRequired }) => (
  <>
    <FormField
      name="name"
      label={labels?.name ?? t('ledger.bank.name')}
      value={value.name}
      maxlength={70}
      required
      error={errors.name}
    />
    <FormField
      name="iban"
      label={t('ledger.bank.iban')}
      value={value.iban}
      maxlength={42}
      required
      autocomplete="off"
      error={errors.iban}
    />
    <FormField
      name="bic"
      label={labels?.bic ?? t('ledger.bank.bic')}
      value={value.bic}
      maxlength={11}
      required={bicRequired}
      error={errors.bic}
    />
  </>
);

export const EarningsPage: FC<{
  t: T;
  locale: Locale;
  csrf: string;
  brand: string;
  ambassadorId: string;
  activity: { clicks: number; orders: number; excluded: number };
  balances: Balances;
  items: LedgerItem[];
  older: string | null;
  bank: BankAccount | null;
  bankForm?: { name: string; iban: string; bic: string };
  errors?: Errors;
  saved?: boolean;
}> = (p) => {
  const { t } = p;
  const form = p.bankForm ?? { name: p.bank?.holderName ?? '', iban: p.bank?.iban ?? '', bic: p.bank?.bic ?? '' };
  return (
    <div class="wide stack ledger-earnings">
      <header class="page-header">
        <h1>{t('ledger.earnings.title', { brand: p.brand })}</h1>
        <p class="lead">{t('ledger.earnings.lead')}</p>
      </header>
      <dl class="ledger-figures card">
        <div>
          <dt>{t('ledger.earnings.clicks')}</dt>
          <dd data-figure="clicks">{p.activity.clicks}</dd>
        </div>
        <div>
          <dt>{t('ledger.earnings.orders')}</dt>
          <dd data-figure="orders">{p.activity.orders}</dd>
        </div>
      </dl>
      {p.activity.excluded ? (
        <p class="muted">{t('ledger.earnings.excluded', { count: p.activity.excluded })}</p>
      ) : null}
      <BalanceFigures t={t} locale={p.locale} balances={p.balances} />
      <EntriesTable t={t} locale={p.locale} items={p.items} older={p.older} />
      <section class="card stack" id="bank">
        <h2>{t('ledger.bank.title')}</h2>
        <p class="muted">{t('ledger.bank.lead')}</p>
        {p.saved ? <Flash kind="success">{t('ledger.bank.saved')}</Flash> : null}
        <form method="post" action={`/ambassador/${p.ambassadorId}/bank`} class="stack">
          <CsrfField token={p.csrf} />
          <BankFields t={t} value={form} errors={p.errors ?? {}} />
          <Button>{t('ledger.bank.save')}</Button>
        </form>
      </section>
    </div>
  );
};
