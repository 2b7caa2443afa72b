// The report form ("Signaler") for a post, a reply, a review or an account (web.tsx serves it).
import { Button, CsrfField, Flash } from '../../../web/components';
import type { MessageKey, T } from '../../../web/i18n';
import { reportReasons } from '../reports';

type ReportPageProps = { t: T; csrf: string; targetType: string; targetId: string; error?: string };

export const ReportPage = ({ t, csrf, targetType, targetId, error }: ReportPageProps) => (
  <div class="page narrow mod-page">
    <h1>{t('mod.report_title')}</h1>
    {error ? <Flash kind="error">{error}</Flash> : null}
    <form method="post" action="/moderation/report" class="stack">
      <CsrfField token={csrf} />
      <input type="hidden" name="target_type" value={targetType} />
      <input type="hidden" name="target_id" value={targetId} />
      <fieldset class="mod-report-reasons">
        <legend>{t('mod.report.reason')}</legend>
        {reportReasons.map((r, i) => (
          <label>
            <input type="radio" name="reason" value={r} required checked={i === 0} />{' '}
            {t(`mod.report.reason.${r}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('mod.report.comment')}
        <textarea name="comment" rows={4} maxlength={1000}></textarea>
      </label>
      <Button>{t('mod.report.send')}</Button>
    </form>
  </div>
);
