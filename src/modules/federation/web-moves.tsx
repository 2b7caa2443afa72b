/**
 * /settings/migration: a person's aliases (their accounts elsewhere) and the move of this account
 * to another server (moves.ts). Forms post back here; errors are shown in the form, 422.
 */
import { sql } from 'drizzle-orm';
import type { RouteModule } from '../../http/app';
import { readParams } from '../../http/params';
import type { AppContext } from '../../context';
import { queryRows } from '../../db/client';
import { DomainError } from '../../lib/errors';
import { Flash } from '../../web/components';
import { CsrfField, FormField } from '../../web/form-components';
import type { T } from '../../web/i18n';
import { loginRedirect, renderPage, tOf } from '../../web/page';
import { aliasesOf } from './aliases';
import { addAlias, moveAccount, removeAlias } from './lazy';

type Ctx = Parameters<typeof renderPage>[0];
type Errors = { acct?: string; target_acct?: string };
const SAVED = ['alias', 'removed', 'moved'] as const;

const MovePage = (p: {
  t: T;
  csrf: string;
  aliases: string[];
  movedTo: string | null;
  errors: Errors;
  saved?: string;
}) => {
  const { t } = p;
  return (
    <div class="stack narrow-wide">
      <header class="page-header">
        <h1>{t('move.title')}</h1>
        <p class="muted">{t('move.lead')}</p>
      </header>
      {p.saved === 'alias' ? <Flash kind="success">{t('move.saved_alias')}</Flash> : null}
      {p.saved === 'removed' ? <Flash kind="success">{t('move.removed_alias')}</Flash> : null}
      {p.saved === 'moved' ? <Flash kind="success">{t('move.done')}</Flash> : null}
      <section class="card" aria-labelledby="aliases-title">
        <h2 id="aliases-title">{t('move.aliases')}</h2>
        <p class="muted">{t('move.aliases_lead')}</p>
        {p.aliases.length === 0 ? (
          <p>{t('move.no_aliases')}</p>
        ) : (
          <ul class="stack">
            {p.aliases.map((uri) => (
              <li>
                <form method="post" action="/settings/migration/aliases/remove" class="inline-form">
                  <CsrfField token={p.csrf} />
                  <input type="hidden" name="uri" value={uri} />
                  <code>{uri}</code>{' '}
                  <button type="submit" class="button ghost small">
                    {t('move.remove_alias')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/settings/migration/aliases" class="form">
          <CsrfField token={p.csrf} />
          <FormField
            name="acct"
            label={t('move.acct')}
            error={p.errors.acct}
            required
            placeholder="nom@serveur.example"
          />
          <div class="form-actions">
            <button type="submit" class="button">
              {t('move.add_alias')}
            </button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="move-title">
        <h2 id="move-title">{t('move.move')}</h2>
        {p.movedTo ? (
          <Flash kind="info">{t('move.moved_to', { acct: p.movedTo })}</Flash>
        ) : (
          <>
            <p class="muted">{t('move.move_lead')}</p>
            <form method="post" action="/settings/migration/move" class="form">
              <CsrfField token={p.csrf} />
              <FormField name="target_acct" label={t('move.target')} error={p.errors.target_acct} required />
              <div class="form-actions">
                <button type="submit" class="button primary">
                  {t('move.submit')}
                </button>
              </div>
            </form>
          </>
        )}
      </section>
    </div>
  );
};

async function movedTo(ctx: AppContext, accountId: string): Promise<string | null> {
  const [row] = await queryRows<{ username: string }>(
    ctx.db,
    sql`select m.username from accounts a join accounts m on m.id = a.moved_to_id where a.id = ${accountId}`,
  );
  return row?.username ?? null;
}

export const movePages: RouteModule = (app, ctx) => {
  if (!ctx.config.federation) return;
  const show = async (c: Ctx, accountId: string, errors: Errors = {}, status: 200 | 422 = 200) => {
    const t = tOf(c);
    const saved = c.req.method === 'GET' ? c.req.query('saved') : undefined;
    return renderPage(
      c,
      {
        meta: { title: t('move.title'), noindex: true },
        status,
        body: (
          <MovePage
            t={t}
            csrf={c.get('csrfToken')}
            aliases={await aliasesOf(ctx, accountId)}
            movedTo={await movedTo(ctx, accountId)}
            errors={errors}
            saved={SAVED.find((s) => s === saved)}
          />
        ),
      },
      ctx,
    );
  };
  /** Runs a change; a refusal is shown on the field, in the reader's language. */
  const attempt = async (c: Ctx, accountId: string, field: keyof Errors, run: () => Promise<unknown>, done: string) => {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const t = tOf(c);
      const key = `move.error.${error.code}` as Parameters<T>[0];
      const known = ['invalid_handle', 'local_account', 'account_not_found', 'too_many_aliases', 'not_aliased'];
      return show(c, accountId, { [field]: t(known.includes(error.code) ? key : 'move.error.other') }, 422);
    }
    return c.redirect(`/settings/migration?saved=${done}`, 303);
  };
  const text = (params: Record<string, unknown>, name: string) =>
    typeof params[name] === 'string' ? (params[name] as string) : '';

  app.get('/settings/migration', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    return show(c, viewer.accountId);
  });
  app.post('/settings/migration/aliases', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const acct = text(await readParams(c), 'acct');
    return attempt(c, viewer.accountId, 'acct', () => addAlias(ctx, viewer.accountId, acct), 'alias');
  });
  app.post('/settings/migration/aliases/remove', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const uri = text(await readParams(c), 'uri');
    return attempt(c, viewer.accountId, 'acct', () => removeAlias(ctx, viewer.accountId, uri), 'removed');
  });
  app.post('/settings/migration/move', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const target = text(await readParams(c), 'target_acct');
    return attempt(c, viewer.accountId, 'target_acct', () => moveAccount(ctx, viewer.accountId, target), 'moved');
  });
};
