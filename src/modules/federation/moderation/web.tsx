/**
 * The platform moderators' page of blocked servers (/moderation/platform/domains), beside the
 * platform queue and audit log: the blocks, a form to add or change one, a button to lift each.
 * Forms carry the CSRF token (checked by the app's middleware); the service checks the role.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../../context';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { Button, CsrfField, Flash } from '../../../web/components';
import type { MessageKey, T } from '../../../web/i18n';
import { loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { blockDomain, listDomainBlocks, normaliseDomain, unblockDomain, type DomainBlock } from './domains';

const PATH = '/moderation/platform/domains';
type Ctx = Context<AppEnv>;
type Notice = { kind: 'success' | 'error'; text: string };
type Form = { domain: string; severity: string; reason: string };

const Tabs = ({ t }: { t: T }) => (
  <nav class="mod-tabs" aria-label={t('mod.title')}>
    <a href="/moderation/platform">{t('mod.queue')}</a>
    <a href="/moderation/platform/audit">{t('mod.audit')}</a>
    <a href={PATH} aria-current="page">
      {t('fedmod.tab')}
    </a>
  </nav>
);

const BlockRow = ({ t, csrf, b }: { t: T; csrf: string; b: DomainBlock }) => (
  <li class="list-item domain-block" id={`block-${b.domain}`}>
    <div class="list-main">
      <p>
        <strong>{b.domain}</strong> <span class="badge">{t(`fedmod.severity.${b.severity}` as MessageKey)}</span>{' '}
        <span class="muted">{t('fedmod.since', { date: b.createdAt.toISOString().slice(0, 10) })}</span>
      </p>
      {b.reason ? <p class="muted">{b.reason}</p> : null}
    </div>
    <form method="post" action={`${PATH}/lift`}>
      <CsrfField token={csrf} />
      <input type="hidden" name="domain" value={b.domain} />
      <Button variant="secondary" aria-label={t('fedmod.lift_label', { domain: b.domain })}>
        {t('fedmod.lift')}
      </Button>
    </form>
  </li>
);

const DomainsPage = (p: { t: T; csrf: string; blocks: DomainBlock[]; notice?: Notice; form: Form }) => {
  const { t, form } = p;
  return (
    <div class="page narrow mod-page">
      <h1>{t('fedmod.title')}</h1>
      <Tabs t={t} />
      <p class="lead">{t('fedmod.lead')}</p>
      {p.notice ? <Flash kind={p.notice.kind}>{p.notice.text}</Flash> : null}
      {p.blocks.length ? (
        <ul class="list domain-blocks">
          {p.blocks.map((b) => (
            <BlockRow t={t} csrf={p.csrf} b={b} />
          ))}
        </ul>
      ) : (
        <p class="empty">{t('fedmod.empty')}</p>
      )}
      <h2>{t('fedmod.add_title')}</h2>
      <form method="post" action={PATH} class="stack">
        <CsrfField token={p.csrf} />
        <label>
          {t('fedmod.domain')}
          <input name="domain" required maxlength={260} value={form.domain} aria-describedby="domain-hint" />
          <span id="domain-hint" class="hint">
            {t('fedmod.domain_hint')}
          </span>
        </label>
        <label>
          {t('fedmod.severity')}
          <select name="severity">
            {(['silence', 'suspend'] as const).map((s) => (
              <option value={s} selected={form.severity === s}>
                {t(`fedmod.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fedmod.reason')}
          <textarea name="reason" rows={3} maxlength={1000}>
            {form.reason}
          </textarea>
        </label>
        <Button>{t('fedmod.add')}</Button>
      </form>
    </div>
  );
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const errorText = (t: T, error: AppError) => {
  const key = `fedmod.error.${error.code}`;
  return ['invalid_domain', 'invalid_severity', 'invalid_reason', 'own_domain'].includes(error.code)
    ? t(key as MessageKey)
    : error.message;
};

export const domainBlockPages: RouteModule = (app, ctx: AppContext) => {
  const show = async (c: Ctx, accountId: string, extra: { notice?: Notice; form?: Form; status?: 200 | 422 } = {}) => {
    const t = tOf(c);
    const blocks = await listDomainBlocks(ctx.db, accountId);
    return renderPage(
      c,
      {
        meta: { title: t('fedmod.title'), noindex: true },
        status: extra.status ?? 200,
        body: (
          <DomainsPage
            t={t}
            csrf={c.get('csrfToken')}
            blocks={blocks}
            notice={extra.notice}
            form={extra.form ?? { domain: '', severity: 'silence', reason: '' }}
          />
        ),
      },
      ctx,
    );
  };
  const failPage = (c: Ctx, error: unknown) => {
    if (error instanceof AppError && (error.status === 403 || error.status === 404))
      return renderError(c, error.status, error.message, ctx);
    throw error;
  };
  const notice = (c: Ctx): Notice | undefined => {
    const t = tOf(c);
    const saved = c.req.query('saved');
    const lifted = c.req.query('lifted');
    if (saved) return { kind: 'success', text: t('fedmod.saved', { domain: saved }) };
    if (lifted) return { kind: 'success', text: t('fedmod.lifted', { domain: lifted }) };
    return undefined;
  };

  app.get(PATH, async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    try {
      return await show(c, viewer.accountId, { notice: notice(c) });
    } catch (error) {
      return failPage(c, error);
    }
  });

  app.post(PATH, async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const p = await readParams(c);
    const form = { domain: str(p.domain), severity: str(p.severity), reason: str(p.reason) };
    try {
      const { block } = await blockDomain(ctx.db, ctx.config, viewer.accountId, form);
      return c.redirect(`${PATH}?saved=${encodeURIComponent(block.domain)}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 422)
        return show(c, viewer.accountId, {
          notice: { kind: 'error', text: errorText(tOf(c), error) },
          form,
          status: 422,
        }).catch((e) => failPage(c, e));
      return failPage(c, error);
    }
  });

  app.post(`${PATH}/lift`, async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const p = await readParams(c);
    try {
      const block = await unblockDomain(ctx.db, viewer.accountId, normaliseDomain(str(p.domain)));
      return c.redirect(`${PATH}?lifted=${encodeURIComponent(block.domain)}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return c.redirect(PATH, 303);
      return failPage(c, error);
    }
  });
};
