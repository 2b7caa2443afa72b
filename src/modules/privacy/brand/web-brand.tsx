/**
 * The back-office page /brands/:username/privacy ("Demandes RGPD"): the privacy requests about
 * the brand's customers, their orders as links, a form to mark one done (CSRF), and the list as
 * CSV. Owners and admins only; anyone else gets the 404 page.
 */
import type { Context } from 'hono';
import type { RouteModule } from '../../../http/app';
import type { AppEnv } from '../../../http/types';
import { DomainError } from '../../../lib/errors';
import { addBackofficeSection } from '../../../web/backoffice';
import { CsrfField, Flash, fullDateText } from '../../../web/components';
import type { Locale, T } from '../../../web/i18n';
import { brandTheme, localeOf, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import type { Account } from '../../accounts';
import {
  listBrandPrivacyRequests,
  markPrivacyRequestDone,
  privacyRequestsCsv,
  type BrandPrivacyRequest,
} from './service';

type Ctx = Context<AppEnv>;

addBackofficeSection({
  key: 'privacy',
  order: 98,
  path: 'privacy',
  label: 'bo.privacy',
  permission: 'privacy.requests',
});

const orderNumber = (id: string) => id.replace(/-/g, '').slice(-8).toUpperCase();

const RequestsPage = (p: {
  t: T;
  locale: Locale;
  csrf: string;
  brand: Account;
  requests: BrandPrivacyRequest[];
  marked: boolean;
}) => {
  const { t } = p;
  const base = `/brands/${p.brand.username}`;
  return (
    <div class="stack narrow-wide">
      <header class="page-header">
        <h1>{t('privacy.bo.title')}</h1>
        <p class="muted">{t('privacy.bo.lead')}</p>
        <p>
          <a class="button secondary small" href={`${base}/privacy.csv`}>
            {t('privacy.bo.csv')}
          </a>
        </p>
      </header>
      {p.marked ? <Flash kind="success">{t('privacy.bo.marked')}</Flash> : null}
      {p.requests.length === 0 ? (
        <p class="muted">{t('privacy.bo.none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('privacy.bo.col.kind')}</th>
                <th scope="col">{t('privacy.bo.col.date')}</th>
                <th scope="col">{t('privacy.bo.col.customer')}</th>
                <th scope="col">{t('privacy.bo.col.orders')}</th>
                <th scope="col">{t('privacy.bo.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {p.requests.map((r) => (
                <tr id={`request-${r.id}`} data-kind={r.kind} data-done={r.doneAt ? 'true' : 'false'}>
                  <td>{t(`privacy.bo.kind.${r.kind}`)}</td>
                  <td>{fullDateText(p.locale, r.requestedAt)}</td>
                  <td>{r.accountId ? <code>{r.accountId}</code> : t('privacy.bo.deleted_customer')}</td>
                  <td>
                    {r.orderIds.length === 0
                      ? t('privacy.bo.no_orders')
                      : r.orderIds.map((id, i) => (
                          <>
                            {i > 0 ? ', ' : null}
                            <a href={`${base}/orders/${id}`}>{orderNumber(id)}</a>
                          </>
                        ))}
                  </td>
                  <td>
                    {r.doneAt ? (
                      t('privacy.bo.done', { date: fullDateText(p.locale, r.doneAt) })
                    ) : (
                      <form method="post" action={`${base}/privacy/${r.id}/done`} class="inline-form">
                        <CsrfField token={p.csrf} />
                        <span class="badge">{t('privacy.bo.open')}</span>{' '}
                        <button type="submit" class="button small">
                          {t('privacy.bo.mark_done')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
};

export const privacyBackoffice: RouteModule = (app, ctx) => {
  /** Runs a read or write of the brand's requests; not on the right team: the 404 page. */
  const guarded = async (c: Ctx, run: (viewerId: string) => Promise<Response>) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    try {
      return await run(viewer.accountId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found')
        return renderError(c, 404, tOf(c)('error.not_found'), ctx);
      throw error;
    }
  };

  app.get('/brands/:username/privacy', (c) =>
    guarded(c, async (viewerId) => {
      const { brand, requests } = await listBrandPrivacyRequests(ctx, viewerId, c.req.param('username'), {
        limit: 500,
      });
      const t = tOf(c);
      return renderPage(
        c,
        {
          meta: { title: t('privacy.bo.title'), noindex: true },
          theme: brandTheme(brand),
          body: (
            <RequestsPage
              t={t}
              locale={localeOf(c)}
              csrf={c.get('csrfToken')}
              brand={brand}
              requests={requests}
              marked={c.req.query('saved') === 'done'}
            />
          ),
        },
        ctx,
      );
    }),
  );

  app.post('/brands/:username/privacy/:id/done', (c) =>
    guarded(c, async (viewerId) => {
      const username = c.req.param('username');
      await markPrivacyRequestDone(ctx, viewerId, username, c.req.param('id'));
      return c.redirect(`/brands/${encodeURIComponent(username)}/privacy?saved=done`, 303);
    }),
  );

  app.get('/brands/:username/privacy.csv', (c) =>
    guarded(c, async (viewerId) => {
      const username = c.req.param('username');
      const csv = await privacyRequestsCsv(ctx, viewerId, username);
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${username.replace(/[^A-Za-z0-9_]/g, '')}-privacy-requests.csv"`,
        'Cache-Control': 'private, no-store',
      });
    }),
  );
};
