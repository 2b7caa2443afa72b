/** The brand's "Sales" back-office page: its price rules and a form to create one. */
import type { FC } from 'hono/jsx';
import { CsrfField, Flash, PAGE_TIME_ZONE } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import { type PriceRule, ruleStatus } from './rules';

export type SalesView = { t: T; locale: Locale; csrf: string };
export type Choices = { products: { id: string; title: string }[]; collections: { id: string; title: string }[] };

const when = (locale: Locale, d: Date) =>
  new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: PAGE_TIME_ZONE,
  }).format(d);

const reduction = (locale: Locale, rule: PriceRule) =>
  rule.kind === 'percent'
    ? `−${rule.value} %`
    : `−${new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' }).format(rule.value / 100)}`;

const RuleRow: FC<{ v: SalesView; base: string; rule: PriceRule; now: Date; choices: Choices }> = ({
  v,
  base,
  rule,
  now,
  choices,
}) => {
  const status = ruleStatus(rule, now);
  const target =
    rule.scope === 'shop'
      ? v.t('sales.target.shop')
      : rule.scope === 'products'
        ? v.t('sales.target.products', { count: rule.productIds.length })
        : v.t('sales.target.collection', {
            title: choices.collections.find((c) => c.id === rule.collectionId)?.title ?? '—',
          });
  return (
    <tr id={`rule-${rule.id}`}>
      <th scope="row">{rule.label}</th>
      <td>{reduction(v.locale, rule)}</td>
      <td>{target}</td>
      <td>{v.t('sales.dates', { from: when(v.locale, rule.startsAt), to: when(v.locale, rule.endsAt) })}</td>
      <td>{v.t(`sales.status.${status}`)}</td>
      <td>
        {status === 'running' ? (
          <form method="post" action={`${base}/${rule.id}/end`} class="inline-form">
            <CsrfField token={v.csrf} />
            <button type="submit" class="button secondary small">
              {v.t('sales.end')}
            </button>
          </form>
        ) : null}{' '}
        <form method="post" action={`${base}/${rule.id}/delete`} class="inline-form">
          <CsrfField token={v.csrf} />
          <button type="submit" class="button danger small">
            {v.t('sales.delete')}
          </button>
        </form>
      </td>
    </tr>
  );
};

const RuleForm: FC<{ v: SalesView; base: string; choices: Choices; values: Record<string, string> }> = ({
  v,
  base,
  choices,
  values,
}) => (
  <form method="post" action={base} class="stack sales-form">
    <CsrfField token={v.csrf} />
    <div class="field">
      <label for="sale-label">{v.t('sales.field.label')}</label>
      <input id="sale-label" name="label" required maxlength={80} value={values.label ?? ''} />
    </div>
    <div class="grid cols-2">
      <div class="field">
        <label for="sale-kind">{v.t('sales.field.kind')}</label>
        <select id="sale-kind" name="kind">
          <option value="percent" selected={values.kind !== 'amount'}>
            {v.t('sales.kind.percent')}
          </option>
          <option value="amount" selected={values.kind === 'amount'}>
            {v.t('sales.kind.amount')}
          </option>
        </select>
      </div>
      <div class="field">
        <label for="sale-value">{v.t('sales.field.value')}</label>
        <input id="sale-value" name="value" required inputmode="decimal" value={values.value ?? ''} />
      </div>
      <div class="field">
        <label for="sale-starts">{v.t('sales.field.starts_at')}</label>
        <input id="sale-starts" name="starts_at" type="datetime-local" required value={values.starts_at ?? ''} />
      </div>
      <div class="field">
        <label for="sale-ends">{v.t('sales.field.ends_at')}</label>
        <input id="sale-ends" name="ends_at" type="datetime-local" required value={values.ends_at ?? ''} />
      </div>
    </div>
    <fieldset class="field">
      <legend>{v.t('sales.field.target')}</legend>
      <label>
        <input type="radio" name="target" value="shop" checked={!values.target || values.target === 'shop'} />{' '}
        {v.t('sales.target.shop')}
      </label>
      {choices.collections.length ? (
        <label>
          <input type="radio" name="target" value="collection" checked={values.target === 'collection'} />{' '}
          {v.t('sales.field.collection')}{' '}
          <select name="collection_id" aria-label={v.t('sales.field.collection')}>
            {choices.collections.map((c) => (
              <option value={c.id} selected={values.collection_id === c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        <input type="radio" name="target" value="products" checked={values.target === 'products'} />{' '}
        {v.t('sales.field.products')}
      </label>
      <ul class="plain-list sales-products">
        {choices.products.map((p) => (
          <li>
            <label>
              <input type="checkbox" name="product_ids" value={p.id} /> {p.title}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
    <button type="submit" class="button primary">
      {v.t('sales.create')}
    </button>
  </form>
);

export const SalesPage: FC<{
  v: SalesView;
  base: string;
  rules: PriceRule[];
  now: Date;
  choices: Choices;
  notice: string | null;
  error: string | null;
  values: Record<string, string>;
}> = ({ v, base, rules, now, choices, notice, error, values }) => (
  <section class="stack sales-page">
    <h1>{v.t('sales.title')}</h1>
    <p class="muted">{v.t('sales.intro')}</p>
    <p class="muted">{v.t('sales.best')}</p>
    {notice ? <Flash kind="success">{notice}</Flash> : null}
    {rules.length === 0 ? (
      <p>{v.t('sales.empty')}</p>
    ) : (
      <table class="sales-rules">
        <thead>
          <tr>
            <th scope="col">{v.t('sales.col.label')}</th>
            <th scope="col">{v.t('sales.col.reduction')}</th>
            <th scope="col">{v.t('sales.col.target')}</th>
            <th scope="col">{v.t('sales.col.dates')}</th>
            <th scope="col">{v.t('sales.col.status')}</th>
            <th scope="col">
              <span class="visually-hidden">{v.t('sales.delete')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <RuleRow v={v} base={base} rule={rule} now={now} choices={choices} />
          ))}
        </tbody>
      </table>
    )}
    <h2 id="new">{v.t('sales.new')}</h2>
    {error ? <Flash kind="error">{error}</Flash> : null}
    <RuleForm v={v} base={base} choices={choices} values={values} />
  </section>
);
