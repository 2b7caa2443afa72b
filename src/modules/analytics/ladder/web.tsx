/**
 * The ladder's page in the brand's back office, /brands/:username/analytics/ladder (analytics.read;
 * anyone else is told the page does not exist): the ladder now, the ladder week by week, the
 * period selector and each rung's people (public profiles only), with links to their profile
 * and to their customer file so the community manager can thank the creators.
 */
import type { RouteModule } from '../../../http/app';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { can, findBrand } from '../../accounts';
import { customerFileUrl } from '../../inbox';
import { rungs, standardPeriods, type Rung } from './rules';
import { peopleOnRung } from './service';
import { ladderCounts, ladderSeries, parsePeriod } from './snapshot';
import { LadderAreas, LadderSteps, LadderTable, SeriesTable } from './views';

const DAY = 86_400_000;

export const ladderPages: RouteModule = (app, ctx) => {
  app.get('/brands/:username/analytics/ladder', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand || !(await can(ctx, viewer.accountId, brand.id, 'analytics.read')))
      return renderError(c, 404, t('error.not_found'), ctx);
    let periodDays: number;
    try {
      periodDays = parsePeriod(c.req.query('period'));
    } catch {
      periodDays = 30;
    }
    const asked = c.req.query('rung');
    const rung: Rung = (rungs as readonly string[]).includes(asked ?? '') ? (asked as Rung) : 'creators';
    const now = ctx.clock.now();
    const base = `/brands/${encodeURIComponent(brand.username)}/analytics/ladder`;
    const link = (p: number, r: Rung = rung) => `${base}?period=${p}d&rung=${r}`;
    const [counts, points, people] = await Promise.all([
      ladderCounts(ctx.reads, brand.id, { periodDays, now }),
      ladderSeries(ctx.reads, brand.id, {
        from: new Date(now.getTime() - Math.max(90, periodDays) * DAY),
        to: now,
        interval: 'week',
      }),
      peopleOnRung(ctx.reads, brand.id, { periodDays, now, rung, after: c.req.query('after') }),
    ]);
    const name = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('ladder.title', { name }), noindex: true },
        theme: brandTheme(brand),
        body: (
          <div class="narrow-wide stack ladder-page">
            <header class="page-header">
              <h1>{t('ladder.title', { name })}</h1>
              <p class="lead">{t('ladder.lead')}</p>
            </header>
            <nav class="ladder-periods" aria-label={t('ladder.period')}>
              {standardPeriods.map((p) => (
                <a href={link(p)} aria-current={p === periodDays ? 'page' : undefined}>
                  {t('ladder.period_days', { days: p })}
                </a>
              ))}
            </nav>
            <section class="card stack">
              <h2>{t('ladder.now', { days: periodDays })}</h2>
              <p class="ladder-audience">{t('ladder.audience', { count: counts.audience })}</p>
              <LadderSteps t={t} counts={counts} title={t('ladder.now', { days: periodDays })} />
              <LadderTable t={t} counts={counts} href={(r) => `${link(periodDays, r)}#people`} />
            </section>
            <section class="card stack">
              <h2>{t('ladder.over_time')}</h2>
              {points.length === 0 ? (
                <p class="muted">{t('ladder.no_history')}</p>
              ) : (
                <>
                  <LadderAreas t={t} points={points} title={t('ladder.over_time')} />
                  <SeriesTable t={t} points={points} />
                </>
              )}
            </section>
            <section class="card stack" id="people">
              <h2>{t('ladder.people_title', { rung: t(`ladder.rung.${rung}`) })}</h2>
              <nav class="ladder-rungs">
                {rungs.map((r) => (
                  <a href={`${link(periodDays, r)}#people`} aria-current={r === rung ? 'page' : undefined}>
                    {t(`ladder.rung.${r}`)} ({counts.rungs[r]})
                  </a>
                ))}
              </nav>
              <p class="muted">{t('ladder.people_note')}</p>
              {people.people.length === 0 ? (
                <p class="muted">{t('ladder.people_none')}</p>
              ) : (
                <ul class="ladder-people">
                  {people.people.map((p) => (
                    <li data-account={p.id}>
                      <span class="ladder-person">{p.displayName || p.username}</span>{' '}
                      <a href={`/@${encodeURIComponent(p.username)}`}>@{p.username}</a>
                      {' · '}
                      <a href={customerFileUrl(brand.username, p.id)}>{t('ladder.customer_file')}</a>
                    </li>
                  ))}
                </ul>
              )}
              {people.next ? (
                <a class="button" href={`${link(periodDays)}&after=${people.next}#people`}>
                  {t('ladder.more')}
                </a>
              ) : null}
            </section>
          </div>
        ),
      },
      ctx,
    );
  });
};
