/**
 * The brand pages' markup: the new-brand form, the charter (settings) page and the team page.
 */
import { Avatar, Button, CsrfField, ErrorSummary, Flash, FormField, SelectField } from '../../web/components';
import type { T } from '../../web/i18n';
import type { listMembers } from './brands';
import { brandRoles, type BrandRole } from './schema';
import type { Account } from './service';
import { ProfileFields, type ProfileValues } from './web-settings';
import { roleLabel, type FieldErrors } from './web-shared';

const BrandHeader = ({ t, brand, current }: { t: T; brand: Account; current: 'settings' | 'team' }) => (
  <header class="page-header brand-header">
    <div class="media-row">
      <Avatar account={brand} size="md" />
      <div>
        <h1>
          {current === 'settings'
            ? t('brand.charter_title', { name: brand.displayName || brand.username })
            : t('brand.team_title', { name: brand.displayName || brand.username })}
        </h1>
        <p class="handle">@{brand.username}</p>
      </div>
    </div>
  </header>
);

export const NewBrandPage = ({
  t,
  csrf,
  values,
  errors,
}: {
  t: T;
  csrf: string;
  values: { username: string; display_name: string };
  errors: FieldErrors;
}) => (
  <section class="card narrow">
    <h1>{t('brand.new_title')}</h1>
    <p class="lead">{t('brand.new_lead')}</p>
    <ErrorSummary title={t('form.errors_title')} errors={errors} />
    <form method="post" action="/brands/new" class="form" novalidate>
      <CsrfField token={csrf} />
      <FormField
        name="display_name"
        label={t('field.brand_name')}
        value={values.display_name}
        error={errors.display_name}
        maxlength={60}
        required
        autocomplete="organization"
      />
      <FormField
        name="username"
        label={t('field.brand_handle')}
        hint={t('field.username_hint')}
        value={values.username}
        error={errors.username}
        maxlength={30}
        pattern="[A-Za-z0-9_]{1,30}"
        spellcheck={false}
        required
      />
      <div class="form-actions">
        <button type="submit" class="button primary">
          {t('brand.create')}
        </button>
        <a class="button ghost" href="/settings#brands">
          {t('form.cancel')}
        </a>
      </div>
    </form>
  </section>
);

export const BrandSettingsPage = ({
  t,
  csrf,
  brand,
  values,
  errors,
  saved,
}: {
  t: T;
  csrf: string;
  brand: Account;
  values: ProfileValues;
  errors: FieldErrors;
  saved?: string;
}) => (
  <div class="stack narrow-wide">
    <BrandHeader t={t} brand={brand} current="settings" />
    {saved === 'created' ? <Flash kind="success">{t('brand.created')}</Flash> : null}
    {saved === '1' ? <Flash kind="success">{t('brand.saved')}</Flash> : null}
    <section class="card">
      <ErrorSummary title={t('form.errors_title')} errors={errors} />
      <form method="post" action={`/brands/${brand.username}/settings`} enctype="multipart/form-data" class="form">
        <CsrfField token={csrf} />
        <ProfileFields t={t} account={brand} values={values} errors={errors} kind="brand" />
        <div class="form-actions">
          <button type="submit" class="button primary">
            {t('form.save')}
          </button>
        </div>
      </form>
    </section>
  </div>
);

type Member = Awaited<ReturnType<typeof listMembers>>[number];

/** Roles an actor may hand out: owners any, admins those below admin. */
const grantable = (actorRole: BrandRole): BrandRole[] =>
  actorRole === 'owner' ? [...brandRoles] : brandRoles.filter((r) => r !== 'owner' && r !== 'admin');

export const TeamPage = (p: {
  t: T;
  csrf: string;
  brand: Account;
  members: Member[];
  actorId: string;
  actorRole: BrandRole;
  error?: string;
  saved?: string;
  addValues?: { handle: string; role: string };
  addErrors?: FieldErrors;
}) => {
  const { t, brand } = p;
  const manages = p.actorRole === 'owner' || p.actorRole === 'admin';
  const roles = grantable(p.actorRole);
  const roleOptions = roles.map((r) => ({ value: r, label: roleLabel(t, r) }));
  const action = `/brands/${brand.username}/team`;
  return (
    <div class="stack narrow-wide">
      <BrandHeader t={t} brand={brand} current="team" />
      {p.error ? <Flash kind="error">{p.error}</Flash> : null}
      {p.saved ? (
        <Flash kind="success">
          {t(p.saved === 'added' ? 'team.added' : p.saved === 'removed' ? 'team.removed' : 'team.updated')}
        </Flash>
      ) : null}
      <section class="card" aria-labelledby="members-title">
        <h2 id="members-title">{t('team.members', { count: p.members.length })}</h2>
        <ul class="list team-list">
          {p.members.map((m) => {
            const canEdit = manages && (p.actorRole === 'owner' || (m.role !== 'owner' && m.role !== 'admin'));
            const self = m.account.id === p.actorId;
            return (
              <li class="list-item">
                <Avatar account={m.account} size="sm" />
                <div class="list-main">
                  <a href={`/@${m.account.username}`} class="display-name">
                    {m.account.displayName || m.account.username}
                  </a>
                  <span class="handle">
                    @{m.account.username}
                    {self ? ` · ${t('team.you')}` : ''}
                  </span>
                </div>
                {canEdit ? (
                  <form method="post" action={action} class="inline-form">
                    <CsrfField token={p.csrf} />
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="account" value={m.account.username} />
                    <label class="visually-hidden" for={`role-${m.account.id}`}>
                      {t('team.role_of', { name: m.account.displayName || m.account.username })}
                    </label>
                    <select id={`role-${m.account.id}`} name="role">
                      {(roles.includes(m.role) ? roles : [m.role, ...roles]).map((r) => (
                        <option value={r} selected={r === m.role}>
                          {roleLabel(t, r)}
                        </option>
                      ))}
                    </select>
                    <Button variant="secondary" small>
                      {t('team.change_role')}
                    </Button>
                  </form>
                ) : (
                  <span class={`badge role-${m.role}`}>{roleLabel(t, m.role)}</span>
                )}
                {canEdit || self ? (
                  <form method="post" action={action} class="inline-form">
                    <CsrfField token={p.csrf} />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="account" value={m.account.username} />
                    <Button
                      variant="danger"
                      small
                      confirm={self ? t('team.leave_confirm') : t('team.remove_confirm', { name: m.account.username })}
                      aria-label={self ? t('team.leave') : t('team.remove_named', { name: m.account.username })}
                    >
                      {self ? t('team.leave') : t('team.remove')}
                    </Button>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>
      {manages ? (
        <section class="card" aria-labelledby="add-title">
          <h2 id="add-title">{t('team.add_title')}</h2>
          <p class="muted">{t('team.add_lead')}</p>
          <form method="post" action={action} class="form">
            <CsrfField token={p.csrf} />
            <input type="hidden" name="intent" value="add" />
            <div class="grid cols-2">
              <FormField
                name="handle"
                label={t('field.member_handle')}
                hint={t('team.handle_hint')}
                value={p.addValues?.handle ?? ''}
                error={p.addErrors?.handle}
                spellcheck={false}
                required
              />
              <SelectField
                name="role"
                label={t('field.role')}
                value={p.addValues?.role ?? 'staff'}
                options={roleOptions}
                error={p.addErrors?.role}
              />
            </div>
            <div class="form-actions">
              <button type="submit" class="button primary">
                {t('team.add')}
              </button>
            </div>
          </form>
          <details class="roles-help">
            <summary>{t('team.roles_help')}</summary>
            <dl>
              {brandRoles.map((r) => (
                <>
                  <dt>{roleLabel(t, r)}</dt>
                  <dd>{t(`role.${r}_desc` as Parameters<T>[0])}</dd>
                </>
              ))}
            </dl>
          </details>
        </section>
      ) : null}
    </div>
  );
};
