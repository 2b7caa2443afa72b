// The author's and reporter's page (web.tsx serves it): decisions on their content, with appeals,
// and their reports.
import { Button, CsrfField, Flash, RelativeTime } from '../../../web/components';
import type { Locale, MessageKey, T } from '../../../web/i18n';
import type { myReports } from '../reports';
import type { myDecisions } from '../mine';
import { labelOf } from './console';

type MinePageProps = {
  t: T;
  csrf: string;
  locale: Locale;
  sent: string | undefined;
  decisions: Awaited<ReturnType<typeof myDecisions>>;
  reports: Awaited<ReturnType<typeof myReports>>;
};

export const MinePage = ({ t, csrf, locale, sent, decisions, reports }: MinePageProps) => (
  <div class="page narrow mod-page">
    <h1>{t('mod.mine_title')}</h1>
    {sent === 'report' ? (
      <Flash kind="success">{t('mod.report.sent')}</Flash>
    ) : sent === 'appeal' ? (
      <Flash kind="success">{t('mod.mine.appeal_sent')}</Flash>
    ) : null}
    <h2>{t('mod.mine.decisions')}</h2>
    {decisions.length === 0 ? <p>{t('mod.mine.none')}</p> : null}
    <ul class="mod-mine">
      {decisions.map((d) => (
        <li id={`decision-${d.id}`}>
          {t(`mod.type.${d.type}` as MessageKey)} ·{' '}
          <span class={`mod-status mod-status-${d.status}`}>{t(`mod.status.${d.status}` as MessageKey)}</span>
          {d.reason ? ` — ${labelOf(t, `mod.reason.${d.reason}`, d.reason)}` : ''}
          {d.can_appeal ? (
            <form method="post" action={`/moderation/items/${d.id}/appeal`} class="mod-appeal-form">
              <CsrfField token={csrf} />
              <label>
                {t('mod.mine.appeal_text')}
                <textarea name="text" rows={2} maxlength={2000}></textarea>
              </label>
              <Button variant="secondary" small>
                {t('mod.mine.appeal')}
              </Button>
            </form>
          ) : d.appealed ? (
            <span> · {t('mod.mine.appealed')}</span>
          ) : null}
        </li>
      ))}
    </ul>
    <h2>{t('mod.mine.reports')}</h2>
    {reports.length === 0 ? <p>{t('mod.mine.none')}</p> : null}
    <ul class="mod-mine">
      {reports.map((r) => (
        <li id={`report-${r.id}`}>
          {t(`mod.type.${r.targetType}` as MessageKey)} · {t(`mod.report.reason.${r.reason}` as MessageKey)} ·{' '}
          <RelativeTime date={r.createdAt} locale={locale} /> ·{' '}
          <strong>{t(`mod.mine.outcome.${r.outcome ?? 'pending'}` as MessageKey)}</strong>
        </li>
      ))}
    </ul>
  </div>
);
