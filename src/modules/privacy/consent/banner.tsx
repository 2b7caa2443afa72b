/**
 * The consent banner, drawn by the page shell while the browser has no choice to honour. A plain
 * form with two buttons of the same look (refusing is exactly as easy as accepting); it works
 * without JavaScript, sits in the page's flow (it never covers what the visitor came for), and
 * brings the visitor back to the page they were on.
 */
import type { FC } from 'hono/jsx';
import type { T } from '../../../web/i18n';

export const ConsentBanner: FC<{ t: T; csrfToken: string; back: string }> = ({ t, csrfToken, back }) => (
  <section class="consent-banner" id="consent-banner" aria-label={t('consent.banner.label')}>
    <p>{t('consent.banner.text')}</p>
    <form method="post" action="/privacy/consent" class="consent-actions">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" class="button primary" name="choice" value="refuse">
        {t('consent.refuse_all')}
      </button>
      <button type="submit" class="button primary" name="choice" value="accept">
        {t('consent.accept_all')}
      </button>
      <a href="/privacy/cookies">{t('consent.more')}</a>
    </form>
  </section>
);
