/**
 * The brand back-office's "Informations légales" form (/brands/:username/legal): identity,
 * contact, mediator and the terms of sale, posted with the CSRF token. A refused field comes back
 * with its message beside it and everything kept as typed.
 */
import { CsrfField, ErrorSummary, Flash, FormField, Button } from '../../../web/components';
import type { T } from '../../../web/i18n';
import type { LegalInput, TermsVersion } from './identity';
import { MAX_TERMS_CHARS } from './identity';
import { legalDate, legalPath, type LegalView } from './views';

export const legalFields = [
  'company_name',
  'legal_form',
  'siren',
  'address',
  'vat_number',
  'contact_email',
  'contact_phone',
  'mediator_name',
  'mediator_url',
  'terms_of_sale',
] as const;
export type LegalFormValues = Record<(typeof legalFields)[number], string>;

const labels: Record<(typeof legalFields)[number], Parameters<T>[0]> = {
  company_name: 'legal.company',
  legal_form: 'legal.form',
  siren: 'legal.siren',
  address: 'legal.address',
  vat_number: 'legal.vat',
  contact_email: 'legal.contact_email',
  contact_phone: 'legal.contact_phone',
  mediator_name: 'legal.mediator_name',
  mediator_url: 'legal.mediator_url',
  terms_of_sale: 'legal.terms_title',
};

/** The form's values as the service reads them: an empty terms field leaves the terms as they are. */
export const toInput = (values: LegalFormValues): LegalInput => ({
  ...values,
  terms_of_sale: values.terms_of_sale.trim() ? values.terms_of_sale : undefined,
});

export const LegalForm = ({
  v,
  csrf,
  username,
  values,
  terms,
  filled,
  error,
  notice,
}: {
  v: LegalView;
  csrf: string;
  username: string;
  values: LegalFormValues;
  terms: TermsVersion | null;
  filled: boolean;
  error?: { field: string; message: string };
  notice?: string;
}) => {
  const { t } = v;
  const errorOf = (field: string) => (error?.field === field ? error.message : undefined);
  const field = (name: (typeof legalFields)[number], extra: Record<string, unknown> = {}) => (
    <FormField name={name} label={t(labels[name])} value={values[name]} error={errorOf(name)} {...extra} />
  );
  return (
    <div class="narrow-wide stack legal-backoffice">
      <header class="page-header">
        <h1>{t('legal.bo_title')}</h1>
        <p class="lead">{t('legal.bo_lead')}</p>
        <p>
          <a href={legalPath(username)}>{t('legal.bo_public')}</a>
        </p>
      </header>
      {notice ? <Flash kind="success">{notice}</Flash> : null}
      {!filled && !error ? (
        <Flash kind="warning">
          <p data-reminder="legal">{t('legal.bo_reminder')}</p>
        </Flash>
      ) : null}
      {error ? (
        <ErrorSummary
          title={t('legal.bo_error')}
          errors={{ [error.field in labels ? error.field : 'company_name']: error.message }}
        />
      ) : null}
      <form method="post" action={`/brands/${username}/legal`} class="stack card">
        <CsrfField token={csrf} />
        <h2>{t('legal.bo_identity')}</h2>
        {field('company_name', { required: true, maxlength: 200 })}
        {field('legal_form', { maxlength: 100 })}
        {field('siren', { inputmode: 'numeric', maxlength: 20 })}
        {field('address', { type: 'textarea', rows: 3, required: true, maxlength: 1000 })}
        {field('vat_number', { maxlength: 20 })}
        <h2>{t('legal.contact')}</h2>
        {field('contact_email', { type: 'email', maxlength: 320 })}
        {field('contact_phone', { type: 'tel', maxlength: 30 })}
        <h2>{t('legal.mediator')}</h2>
        {field('mediator_name', { maxlength: 200 })}
        {field('mediator_url', { type: 'url', maxlength: 2000 })}
        <h2>{t('legal.terms_title')}</h2>
        {terms ? (
          <p class="muted">
            {t('legal.bo_terms_current', { version: terms.version, date: legalDate(v.locale, terms.createdAt) })}
          </p>
        ) : null}
        {field('terms_of_sale', {
          type: 'textarea',
          rows: 16,
          maxlength: MAX_TERMS_CHARS,
          hint: t('legal.bo_terms_help'),
        })}
        <div class="form-actions">
          <Button>{t('legal.bo_save')}</Button>
        </div>
      </form>
    </div>
  );
};
