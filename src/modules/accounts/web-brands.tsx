/**
 * Brand pages for their team: create a brand, edit its charter, manage who is on the team, and
 * switch which account (oneself or a brand) one acts as.
 */
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { readParams } from '../../http/params';
import type { Viewer } from '../../http/types';
import { Avatar, Button, CsrfField, ErrorSummary, Flash, FormField, SelectField } from '../../web/components';
import type { T } from '../../web/i18n';
import { brandTheme, renderError, renderPage, safeNext, tOf } from '../../web/page';
import { assertCan, createBrand, listMembers, removeMember, roleIn, setMember, type Permission } from './brands';
import { brandRoles, type BrandRole } from './schema';
import { findBrand, findByUsername, getAccount, setActingFor, type Account } from './service';
import { checkText, checkUsername } from './validation';
import { profileValues, ProfileFields, saveProfileForm, type ProfileValues } from './web-settings';
import { check, errorText, hasErrors, loginRedirect, roleLabel, text, type Ctx, type FieldErrors } from './web-shared';

const BrandTabs = ({ t, brand, current }: { t: T; brand: Account; current: 'settings' | 'team' }) => (
  <nav class="tabs" aria-label={t('brand.sections')}>
    <a href={`/brands/${brand.username}/settings`} aria-current={current === 'settings' ? 'page' : undefined}>
      {t('brand.charter')}
    </a>
    <a href={`/brands/${brand.username}/team`} aria-current={current === 'team' ? 'page' : undefined}>
      {t('brand.team')}
    </a>
    <a href={`/brands/${brand.username}/products`}>{t('catalog.admin.tab')}</a>
    <a href={`/brands/${brand.username}/orders`}>{t('brand.orders_tab')}</a>
    <a href={`/brands/${brand.username}/reviews`}>{t('review.brand.link')}</a>
    <a href={`/brands/${brand.username}/watches`}>{t('watch.tab')}</a>
    <a href={`/brands/${brand.username}/moderation`}>{t('mod.nav')}</a>
    <a href={`/brands/${brand.username}/moderation/policy`}>{t('mod.policy.social')}</a>
    <a href={`/@${brand.username}`}>{t('brand.public_page')}</a>
  </nav>
);

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
    <BrandTabs t={t} brand={brand} current={current} />
  </header>
);

const NewBrandPage = ({
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

const BrandSettingsPage = ({
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

const TeamPage = (p: {
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

export const brandPages: RouteModule = (app, ctx) => {
  /** The brand named in the URL, or a 404 page. */
  const brandOf = (c: Ctx) => findBrand(ctx, c.req.param('username') ?? '');
  const forbiddenPage = (c: Ctx, error?: AppError) =>
    renderError(c, 403, error ? errorText(tOf(c), error) : tOf(c)('error.not_a_member'), ctx);
  const notFoundPage = (c: Ctx) => renderError(c, 404, tOf(c)('error.brand_not_found'), ctx);

  /** The prologue of a brand page: signed in, the brand exists, the viewer's role allows `permission`. */
  async function openBrandPage(c: Ctx, permission: Permission): Promise<{ viewer: Viewer; brand: Account } | Response> {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await brandOf(c);
    if (!brand) return notFoundPage(c);
    const allowed = await guard(c, () => assertCan(ctx, viewer.accountId, brand.id, permission));
    return allowed instanceof Response ? allowed : { viewer, brand };
  }

  /** Runs `allowed`, or answers with the 403 page when the viewer's role does not permit it. */
  async function guard<R>(c: Ctx, run: () => Promise<R>): Promise<R | Response> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof AppError && error.status === 403) return forbiddenPage(c, error);
      throw error;
    }
  }

  // Creating a brand ----------------------------------------------------------------------
  app.get('/brands/new', async (c) => {
    if (!c.get('viewer')) return loginRedirect(c);
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('brand.new_title'), noindex: true },
        body: <NewBrandPage t={t} csrf={c.get('csrfToken')} values={{ username: '', display_name: '' }} errors={{}} />,
      },
      ctx,
    );
  });

  app.post('/brands/new', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const params = await readParams(c);
    const values = {
      username: text(params, 'username').trim().replace(/^@/, ''),
      display_name: text(params, 'display_name'),
    };
    const errors: FieldErrors = {};
    if (!values.display_name.trim()) errors.display_name = t('error.required');
    else await check(t, errors, 'display_name', () => checkText('display_name', values.display_name, 60));
    await check(t, errors, 'username', () => checkUsername(values.username));
    const brand = hasErrors(errors)
      ? undefined
      : await check(t, errors, null, () =>
          createBrand(ctx, viewer.accountId, { username: values.username, displayName: values.display_name.trim() }),
        );
    if (!brand) {
      return renderPage(
        c,
        {
          meta: { title: t('brand.new_title'), noindex: true },
          status: 422,
          body: <NewBrandPage t={t} csrf={c.get('csrfToken')} values={values} errors={errors} />,
        },
        ctx,
      );
    }
    return c.redirect(`/brands/${brand.username}/settings?saved=created`, 303);
  });

  // Charter -------------------------------------------------------------------------------
  const showSettings = (
    c: Ctx,
    brand: Account,
    values: ProfileValues,
    errors: FieldErrors,
    status: 200 | 413 | 422,
  ) => {
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('brand.charter_title', { name: brand.displayName || brand.username }), noindex: true },
        theme: brandTheme(brand),
        status,
        body: (
          <BrandSettingsPage
            t={t}
            csrf={c.get('csrfToken')}
            brand={brand}
            values={values}
            errors={errors}
            saved={c.req.method === 'GET' ? c.req.query('saved') : undefined}
          />
        ),
      },
      ctx,
    );
  };

  app.get('/brands/:username/settings', async (c) => {
    const page = await openBrandPage(c, 'editProfile');
    if (page instanceof Response) return page;
    const { brand } = page;
    return showSettings(c, brand, profileValues(brand), {}, 200);
  });

  app.post('/brands/:username/settings', async (c) => {
    const page = await openBrandPage(c, 'editProfile');
    if (page instanceof Response) return page;
    const { brand } = page;
    const result = await saveProfileForm(ctx, tOf(c), brand, await readParams(c), 'brand');
    if (!result.ok) return showSettings(c, brand, result.values, result.errors, result.status);
    return c.redirect(`/brands/${brand.username}/settings?saved=1`, 303);
  });

  // Team ----------------------------------------------------------------------------------
  const showTeam = async (
    c: Ctx,
    brand: Account,
    actorId: string,
    extra: {
      error?: string;
      status?: 200 | 403 | 404 | 409 | 422;
      addValues?: { handle: string; role: string };
      addErrors?: FieldErrors;
    } = {},
  ) => {
    const t = tOf(c);
    const members = await listMembers(ctx, actorId, brand.id);
    const actorRole = (await roleIn(ctx, brand.id, actorId))!;
    return renderPage(
      c,
      {
        meta: { title: t('brand.team_title', { name: brand.displayName || brand.username }), noindex: true },
        theme: brandTheme(brand),
        status: extra.status ?? 200,
        body: (
          <TeamPage
            t={t}
            csrf={c.get('csrfToken')}
            brand={brand}
            members={members}
            actorId={actorId}
            actorRole={actorRole}
            error={extra.error}
            saved={c.req.method === 'GET' ? c.req.query('saved') : undefined}
            addValues={extra.addValues}
            addErrors={extra.addErrors}
          />
        ),
      },
      ctx,
    );
  };

  app.get('/brands/:username/team', async (c) => {
    const page = await openBrandPage(c, 'read');
    if (page instanceof Response) return page;
    const { viewer, brand } = page;
    return showTeam(c, brand, viewer.accountId);
  });

  app.post('/brands/:username/team', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await brandOf(c);
    if (!brand) return notFoundPage(c);
    const t = tOf(c);
    const params = await readParams(c);
    const intent = text(params, 'intent');
    const self =
      intent === 'remove' &&
      text(params, 'account').replace(/^@/, '').toLowerCase() === (await accountName(ctx, viewer.accountId));
    // Everyone on the team may leave it; every other change needs the manageTeam permission.
    const allowed = await guard(c, () => assertCan(ctx, viewer.accountId, brand.id, self ? 'read' : 'manageTeam'));
    if (allowed instanceof Response) return allowed;
    const handle = (intent === 'add' ? text(params, 'handle') : text(params, 'account')).trim().replace(/^@/, '');
    const role = text(params, 'role');
    const target = handle ? await findByUsername(ctx, handle) : null;
    if (!target) {
      const message = handle ? t('error.account_not_found', { name: handle }) : t('error.required');
      if (intent === 'add')
        return showTeam(c, brand, viewer.accountId, {
          status: 422,
          addValues: { handle, role },
          addErrors: { handle: message },
        });
      return showTeam(c, brand, viewer.accountId, { status: 422, error: message });
    }
    try {
      if (intent === 'add' || intent === 'role') {
        if (intent === 'add' && (await roleIn(ctx, brand.id, target.id))) {
          return showTeam(c, brand, viewer.accountId, {
            status: 422,
            addValues: { handle, role },
            addErrors: { handle: t('error.already_member', { name: target.username }) },
          });
        }
        await setMember(ctx, viewer.accountId, brand.id, target.id, role);
        return c.redirect(`/brands/${brand.username}/team?saved=${intent === 'add' ? 'added' : 'updated'}`, 303);
      }
      if (intent === 'remove') {
        await removeMember(ctx, viewer.accountId, brand.id, target.id);
        if (target.id === viewer.accountId) return c.redirect('/settings?saved=left#brands', 303);
        return c.redirect(`/brands/${brand.username}/team?saved=removed`, 303);
      }
      return showTeam(c, brand, viewer.accountId, { status: 422, error: t('error.unknown_action') });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const status = error.status === 403 || error.status === 404 || error.status === 409 ? error.status : 422;
      if (intent === 'add')
        return showTeam(c, brand, viewer.accountId, {
          status,
          addValues: { handle, role },
          addErrors: {
            [error.code === 'invalid_role' || error.code === 'role_not_allowed' ? 'role' : 'handle']: errorText(
              t,
              error,
            ),
          },
        });
      return showTeam(c, brand, viewer.accountId, { status, error: errorText(t, error) });
    }
  });

  // Acting as -----------------------------------------------------------------------------
  app.post('/acting-as', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const params = await readParams(c);
    const choice = text(params, 'account').trim().replace(/^@/, '');
    const next = safeNext(text(params, 'next'), '/home');
    if (!viewer.sessionHash) return renderError(c, 403, tOf(c)('error.session_required'), ctx);
    if (choice === '' || choice === 'self') {
      await setActingFor(ctx, viewer.sessionHash, null);
      return c.redirect(next, 303);
    }
    const brand = await findBrand(ctx, choice);
    if (!brand) return notFoundPage(c);
    const allowed = await guard(c, () => assertCan(ctx, viewer.accountId, brand.id, 'post'));
    if (allowed instanceof Response) return allowed;
    await setActingFor(ctx, viewer.sessionHash, brand.id);
    return c.redirect(next, 303);
  });
};

async function accountName(ctx: AppContext, id: string): Promise<string> {
  return (await getAccount(ctx, id)).username.toLowerCase();
}
