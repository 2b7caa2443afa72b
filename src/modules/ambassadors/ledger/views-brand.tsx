/** The brand's ledger pages: payable balances, recording a payout, downloads, one ambassador's ledger. */
import type { FC } from 'hono/jsx';
import { Flash } from '../../../web/components';
import { Button, CsrfField, FormField, SelectField } from '../../../web/form-components';
import type { T } from '../../../web/i18n';
import { type BankAccount, maskIban } from './payouts';
import type { Balances, LedgerItem } from './read';
import { BalanceFigures, BankFields, day, EntriesTable, type Errors, type Locale, money } from './views';

export type BalanceRow = {
  ambassadorId: string;
  username: string;
  pending: number;
  payable: number;
  paid: number;
  hasBank: boolean;
};
export type PayoutView = {
  id: string;
  ambassadorId: string;
  username: string;
  amount: number;
  currency: string;
  method: string;
  reference: string;
  at: Date;
  iban: string | null;
};

export const PayoutsPage: FC<{
  t: T;
  locale: Locale;
  csrf: string;
  name: string;
  base: string;
  brandId: string;
  currency: string;
  rows: BalanceRow[];
  payouts: PayoutView[];
  debtor: BankAccount | null;
  today: string;
  form?: { ambassador_id: string; amount: string; method: string; reference: string };
  debtorForm?: { name: string; iban: string; bic: string };
  errors?: Errors;
  notice?: string;
}> = (p) => {
  const { t, locale, currency } = p;
  const api = `/api/v1/brands/${p.brandId}`;
  const form = p.form ?? { ambassador_id: '', amount: '', method: 'csv', reference: '' };
  const debtor = p.debtorForm ?? {
    name: p.debtor?.holderName ?? '',
    iban: p.debtor?.iban ?? '',
    bic: p.debtor?.bic ?? '',
  };
  return (
    <div class="wide stack ledger-payouts">
      <header class="page-header">
        <h1>{t('ledger.payouts.title', { name: p.name })}</h1>
        <p class="lead">{t('ledger.payouts.lead')}</p>
      </header>
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      <section class="stack">
        <h2>{t('ledger.payouts.balances')}</h2>
        {p.rows.length === 0 ? (
          <p class="muted">{t('ledger.payouts.none')}</p>
        ) : (
          <div class="table-scroll">
            <table class="ledger-balances">
              <thead>
                <tr>
                  <th scope="col">{t('ledger.payouts.ambassador')}</th>
                  <th scope="col" class="num">
                    {t('ledger.pending')}
                  </th>
                  <th scope="col" class="num">
                    {t('ledger.payable')}
                  </th>
                  <th scope="col" class="num">
                    {t('ledger.paid')}
                  </th>
                  <th scope="col">{t('ledger.payouts.bank')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('ledger.payouts.ledger_link')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr data-ambassador={r.ambassadorId}>
                    <td>@{r.username}</td>
                    <td class="num">{money(r.pending, currency, locale)}</td>
                    <td class="num">{money(r.payable, currency, locale)}</td>
                    <td class="num">{money(r.paid, currency, locale)}</td>
                    <td>{r.hasBank ? '✓' : '—'}</td>
                    <td>
                      <a href={`${p.base}/ambassadors/${r.ambassadorId}/ledger`}>{t('ledger.payouts.ledger_link')}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <form method="post" action={`${p.base}/ambassadors/payouts`} class="card stack" id="record">
        <h2>{t('ledger.payouts.record')}</h2>
        <CsrfField token={p.csrf} />
        {p.errors?._form ? <Flash kind="error">{p.errors._form}</Flash> : null}
        <SelectField
          name="ambassador_id"
          label={t('ledger.payouts.ambassador')}
          value={form.ambassador_id}
          required
          options={p.rows.map((r) => ({
            value: r.ambassadorId,
            label: `@${r.username} · ${money(r.payable, currency, locale)}`,
          }))}
        />
        <FormField
          name="amount"
          label={t('ledger.payouts.amount')}
          value={form.amount}
          inputmode="decimal"
          error={p.errors?.amount}
        />
        <SelectField
          name="method"
          label={t('ledger.payouts.method')}
          value={form.method}
          error={p.errors?.method}
          options={[
            { value: 'csv', label: t('ledger.payouts.method_csv') },
            { value: 'sepa', label: t('ledger.payouts.method_sepa') },
          ]}
        />
        <FormField
          name="reference"
          label={t('ledger.payouts.reference')}
          value={form.reference}
          maxlength={35}
          error={p.errors?.reference}
        />
        <Button>{t('ledger.payouts.submit')}</Button>
      </form>
      <PayoutsTable t={t} locale={locale} payouts={p.payouts} />
      <section class="card stack">
        <h2>{t('ledger.payouts.downloads')}</h2>
        <p class="cluster">
          <a href={`${api}/ambassador_payouts.csv`} download>
            {t('ledger.payouts.csv_payouts')}
          </a>
          <a href={`${api}/ambassador_balances.csv`} download>
            {t('ledger.payouts.csv_balances')}
          </a>
        </p>
        <form method="get" action={`${api}/ambassador_payouts.xml`} class="cluster">
          <strong>{t('ledger.payouts.sepa')}</strong>
          <FormField name="from" type="date" label={t('ledger.payouts.from')} value={p.today} />
          <FormField name="to" type="date" label={t('ledger.payouts.to')} value={p.today} />
          <Button>{t('ledger.payouts.download')}</Button>
        </form>
      </section>
      <form method="post" action={`${p.base}/ambassadors/payouts/debtor`} class="card stack" id="debtor">
        <h2>{t('ledger.payouts.debtor')}</h2>
        <CsrfField token={p.csrf} />
        <BankFields
          t={t}
          value={debtor}
          errors={{ name: p.errors?.debtor_name, iban: p.errors?.iban, bic: p.errors?.bic }}
          labels={{ name: t('ledger.payouts.debtor_name'), bic: t('ledger.payouts.debtor_bic') }}
          bicRequired
        />
        <Button>{t('ledger.bank.save')}</Button>
      </form>
    </div>
  );
};

export const PayoutsTable: FC<{ t: T; locale: Locale; payouts: PayoutView[] }> = ({ t, locale, payouts }) => (
  <section class="stack">
    <h2>{t('ledger.payouts.history')}</h2>
    {payouts.length === 0 ? (
      <p class="muted">{t('ledger.payouts.history_none')}</p>
    ) : (
      <div class="table-scroll">
        <table class="ledger-payout-history">
          <thead>
            <tr>
              <th scope="col">{t('ledger.col.date')}</th>
              <th scope="col">{t('ledger.payouts.ambassador')}</th>
              <th scope="col" class="num">
                {t('ledger.col.amount')}
              </th>
              <th scope="col">{t('ledger.payouts.method')}</th>
              <th scope="col">{t('ledger.payouts.reference')}</th>
              <th scope="col">{t('ledger.payouts.bank')}</th>
            </tr>
          </thead>
          <tbody>
            {payouts.map((x) => (
              <tr>
                <td>
                  <time datetime={x.at.toISOString()}>{day(x.at, locale)}</time>
                </td>
                <td>@{x.username}</td>
                <td class="num">{money(x.amount, x.currency, locale)}</td>
                <td>{x.method === 'sepa' ? t('ledger.payouts.method_sepa') : t('ledger.payouts.method_csv')}</td>
                <td>{x.reference}</td>
                <td>{x.iban ? maskIban(x.iban) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
);

export const MemberLedgerPage: FC<{
  t: T;
  locale: Locale;
  base: string;
  username: string;
  balances: Balances;
  items: LedgerItem[];
  older: string | null;
  payouts: PayoutView[];
}> = (p) => (
  <div class="wide stack ledger-member">
    <header class="page-header">
      <p>
        <a href={`${p.base}/ambassadors/payouts`}>{p.t('ledger.member.back')}</a>
      </p>
      <h1>{p.t('ledger.member.title', { username: p.username })}</h1>
    </header>
    <BalanceFigures t={p.t} locale={p.locale} balances={p.balances} />
    <EntriesTable
      t={p.t}
      locale={p.locale}
      items={p.items}
      older={p.older}
      orderHref={(id) => `${p.base}/orders/${id}`}
    />
    <PayoutsTable t={p.t} locale={p.locale} payouts={p.payouts} />
  </div>
);
