/** The pre-sale's page and the brand's back-office list: markup only (web.tsx loads the data). */
import type { FC } from 'hono/jsx';
import { Button, CsrfField, Flash, FormField, PAGE_TIME_ZONE, SelectField } from '../../../web/components';
import type { Locale, MessageKey, T } from '../../../web/i18n';
import { formatMoney } from '../../commerce';
import type { Pledge, Presale } from './service';

export type View = { t: T; locale: Locale; csrf: string };
export type PageData = {
  presale: Presale;
  product: { title: string; description: string };
  brand: { username: string; name: string };
  variants: { id: string; label: string }[];
  now: Date;
  viewerId: string | null;
  pledges: Pledge[];
  methods: { id: string; label: string }[];
  key: string;
  flash: { pledged?: boolean; error?: string };
};

const day = 24 * 3600_000;
const KNOWN_ERRORS = ['presale_full', 'presale_closed', 'invalid_quantity', 'invalid_payment_method', 'pledge_locked'];

/** A form's error in words: the known codes have a sentence, others are named. */
const errorText = (t: T, code: string) =>
  KNOWN_ERRORS.includes(code) ? t(`presale.error.${code}` as MessageKey) : t('presale.flash.error', { code });

/** "9 days left", "5 hours left", "less than an hour left". */
export function timeLeft(t: T, deadline: Date, now: Date): string {
  const ms = deadline.getTime() - now.getTime();
  if (ms >= day) return t('presale.left.days', { count: Math.floor(ms / day) });
  if (ms >= 3600_000) return t('presale.left.hours', { count: Math.floor(ms / 3600_000) });
  return t('presale.left.minutes');
}

const PledgeForm: FC<{ v: View; d: PageData }> = ({ v, d }) => {
  if (!d.viewerId)
    return (
      <p>
        <a class="button" href={`/login?next=/presales/${d.presale.id}`}>
          {v.t('presale.form.login')}
        </a>
      </p>
    );
  if (d.methods.length === 0)
    return (
      <p>
        {v.t('presale.form.no_card')} <a href="/settings/payment-methods">{v.t('presale.form.add_card')}</a>
      </p>
    );
  return (
    <form method="post" action={`/presales/${d.presale.id}/pledge`} class="stack presale-form">
      <h2>{v.t('presale.form.title')}</h2>
      <CsrfField token={v.csrf} />
      <input type="hidden" name="key" value={d.key} />
      <SelectField
        name="variant_id"
        label={v.t('presale.form.variant')}
        options={d.variants.map((x) => ({
          value: x.id,
          label: `${x.label} · ${formatMoney(d.presale.prices[x.id], d.presale.currency, v.locale)}`,
        }))}
      />
      <FormField name="quantity" type="number" label={v.t('presale.form.quantity')} value="1" required />
      <SelectField
        name="payment_method_id"
        label={v.t('presale.form.method')}
        options={d.methods.map((m) => ({ value: m.id, label: m.label }))}
      />
      <Button type="submit">{v.t('presale.form.submit')}</Button>
    </form>
  );
};

const MyPledges: FC<{ v: View; d: PageData }> = ({ v, d }) => {
  if (d.pledges.length === 0) return null;
  const variant = (id: string) => d.variants.find((x) => x.id === id)?.label ?? '';
  return (
    <section class="presale-mine" aria-labelledby="presale-mine">
      <h2 id="presale-mine">{v.t('presale.mine.title')}</h2>
      <ul>
        {d.pledges.map((p) => (
          <li data-pledge-status={p.status}>
            {v.t('presale.mine.line', {
              quantity: p.quantity,
              variant: variant(p.variantId),
              status: v.t(`presale.pledge.${p.status}` as MessageKey),
            })}
            {p.orderId ? (
              <>
                {' '}
                <a href={`/orders/${p.orderId}`}>{v.t('presale.mine.order')}</a>
              </>
            ) : null}
            {p.status === 'pledged' && d.presale.status === 'open' ? (
              <form method="post" action={`/presales/${d.presale.id}/pledges/${p.id}/withdraw`} class="inline">
                <CsrfField token={v.csrf} />
                <Button type="submit" variant="link">
                  {v.t('presale.mine.withdraw')}
                </Button>
              </form>
            ) : null}
            {p.status === 'payment_failed' && d.methods.length ? (
              <form method="post" action={`/presales/${d.presale.id}/pledges/${p.id}/method`} class="inline">
                <CsrfField token={v.csrf} />
                <SelectField
                  name="payment_method_id"
                  label={v.t('presale.form.method')}
                  options={d.methods.map((m) => ({ value: m.id, label: m.label }))}
                />
                <Button type="submit">{v.t('presale.mine.retry')}</Button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
};

export const PresalePage: FC<{ v: View; d: PageData }> = ({ v, d }) => {
  const p = d.presale;
  const open = p.status !== 'failed' && d.now.getTime() < p.deadline.getTime();
  const prices = Object.values(p.prices);
  const low = Math.min(...prices);
  return (
    <article class="presale stack">
      <header>
        <h1>{v.t('presale.title', { title: d.product.title })}</h1>
        <p>
          <a href={`/@${d.brand.username}`}>{v.t('presale.by', { name: d.brand.name })}</a>
        </p>
      </header>
      {d.flash.pledged ? <Flash kind="success">{v.t('presale.flash.pledged')}</Flash> : null}
      {d.flash.error ? <Flash kind="error">{errorText(v.t, d.flash.error)}</Flash> : null}
      {d.product.description ? <p>{d.product.description}</p> : null}
      <p class="presale-price">
        {v.t('presale.price')} : <strong>{formatMoney(low, p.currency, v.locale)}</strong>
      </p>
      <div class="presale-progress" data-status={p.status}>
        <progress
          max={p.thresholdUnits}
          value={Math.min(p.pledgedUnits, p.thresholdUnits)}
          aria-label={v.t('presale.progress_label')}
        />
        <p>
          <strong class="presale-count">
            {v.t('presale.progress', { pledged: p.pledgedUnits, threshold: p.thresholdUnits })}
          </strong>
          {open ? `, ${timeLeft(v.t, p.deadline, d.now)}` : null}
          {' · '}
          <span class="presale-status">{v.t(`presale.status.${p.status}` as MessageKey)}</span>
        </p>
        {p.capUnits ? <p>{v.t('presale.cap', { cap: p.capUnits })}</p> : null}
        {p.expectedDelivery ? (
          <p>
            {v.t('presale.expected_delivery', {
              date: new Date(`${p.expectedDelivery}T12:00:00Z`).toLocaleDateString(v.locale, {
                dateStyle: 'long',
                timeZone: PAGE_TIME_ZONE,
              }),
            })}
          </p>
        ) : null}
      </div>
      <p class="hint">{v.t('presale.how')}</p>
      {open ? <PledgeForm v={v} d={d} /> : <p>{v.t('presale.closed')}</p>}
      <MyPledges v={v} d={d} />
    </article>
  );
};

export type BackofficeData = {
  brand: { username: string; name: string };
  presales: { id: string; title: string; pledged: number; threshold: number; status: string }[];
  drafts: { id: string; title: string }[];
  error?: string;
};

export const PresalesBackoffice: FC<{ v: View; d: BackofficeData }> = ({ v, d }) => (
  <section class="stack">
    <h1>{v.t('presale.bo.title')}</h1>
    {d.error ? <Flash kind="error">{v.t('presale.bo.error', { message: d.error })}</Flash> : null}
    {d.presales.length === 0 ? (
      <p>{v.t('presale.bo.none')}</p>
    ) : (
      <ul class="presale-list">
        {d.presales.map((p) => (
          <li>
            <a href={`/presales/${p.id}`}>
              {v.t('presale.bo.row', {
                title: p.title,
                pledged: p.pledged,
                threshold: p.threshold,
                status: v.t(`presale.status.${p.status}` as MessageKey),
              })}
            </a>
          </li>
        ))}
      </ul>
    )}
    <h2>{v.t('presale.bo.new')}</h2>
    {d.drafts.length === 0 ? (
      <p>{v.t('presale.bo.no_draft')}</p>
    ) : (
      <form method="post" action={`/brands/${d.brand.username}/presales`} class="stack">
        <CsrfField token={v.csrf} />
        <SelectField
          name="product_id"
          label={v.t('presale.bo.product')}
          options={d.drafts.map((p) => ({ value: p.id, label: p.title }))}
        />
        <FormField name="threshold_units" type="number" label={v.t('presale.bo.threshold')} required />
        <FormField name="cap_units" type="number" label={v.t('presale.bo.cap')} />
        <FormField name="deadline" type="datetime-local" label={v.t('presale.bo.deadline')} required />
        <FormField name="expected_delivery" type="date" label={v.t('presale.bo.expected_delivery')} />
        <Button type="submit">{v.t('presale.bo.create')}</Button>
      </form>
    )}
  </section>
);
