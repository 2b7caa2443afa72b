/**
 * The withdrawal section of an order's page: for the buyer, the one-click withdrawal (or a choice
 * of lines), the model form, the deadlines once withdrawn, or that the period has passed; for the
 * brand's team, the withdrawals with their refund due date, lateness and the refund button.
 */
import type { FC } from 'hono/jsx';
import type { ExtensionView } from '../extensions';
import { formatMoney } from '../money';
import type { Withdrawal } from './schema';
import type { WithdrawalLine } from './service';

export type WithdrawalSectionData = {
  as: 'buyer' | 'team';
  orderId: string;
  brandUsername: string;
  currency: string;
  lines: WithdrawalLine[];
  withdrawals: Withdrawal[];
  /** Null before delivery: the period runs until 14 days after it. */
  periodEndsAt: Date | null;
  state: 'open' | 'over' | 'closed';
  canRefund: boolean;
  now: Date;
};

/** A date of law as a Paris calendar day (a deadline ends at the end of that day). */
export const lawDate = (v: Pick<ExtensionView, 'locale'>, at: Date) =>
  new Intl.DateTimeFormat(v.locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Paris',
  }).format(new Date(at));

const Csrf: FC<{ v: ExtensionView }> = ({ v }) => <input type="hidden" name="_csrf" value={v.csrf} />;

const isLate = (w: Withdrawal, now: Date) => w.status === 'requested' && (w.lateAt !== null || now > w.refundDeadline);

const WithdrawalItem: FC<{ v: ExtensionView; d: WithdrawalSectionData; w: Withdrawal }> = ({ v, d, w }) => {
  const titles = d.lines.filter((l) => w.lineIds.includes(l.id)).map((l) => l.title);
  return (
    <li class="list-item withdrawal" id={`withdrawal-${w.id}`}>
      <span class="list-main">
        <strong>
          {v.t('withdrawal.request', {
            date: lawDate(v, w.createdAt),
            amount: formatMoney(w.amount, d.currency, v.locale),
          })}
        </strong>
        <span class="small">{w.wholeOrder ? v.t('withdrawal.whole_order') : titles.join(', ')}</span>
        {w.status === 'requested' ? (
          <>
            <span class="small withdrawal-return">
              {v.t('withdrawal.return_by', { date: lawDate(v, w.returnDeadline) })}
            </span>
            <span class="small withdrawal-refund">
              {v.t('withdrawal.refund_by', { date: lawDate(v, w.refundDeadline) })}
            </span>
            <span class="muted small">{v.t('withdrawal.refund_wait')}</span>
          </>
        ) : (
          <span class="small">{v.t('withdrawal.refunded', { date: lawDate(v, w.refundedAt ?? w.createdAt) })}</span>
        )}
        {d.as === 'team' && w.reason ? (
          <span class="muted small">{v.t('withdrawal.reason_given', { reason: w.reason })}</span>
        ) : null}
        {d.as === 'team' && w.sealed ? <span class="muted small">{v.t('withdrawal.sealed_stated')}</span> : null}
      </span>
      <span class="list-actions">
        {isLate(w, d.now) ? (
          <span class="badge badge-danger withdrawal-late">{v.t('withdrawal.late')}</span>
        ) : (
          <span class="badge">{v.t(w.status === 'refunded' ? 'shop.status.refunded' : 'withdrawal.requested')}</span>
        )}
        {d.as === 'team' && d.canRefund && w.status === 'requested' ? (
          <form method="post" action={`/brands/${d.brandUsername}/orders/${d.orderId}/withdrawals/${w.id}/refund`}>
            <Csrf v={v} />
            <button type="submit" class="button primary small">
              {v.t('withdrawal.refund', { amount: formatMoney(w.amount, d.currency, v.locale) })}
            </button>
          </form>
        ) : null}
      </span>
    </li>
  );
};

const BuyerForm: FC<{ v: ExtensionView; d: WithdrawalSectionData }> = ({ v, d }) => {
  const hygiene = d.lines.some((l) => !l.withdrawn && l.exclusion === 'hygiene');
  return (
    <form method="post" action={`/orders/${d.orderId}/withdrawal`} class="form stack withdrawal-form">
      <Csrf v={v} />
      <p>
        {d.periodEndsAt
          ? v.t('withdrawal.intro', { date: lawDate(v, d.periodEndsAt) })
          : v.t('withdrawal.intro_before_delivery')}
      </p>
      <fieldset class="fieldset">
        <legend>{v.t('withdrawal.choose')}</legend>
        {d.lines.map((l) => {
          const blocked = l.withdrawn || (l.exclusion !== null && l.exclusion !== 'hygiene');
          return (
            <label class="check">
              <input type="checkbox" name="line_ids" value={l.id} disabled={blocked || undefined} /> {l.title}
              {l.withdrawn ? <span class="muted small"> · {v.t('withdrawal.already')}</span> : null}
              {!l.withdrawn && l.exclusion ? (
                <span class="muted small"> · {v.t(`withdrawal.exclusion.${l.exclusion}`)}</span>
              ) : null}
            </label>
          );
        })}
      </fieldset>
      {hygiene ? (
        <label class="check">
          <input type="checkbox" name="sealed" value="1" /> {v.t('withdrawal.sealed')}
        </label>
      ) : null}
      <div class="field">
        <label for="withdrawal-reason">{v.t('withdrawal.reason')}</label>
        <textarea id="withdrawal-reason" name="reason" rows={2} maxlength={2000}></textarea>
      </div>
      <div class="form-actions">
        <button type="submit" name="mode" value="all" class="button primary">
          {v.t('withdrawal.whole')}
        </button>{' '}
        <button type="submit" name="mode" value="lines" class="button secondary">
          {v.t('withdrawal.send_lines')}
        </button>
      </div>
    </form>
  );
};

export const WithdrawalSection: FC<{ v: ExtensionView; d: WithdrawalSectionData }> = ({ v, d }) => {
  const left = d.lines.some((l) => !l.withdrawn);
  if (d.as === 'team' && d.withdrawals.length === 0 && !d.periodEndsAt) return null;
  if (d.as === 'buyer' && d.withdrawals.length === 0 && d.state === 'closed') return null;
  return (
    <section class="card stack" id="withdrawal" aria-labelledby="withdrawal-title">
      <h2 id="withdrawal-title">
        {v.t(
          d.as === 'team'
            ? 'withdrawal.team_title'
            : d.state === 'open' && left
              ? 'withdrawal.title'
              : 'withdrawal.done_title',
        )}
      </h2>
      {d.as === 'team' && d.periodEndsAt ? (
        <p class="muted small">{v.t('withdrawal.period_team', { date: lawDate(v, d.periodEndsAt) })}</p>
      ) : null}
      {d.withdrawals.length ? (
        <ul class="list withdrawal-list">
          {d.withdrawals.map((w) => (
            <WithdrawalItem v={v} d={d} w={w} />
          ))}
        </ul>
      ) : null}
      {d.as === 'buyer' && d.state === 'open' && left ? <BuyerForm v={v} d={d} /> : null}
      {d.as === 'buyer' && d.state === 'over' && d.periodEndsAt ? (
        <p class="flash flash-info withdrawal-over">{v.t('withdrawal.over', { date: lawDate(v, d.periodEndsAt) })}</p>
      ) : null}
      {d.as === 'buyer' && d.state === 'open' && left ? (
        <p class="small">
          <a href={`/orders/${d.orderId}/withdrawal/form`}>{v.t('withdrawal.form_link')}</a>
        </p>
      ) : null}
    </section>
  );
};
