/**
 * The cookies page: every cookie the app sets (name, purpose, duration, legal basis), the choice
 * in force and the same two buttons as the banner to change it. docs/privacy.md holds the same
 * inventory for operators.
 */
import type { FC } from 'hono/jsx';
import type { Locale, MessageKey, T } from '../../../web/i18n';
import { CONSENT_COOKIE, type ConsentChoice } from './cookie';

type Row = { name: string; purpose: MessageKey; duration: string; necessary: boolean };

const SESSION_DAYS = 30;

function inventory(t: T, rwSeconds: number): Row[] {
  return [
    {
      name: 'comptoir_session',
      purpose: 'consent.cookie.session',
      duration: t('consent.duration.session', { days: SESSION_DAYS }),
      necessary: true,
    },
    { name: 'comptoir_csrf', purpose: 'consent.cookie.csrf', duration: t('consent.duration.browser'), necessary: true },
    { name: 'comptoir_lang', purpose: 'consent.cookie.lang', duration: t('consent.duration.year'), necessary: true },
    {
      name: 'comptoir_rw',
      purpose: 'consent.cookie.rw',
      duration: t('consent.duration.seconds', { seconds: rwSeconds }),
      necessary: true,
    },
    {
      name: CONSENT_COOKIE,
      purpose: 'consent.cookie.consent',
      duration: t('consent.duration.months'),
      necessary: true,
    },
    { name: 'comptoir_ref', purpose: 'consent.cookie.ref', duration: t('consent.duration.ref'), necessary: false },
  ];
}

export const CookiesPage: FC<{
  t: T;
  locale: Locale;
  csrfToken: string;
  current: ConsentChoice | null;
  rwSeconds?: number;
  error?: boolean;
}> = ({ t, locale, csrfToken, current, rwSeconds = 5, error }) => {
  const date = current
    ? new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
        dateStyle: 'long',
        timeZone: 'Europe/Paris',
      }).format(current.decidedAt)
    : '';
  return (
    <article class="card prose" id="cookies">
      <h1>{t('consent.page.title')}</h1>
      <p>{t('consent.page.intro')}</p>
      <h2>{t('consent.page.current')}</h2>
      {error ? (
        <p class="form-error" role="alert">
          {t('consent.error.choice')}
        </p>
      ) : null}
      <p id="consent-current" data-choice={current ? (current.referral ? 'accepted' : 'refused') : 'none'}>
        {current
          ? t(current.referral ? 'consent.page.accepted' : 'consent.page.refused', { date })
          : t('consent.page.none')}
      </p>
      <form method="post" action="/privacy/consent" class="consent-actions">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="back" value="/privacy/cookies" />
        <button type="submit" class="button primary" name="choice" value="refuse">
          {t('consent.refuse_all')}
        </button>
        <button type="submit" class="button primary" name="choice" value="accept">
          {t('consent.accept_all')}
        </button>
      </form>
      <h2>{t('consent.page.inventory')}</h2>
      <table class="consent-table">
        <thead>
          <tr>
            <th scope="col">{t('consent.col.name')}</th>
            <th scope="col">{t('consent.col.purpose')}</th>
            <th scope="col">{t('consent.col.duration')}</th>
            <th scope="col">{t('consent.col.basis')}</th>
          </tr>
        </thead>
        <tbody>
          {inventory(t, rwSeconds).map((row) => (
            <tr>
              <td>
                <code>{row.name}</code>
              </td>
              <td>{t(row.purpose)}</td>
              <td>{row.duration}</td>
              <td>{t(row.necessary ? 'consent.basis.necessary' : 'consent.basis.consent')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('consent.page.audience')}</p>
      <p>{t('consent.page.policy')}</p>
    </article>
  );
};
