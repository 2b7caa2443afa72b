// A brand's contests in its back-office (/brands/:username/contests): the list, and the creation
// form for the owner and admins (campaigns.manage).
import type { Child } from 'hono/jsx';
import { CsrfField, Flash, fullDateText } from '../../../../web/components';
import type { Locale, T } from '../../../../web/i18n';
import type { Account } from '../../../accounts';
import type { PublicContest } from '../present';
import { entryKinds } from '../schema';

export type ContestFormValues = Record<
  'title' | 'rules' | 'prizes' | 'kind' | 'status_id' | 'place_id' | 'ends_at' | 'winners',
  string
>;
export const emptyForm: ContestFormValues = {
  title: '',
  rules: '',
  prizes: '',
  kind: 'like',
  status_id: '',
  place_id: '',
  ends_at: '',
  winners: '1',
};

type Props = {
  t: T;
  locale: Locale;
  csrf: string;
  brand: Account;
  list: PublicContest[];
  canManage: boolean;
  values: ContestFormValues;
  error?: { field: string | null; message: string };
  notice?: string;
};

const Field = (p: {
  id: keyof ContestFormValues;
  label: string;
  error?: Props['error'];
  children: Child;
  hint?: string;
}) => {
  const wrong = p.error?.field === p.id || p.error?.field === `entry.${p.id}`;
  return (
    <div class={`field${wrong ? ' has-error' : ''}`}>
      <label for={`contest-${p.id}`}>{p.label}</label>
      {p.hint ? <p class="field-hint">{p.hint}</p> : null}
      {p.children}
      {wrong ? <p class="field-error">{p.error!.message}</p> : null}
    </div>
  );
};

function CreateForm({ t, csrf, brand, values, error }: Props) {
  return (
    <form method="post" action={`/brands/${brand.username}/contests`} class="form contest-new-form">
      <CsrfField token={csrf} />
      <Field id="title" label={t('contest.field.title')} error={error}>
        <input id="contest-title" name="title" value={values.title} maxlength={200} required />
      </Field>
      <Field id="rules" label={t('contest.field.rules')} hint={t('contest.field.rules_hint')} error={error}>
        <textarea id="contest-rules" name="rules" rows={6} maxlength={5000} required>
          {values.rules}
        </textarea>
      </Field>
      <Field id="prizes" label={t('contest.field.prizes')} error={error}>
        <textarea id="contest-prizes" name="prizes" rows={2} maxlength={2000}>
          {values.prizes}
        </textarea>
      </Field>
      <Field id="kind" label={t('contest.field.kind')} error={error}>
        <select id="contest-kind" name="kind">
          {entryKinds.map((k) => (
            <option value={k} selected={values.kind === k}>
              {t(`contest.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="status_id" label={t('contest.field.status_id')} hint={t('contest.field.status_hint')} error={error}>
        <input id="contest-status_id" name="status_id" value={values.status_id} spellcheck={false} />
      </Field>
      <Field id="place_id" label={t('contest.field.place_id')} error={error}>
        <input id="contest-place_id" name="place_id" value={values.place_id} spellcheck={false} />
      </Field>
      <Field id="ends_at" label={t('contest.field.ends_at')} error={error}>
        <input id="contest-ends_at" name="ends_at" type="datetime-local" value={values.ends_at} required />
      </Field>
      <Field id="winners" label={t('contest.field.winners')} error={error}>
        <input id="contest-winners" name="winners" type="number" min={1} max={1000} value={values.winners} required />
      </Field>
      <div class="form-actions">
        <button type="submit" class="button primary">
          {t('contest.bo.create')}
        </button>
      </div>
    </form>
  );
}

export function ContestsBackoffice(p: Props) {
  const { t, locale } = p;
  return (
    <div class="stack narrow-wide contest-backoffice">
      <header class="page-header">
        <h1>{t('contest.bo.title')}</h1>
      </header>
      {p.notice ? <Flash kind="success">{p.notice}</Flash> : null}
      <p class="lead">{t('contest.bo.lead')}</p>
      <section class="card">
        <h2 class="card-title">{t('contest.bo.new')}</h2>
        {p.error && !p.error.field ? <Flash kind="error">{p.error.message}</Flash> : null}
        {p.canManage ? <CreateForm {...p} /> : <p class="field-hint">{t('contest.bo.manage_only')}</p>}
      </section>
      <section class="card">
        {p.list.length === 0 ? (
          <p class="empty-state">{t('contest.bo.none')}</p>
        ) : (
          <ul class="list contest-list">
            {p.list.map((v) => (
              <li class="list-item">
                <div class="list-main">
                  <a href={`/contests/${v.contest.id}`}>
                    <strong>{v.contest.title}</strong>
                  </a>{' '}
                  <span class={`badge contest-state contest-state-${v.state}`}>{t(`contest.state.${v.state}`)}</span>
                  <p class="field-hint">
                    {[
                      t(`contest.kind.${v.contest.entryKind}`),
                      t('contest.entries_count', { count: v.entries }),
                      t('contest.winners_count', { count: v.contest.winnersCount }),
                      `${t('contest.ends')} ${fullDateText(locale, v.contest.endsAt)}`,
                    ].join(' · ')}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
