/**
 * The brand back-office's "Spaces" section: /brands/:username/spaces lists the brand's spaces and
 * opens one; /brands/:username/spaces/:id edits it (archive included), and lists, adds and
 * withdraws its invited members. Only the team with `community.manage` (a stranger: 404 page).
 */
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { RouteModule } from '../../../http/app';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { addBackofficeSection } from '../../../web/backoffice';
import { CsrfField } from '../../../web/components';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, roleIn, roleAllows, type Account } from '../../accounts';
import type { SpaceRow } from './access';
import { spacePath } from './present';
import {
  createSpace,
  inviteMember,
  listBrandSpaces,
  listInvites,
  MAX_CHARTER,
  MAX_DESCRIPTION,
  MAX_NAME,
  removeInvite,
  updateSpace,
  type Invitee,
} from './spaces';
import { managedSpace } from './access';
import type { V } from './views';

type Ctx = Context<AppEnv>;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

addBackofficeSection({ key: 'spaces', order: 55, path: 'spaces', label: 'bo.spaces', permission: 'community.manage' });

const SpaceForm: FC<{ v: V; action: string; space?: SpaceRow; error?: string | null }> = ({
  v,
  action,
  space,
  error,
}) => (
  <form method="post" action={action} class="stack space-form">
    <CsrfField token={v.csrf} />
    {error ? (
      <p class="form-error" role="alert">
        {error}
      </p>
    ) : null}
    <label for="space-name">{v.t('spaces.form.name')}</label>
    <input id="space-name" name="name" required maxlength={MAX_NAME} value={space?.name ?? ''} />
    <label for="space-description">{v.t('spaces.form.description')}</label>
    <input id="space-description" name="description" maxlength={MAX_DESCRIPTION} value={space?.description ?? ''} />
    <label for="space-charter">{v.t('spaces.charter')}</label>
    <textarea id="space-charter" name="charter" maxlength={MAX_CHARTER} rows={5}>
      {space?.charter ?? ''}
    </textarea>
    <fieldset>
      <legend>{v.t('spaces.form.visibility')}</legend>
      <label>
        <input type="radio" name="visibility" value="public" checked={space?.visibility !== 'members'} />{' '}
        {v.t('spaces.visibility.public')}
      </label>
      <label>
        <input type="radio" name="visibility" value="members" checked={space?.visibility === 'members'} />{' '}
        {v.t('spaces.visibility.members')}
      </label>
      <input type="hidden" name="admit_followers" value="false" />
      <label>
        <input type="checkbox" name="admit_followers" value="true" checked={space?.admitFollowers ?? true} />{' '}
        {v.t('spaces.form.admit_followers')}
      </label>
      <input type="hidden" name="admit_buyers" value="false" />
      <label>
        <input type="checkbox" name="admit_buyers" value="true" checked={space?.admitBuyers ?? true} />{' '}
        {v.t('spaces.form.admit_buyers')}
      </label>
      <p class="hint">{v.t('spaces.form.members_hint')}</p>
    </fieldset>
    {space ? (
      <label>
        <input type="hidden" name="archived" value="false" />
        <input type="checkbox" name="archived" value="true" checked={space.archivedAt !== null} />{' '}
        {v.t('spaces.form.archived')}
      </label>
    ) : null}
    <button type="submit" class="button primary">
      {v.t(space ? 'spaces.form.save' : 'spaces.form.create')}
    </button>
  </form>
);

/** A checkbox after its hidden "false" arrives as a list: the last value wins. */
const lastValues = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.at(-1) : v]));

export const spaceBackofficePages: RouteModule = (app, ctx) => {
  /** The brand, when the viewer's role has `community.manage`; otherwise the error page to answer. */
  const brandFor = async (c: Ctx): Promise<Account | Response> => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    if (!brand || !role) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    if (!roleAllows(role, 'community.manage')) return renderError(c, 403, tOf(c)('spaces.manage_only'), ctx);
    return brand;
  };
  const viewOf = (c: Ctx): V => ({
    t: tOf(c),
    locale: c.get('locale'),
    csrf: c.get('csrfToken'),
    viewerId: c.get('viewer')?.accountId ?? null,
  });
  const base = (brand: Account) => `/brands/${brand.username}/spaces`;
  const message = (c: Ctx, e: DomainError) => (c.get('locale') === 'en' ? e.message : tOf(c)('spaces.invalid'));

  const listPage = async (c: Ctx, brand: Account, error?: string) => {
    const v = viewOf(c);
    const spaces = await listBrandSpaces(ctx.db, v.viewerId, brand.id);
    return renderPage(
      c,
      {
        meta: { title: v.t('spaces.bo.title'), noindex: true },
        theme: brandTheme(brand),
        status: error ? 422 : 200,
        body: (
          <div class="narrow-wide stack spaces-backoffice">
            <h1>{v.t('spaces.bo.title')}</h1>
            <ul class="space-list">
              {spaces.map((s) => (
                <li data-space={s.id}>
                  <a href={`${base(brand)}/${s.id}`}>{s.name}</a>{' '}
                  <span class="muted small">
                    {v.t(s.visibility === 'public' ? 'spaces.visibility.public' : 'spaces.visibility.members')}
                    {s.archivedAt ? ` · ${v.t('spaces.archived')}` : ''}
                  </span>{' '}
                  <a href={spacePath(s.id)} class="small">
                    {v.t('spaces.bo.open')}
                  </a>
                </li>
              ))}
            </ul>
            <section class="card" aria-labelledby="space-create-title">
              <h2 id="space-create-title">{v.t('spaces.bo.create')}</h2>
              <SpaceForm v={v} action={base(brand)} error={error} />
            </section>
          </div>
        ),
      },
      ctx,
    );
  };

  const spacePage = async (c: Ctx, brand: Account, id: string, error?: string) => {
    const v = viewOf(c);
    const { space } = await managedSpace(ctx.db, v.viewerId!, id);
    if (space.brandId !== brand.id) return renderError(c, 404, v.t('error.not_found'), ctx);
    const invites: Invitee[] = await listInvites(ctx.db, v.viewerId!, id);
    const here = `${base(brand)}/${space.id}`;
    return renderPage(
      c,
      {
        meta: { title: space.name, noindex: true },
        theme: brandTheme(brand),
        status: error ? 422 : 200,
        body: (
          <div class="narrow-wide stack spaces-backoffice">
            <p>
              <a href={base(brand)}>{v.t('spaces.bo.title')}</a> ·{' '}
              <a href={spacePath(space.id)}>{v.t('spaces.bo.open')}</a>
            </p>
            <h1>{space.name}</h1>
            <SpaceForm v={v} action={here} space={space} error={error} />
            <section class="card" aria-labelledby="space-members-title">
              <h2 id="space-members-title">{v.t('spaces.bo.invited')}</h2>
              {invites.length === 0 ? <p class="empty">{v.t('spaces.bo.no_invites')}</p> : null}
              <ul class="space-invites">
                {invites.map((m) => (
                  <li data-member={m.id}>
                    <a href={`/@${m.username}`}>{m.displayName || m.username}</a> (@{m.username}){' '}
                    <form method="post" action={`${here}/invites/${m.id}/remove`} class="inline">
                      <CsrfField token={v.csrf} />
                      <button type="submit" class="button secondary small">
                        {v.t('spaces.bo.remove')}
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
              <form method="post" action={`${here}/invites`} class="inline">
                <CsrfField token={v.csrf} />
                <label for="invite-account">{v.t('spaces.bo.invite_label')}</label>{' '}
                <input id="invite-account" name="account" required placeholder="@username" />{' '}
                <button type="submit" class="button primary small">
                  {v.t('spaces.bo.invite')}
                </button>
              </form>
            </section>
          </div>
        ),
      },
      ctx,
    );
  };

  const run = async (
    c: Ctx,
    action: (brand: Account) => Promise<Response>,
    onError: (brand: Account, e: DomainError) => Promise<Response>,
  ) => {
    const brand = await brandFor(c);
    if (brand instanceof Response) return brand;
    try {
      return await action(brand);
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not_found')
        return renderError(c, 404, tOf(c)('error.not_found'), ctx);
      if (e instanceof DomainError) return onError(brand, e);
      throw e;
    }
  };
  const refusedList = (c: Ctx) => (brand: Account, e: DomainError) => listPage(c, brand, message(c, e));
  const refusedSpace = (c: Ctx) => (brand: Account, e: DomainError) =>
    spacePage(c, brand, c.req.param('id')!.toLowerCase(), message(c, e));

  app.get('/brands/:username/spaces', (c) => run(c, (brand) => listPage(c, brand), refusedList(c)));
  app.post('/brands/:username/spaces', (c) =>
    run(
      c,
      async (brand) => {
        const space = await createSpace(ctx, c.get('viewer')!.accountId, brand.id, lastValues(await readParams(c)));
        return c.redirect(`${base(brand)}/${space.id}`, 303);
      },
      refusedList(c),
    ),
  );
  app.get(`/brands/:username/spaces/:id{${UUID}}`, (c) =>
    run(c, (brand) => spacePage(c, brand, c.req.param('id').toLowerCase()), refusedSpace(c)),
  );
  app.post(`/brands/:username/spaces/:id{${UUID}}`, (c) =>
    run(
      c,
      async (brand) => {
        const id = c.req.param('id').toLowerCase();
        await updateSpace(ctx, c.get('viewer')!.accountId, id, lastValues(await readParams(c)));
        return c.redirect(`${base(brand)}/${id}`, 303);
      },
      refusedSpace(c),
    ),
  );
  app.post(`/brands/:username/spaces/:id{${UUID}}/invites`, (c) =>
    run(
      c,
      async (brand) => {
        const id = c.req.param('id').toLowerCase();
        await inviteMember(ctx, c.get('viewer')!.accountId, id, (await readParams(c)).account);
        return c.redirect(`${base(brand)}/${id}`, 303);
      },
      refusedSpace(c),
    ),
  );
  app.post(`/brands/:username/spaces/:id{${UUID}}/invites/:account{${UUID}}/remove`, (c) =>
    run(
      c,
      async (brand) => {
        const id = c.req.param('id').toLowerCase();
        await removeInvite(ctx, c.get('viewer')!.accountId, id, c.req.param('account').toLowerCase());
        return c.redirect(`${base(brand)}/${id}`, 303);
      },
      refusedSpace(c),
    ),
  );
};
