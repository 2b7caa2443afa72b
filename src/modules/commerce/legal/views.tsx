/**
 * A brand's legal page (identity, current terms of sale, every version), one version of its terms,
 * and the links other pages show to them (brand page, shop, product page, checkout, order page).
 * The terms are the brand's Markdown rendered by renderLegalText, which escapes everything else.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { Flash } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import type { CheckoutTermsInfo, LegalIdentity, TermsVersion } from './identity';
import { renderLegalText } from './markdown';

export type LegalView = { t: T; locale: Locale };
type Brand = { username: string; displayName: string };

const nameOf = (b: Brand) => b.displayName || b.username;
export const legalPath = (username: string) => `/@${username}/legal`;
export const termsPath = (username: string, version: number) => `/@${username}/legal/terms/${version}`;

/** A date of law, as people in France read it (the day in Europe/Paris). */
export function legalDate(locale: Locale, at: Date | string): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Paris',
  }).format(new Date(at));
}

/** The small "Legal notice and terms of sale" link under a brand's pages. */
export const BrandLegalLink = ({ t, username }: { t: T; username: string }) => (
  <p class="legal-link small">
    <a href={legalPath(username)}>{t('legal.link')}</a>
  </p>
);

const Row = ({ label, children }: { label: string; children: Child }) => (
  <>
    <dt>{label}</dt>
    <dd>{children}</dd>
  </>
);

const Identity = ({ v, brand, identity }: { v: LegalView; brand: Brand; identity: LegalIdentity | null }) => {
  const { t } = v;
  if (!identity) return <p class="muted">{t('legal.not_filled', { name: nameOf(brand) })}</p>;
  return (
    <dl class="legal-identity">
      <Row label={t('legal.company')}>{identity.companyName}</Row>
      {identity.legalForm ? <Row label={t('legal.form')}>{identity.legalForm}</Row> : null}
      {identity.siren ? <Row label={t('legal.siren')}>{identity.siren}</Row> : null}
      <Row label={t('legal.address')}>
        {identity.address.split('\n').map((line, i) => (
          <>
            {i > 0 ? <br /> : null}
            {line}
          </>
        ))}
      </Row>
      {identity.vatNumber ? <Row label={t('legal.vat')}>{identity.vatNumber}</Row> : null}
      {identity.contactEmail ? (
        <Row label={t('legal.contact_email')}>
          <a href={`mailto:${identity.contactEmail}`}>{identity.contactEmail}</a>
        </Row>
      ) : null}
      {identity.contactPhone ? <Row label={t('legal.contact_phone')}>{identity.contactPhone}</Row> : null}
      {identity.mediatorName || identity.mediatorUrl ? (
        <Row label={t('legal.mediator')}>
          {identity.mediatorName ?? ''}
          {identity.mediatorUrl ? (
            <>
              {identity.mediatorName ? ' — ' : ''}
              <a href={identity.mediatorUrl} rel="nofollow noopener noreferrer">
                {identity.mediatorUrl}
              </a>
            </>
          ) : null}
        </Row>
      ) : null}
    </dl>
  );
};

export const LegalPage = ({
  v,
  brand,
  identity,
  terms,
  history,
}: {
  v: LegalView;
  brand: Brand;
  identity: LegalIdentity | null;
  terms: TermsVersion | null;
  history: { version: number; createdAt: Date }[];
}) => {
  const { t } = v;
  return (
    <div class="narrow stack legal-page">
      <header class="page-header">
        <h1>{t('legal.page_title', { name: nameOf(brand) })}</h1>
      </header>
      <section class="card stack" aria-labelledby="legal-identity">
        <h2 id="legal-identity">{t('legal.identity')}</h2>
        <Identity v={v} brand={brand} identity={identity} />
      </section>
      <section class="card stack" aria-labelledby="legal-terms">
        <h2 id="legal-terms">{t('legal.terms_title')}</h2>
        {terms ? (
          <>
            <p class="muted" data-terms-version={String(terms.version)}>
              {t('legal.terms_version', { version: terms.version, date: legalDate(v.locale, terms.createdAt) })}
            </p>
            <div class="prose legal-text">{raw(renderLegalText(terms.body))}</div>
          </>
        ) : (
          <p class="muted">{t('legal.terms_none', { name: nameOf(brand) })}</p>
        )}
        {history.length > 1 ? (
          <details>
            <summary>{t('legal.terms_history')}</summary>
            <ul>
              {history.map((h) => (
                <li>
                  <a href={termsPath(brand.username, h.version)}>
                    {t('legal.terms_version', { version: h.version, date: legalDate(v.locale, h.createdAt) })}
                  </a>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>
    </div>
  );
};

export const TermsVersionPage = ({
  v,
  brand,
  terms,
  current,
}: {
  v: LegalView;
  brand: Brand;
  terms: TermsVersion;
  current: number;
}) => {
  const { t } = v;
  return (
    <div class="narrow stack legal-page">
      <header class="page-header">
        <h1>{t('legal.terms_version_title', { name: nameOf(brand), version: terms.version })}</h1>
        <p class="lead" data-terms-version={String(terms.version)}>
          {t('legal.terms_version', { version: terms.version, date: legalDate(v.locale, terms.createdAt) })}
        </p>
      </header>
      {terms.version !== current ? (
        <Flash kind="info">
          <p>
            {t('legal.terms_old')} <a href={legalPath(brand.username)}>{t('legal.terms_current_link')}</a>
          </p>
        </Flash>
      ) : null}
      <div class="card prose legal-text">{raw(renderLegalText(terms.body))}</div>
    </div>
  );
};

/** At the checkout, above the button: what the buyer accepts by ordering, with the link to read it. */
export const CheckoutTerms = ({ t, terms }: { t: T; terms: CheckoutTermsInfo | null | undefined }) =>
  terms ? (
    <p class="checkout-terms small" data-terms-version={terms.version === null ? undefined : String(terms.version)}>
      {terms.version === null ? (
        <a href={legalPath(terms.username)}>{t('legal.link')}</a>
      ) : (
        <>
          {t('legal.checkout_accept', { name: terms.name, version: terms.version })}{' '}
          <a href={termsPath(terms.username, terms.version)} target="_blank" rel="noopener">
            {t('legal.checkout_read')}
          </a>
        </>
      )}
    </p>
  ) : null;

/** On the order page: the version its buyer accepted, with the link to read it. */
export const OrderTerms = ({ t, username, version }: { t: T; username: string; version: number | null }) =>
  version === null ? null : (
    <p class="order-terms small" data-terms-version={String(version)}>
      {t('legal.order_terms', { version })} <a href={termsPath(username, version)}>{t('legal.order_terms_link')}</a>
    </p>
  );
