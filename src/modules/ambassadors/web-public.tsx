/**
 * Public pages: a brand's programme (/@brand/ambassadors: commission, window, terms and an Apply
 * form with an optional message) and an ambassador's picks storefront (/@name/picks/brand: the
 * products they chose, each through their own link). Text people wrote is escaped by JSX; an
 * ended ambassadorship's storefront is 404 (it no longer exists), one of a closed programme noindex.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import type { RouteModule } from '../../http/app';
import { readParams } from '../../http/params';
import type { AppEnv } from '../../http/types';
import { queryRows } from '../../db/client';
import { DomainError } from '../../lib/errors';
import { Avatar, Flash, mediaSrc } from '../../web/components';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../web/page';
import { findBrand, findByUsername } from '../accounts';
import { formatMoney } from '../commerce';
import { applyToProgram } from './members';
import { picksOf } from './picks';
import { programOf } from './program';

type Ctx = Context<AppEnv>;
const HANDLE = ':handle{@[A-Za-z0-9_]{1,30}}';

export const publicPages: RouteModule = (app, ctx) => {
  async function programPage(c: Ctx, extra: { error?: string; status?: 409 | 422 } = {}) {
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('handle')!.slice(1));
    const program = brand ? await programOf(ctx.db, brand.id) : null;
    if (!brand || !program) return renderError(c, 404, t('amb.public.none'), ctx);
    const viewer = c.get('viewer');
    const [mine] = viewer
      ? await queryRows<{ id: string; status: string }>(
          ctx.db,
          sql`select id, status from ambassadors where brand_id = ${brand.id} and account_id = ${viewer.accountId}`,
        )
      : [];
    const name = brand.displayName || brand.username;
    const open = program.active && program.openToApplications;
    return renderPage(
      c,
      {
        meta: { title: t('amb.public.title', { name }), description: t('amb.public.lead', { name }) },
        theme: brandTheme(brand),
        status: extra.status ?? 200,
        body: (
          <div class="narrow stack ambassador-program-page">
            <header class="page-header">
              <h1>{t('amb.public.title', { name })}</h1>
              <p class="lead">{t('amb.public.lead', { name })}</p>
            </header>
            {extra.error ? <Flash kind="error">{extra.error}</Flash> : null}
            {c.req.query('applied') ? <Flash kind="success">{t('amb.public.applied')}</Flash> : null}
            <dl class="card ambassador-terms-facts">
              <dt>{t('amb.bo.commission')}</dt>
              <dd>{t('amb.public.percent', { n: program.commissionBp / 100 })}</dd>
              <dt>{t('amb.bo.window')}</dt>
              <dd>{t('amb.public.days', { n: program.windowDays })}</dd>
              {program.minPayoutAmount > 0 ? (
                <>
                  <dt>{t('amb.public.min_payout')}</dt>
                  <dd>{formatMoney(program.minPayoutAmount, program.currency, c.get('locale'))}</dd>
                </>
              ) : null}
            </dl>
            {program.terms ? (
              <section class="card ambassador-terms">
                <h2>{t('amb.bo.terms')}</h2>
                <p class="pre-line">{program.terms}</p>
              </section>
            ) : null}
            {mine ? (
              <p class="card" data-ambassador-status={mine.status}>
                {t(`amb.mine.${mine.status as 'applied'}`)} <a href="/ambassador">{t('amb.mine.title')}</a>
              </p>
            ) : !open ? (
              <p class="muted">{t('amb.public.closed')}</p>
            ) : viewer ? (
              <form method="post" action={`/@${brand.username}/ambassadors/apply`} class="card stack">
                <input type="hidden" name="_csrf" value={c.get('csrfToken')} />
                <label>
                  {t('amb.public.message')}
                  <textarea name="message" rows={3} maxlength={1000} />
                </label>
                <button type="submit" class="button primary">
                  {t('amb.public.apply')}
                </button>
              </form>
            ) : (
              <p>
                <a class="button primary" href={`/login?next=${encodeURIComponent(`/@${brand.username}/ambassadors`)}`}>
                  {t('amb.public.sign_in_to_apply')}
                </a>
              </p>
            )}
          </div>
        ),
      },
      ctx,
    );
  }

  app.get(`/${HANDLE}/ambassadors`, (c) => programPage(c));
  app.post(`/${HANDLE}/ambassadors/apply`, async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await findBrand(ctx, c.req.param('handle')!.slice(1));
    if (!brand) return renderError(c, 404, tOf(c)('error.not_found'), ctx);
    const p = await readParams(c);
    try {
      await applyToProgram(ctx, viewer.accountId, brand.id, typeof p.message === 'string' ? p.message : '');
      return c.redirect(`/@${brand.username}/ambassadors?applied=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not_found') throw error;
      return programPage(c, { error: error.message, status: error.kind === 'conflict' ? 409 : 422 });
    }
  });

  app.get(`/${HANDLE}/picks/:brand{[A-Za-z0-9_]{1,30}}`, async (c) => {
    const t = tOf(c);
    const [person, brand] = await Promise.all([
      findByUsername(ctx, c.req.param('handle')!.slice(1)),
      findBrand(ctx, c.req.param('brand')),
    ]);
    const [amb] =
      person && brand
        ? await queryRows<{ id: string; status: string; active: boolean | null }>(
            ctx.db,
            sql`select a.id, a.status, p.active from ambassadors a
                left join ambassador_programs p on p.brand_id = a.brand_id
                where a.brand_id = ${brand.id} and a.account_id = ${person.id}`,
          )
        : [];
    // Only an ambassadorship that existed has a storefront; an ended one is gone.
    if (!person || !brand || !amb || amb.status !== 'accepted') return renderError(c, 404, t('amb.picks.none'), ctx);
    const picks = await picksOf(ctx.db, amb.id);
    const who = person.displayName || person.username;
    const brandName = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: {
          title: t('amb.picks.title', { name: who, brand: brandName }),
          description: t('amb.picks.lead', { name: who, brand: brandName }),
          url: `${ctx.config.publicUrl}/@${person.username}/picks/${brand.username}`,
          noindex: !amb.active,
        },
        theme: brandTheme(brand),
        body: (
          <div class="narrow-wide stack ambassador-picks-page">
            <header class="page-header ambassador-picks-header">
              <Avatar account={person} size="lg" />
              <div>
                <h1>{t('amb.picks.title', { name: who, brand: brandName })}</h1>
                <p class="lead">
                  <a href={`/@${person.username}`}>@{person.username}</a> ·{' '}
                  <a href={`/@${brand.username}`}>{brandName}</a>
                </p>
              </div>
            </header>
            {picks.length === 0 ? <p class="muted">{t('amb.picks.empty')}</p> : null}
            <ul class="ambassador-picks">
              {picks.map((p) => (
                <li class="card" data-product-id={p.productId}>
                  <a href={p.code ? `/r/${p.code}` : `/@${brand.username}/products/${p.productId}`}>
                    {p.imagePath ? <img src={mediaSrc(p.imagePath)} alt="" loading="lazy" /> : null}
                    <span class="ambassador-pick-title">{p.title}</span>
                    {p.priceAmount !== null ? (
                      <span class="ambassador-pick-price">
                        {formatMoney(p.priceAmount, p.currency, c.get('locale'))}
                      </span>
                    ) : null}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ),
      },
      ctx,
    );
  });
};
