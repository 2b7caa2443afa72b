/**
 * Brand pages for their team: create a brand, edit its charter, manage who is on the team, and
 * switch which account (oneself or a brand) one acts as.
 */
import type { AppContext } from '../../context';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { readParams } from '../../http/params';
import type { Viewer } from '../../http/types';
import { brandTheme, renderError, renderPage, safeNext, tOf } from '../../web/page';
import { assertCan, createBrand, listMembers, removeMember, roleIn, setMember, type Permission } from './brands';
import { findBrand, findByUsername, getAccount, setActingFor, type Account } from './service';
import { checkText, checkUsername } from './validation';
import { profileValues, saveProfileForm, type ProfileValues } from './web-settings';
import { check, errorText, hasErrors, loginRedirect, text, type Ctx, type FieldErrors } from './web-shared';
import { BrandSettingsPage, NewBrandPage, TeamPage } from './web-brands-views';

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
