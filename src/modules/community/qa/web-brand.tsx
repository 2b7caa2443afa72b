/**
 * The brand back-office's "Questions produits / Product questions" section
 * (/brands/:username/questions, owner, admins and community managers): who may answer the
 * brand's product questions (the setting), and the questions its team has not answered yet,
 * each linking to its place on the product page where the official answer is written.
 */
import type { RouteModule } from '../../../http/app';
import { readParams } from '../../../http/params';
import { CsrfField } from '../../../web/components';
import { addBackofficeSection } from '../../../web/backoffice';
import type { MessageKey } from '../../../web/i18n';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, roleAllows, roleIn } from '../../accounts';
import { questionsWaiting } from './listing';
import { answerersOf } from './rules';
import { qaAnswerers } from './schema';
import { updateQaSettings } from './votes';

const choiceLabel: Record<(typeof qaAnswerers)[number], MessageKey> = {
  team: 'qa.bo.answerers_team',
  verified_buyers: 'qa.bo.answerers_verified_buyers',
  anyone: 'qa.bo.answerers_anyone',
};

export const qaBrandPages: RouteModule = (app, ctx) => {
  addBackofficeSection({
    key: 'questions',
    // Next to the reviews (30).
    order: 32,
    path: 'questions',
    label: 'qa.bo.section',
    permission: 'community.manage',
  });

  app.get('/brands/:username/questions', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    const role = brand ? await roleIn(ctx, brand.id, viewer.accountId) : null;
    if (!brand || !role) return renderError(c, 404, t('error.not_found'), ctx);
    if (!roleAllows(role, 'community.manage')) return renderError(c, 403, t('error.forbidden'), ctx);
    const [answerers, waiting] = await Promise.all([answerersOf(ctx.db, brand.id), questionsWaiting(ctx.db, brand.id)]);
    const name = brand.displayName || brand.username;
    return renderPage(
      c,
      {
        meta: { title: t('qa.bo.title', { name }), noindex: true },
        theme: brandTheme(brand),
        body: (
          <div class="narrow-wide stack">
            <header class="page-header">
              <h1>{t('qa.bo.title', { name })}</h1>
            </header>
            {c.req.query('saved') ? (
              <div class="flash flash-success" role="status">
                {t('qa.bo.saved')}
              </div>
            ) : null}
            <section class="card" aria-labelledby="qa-setting-title">
              <h2 id="qa-setting-title">{t('qa.bo.answerers')}</h2>
              <form method="post" action={`/brands/${brand.username}/questions/settings`} class="form">
                <CsrfField token={c.get('csrfToken')} />
                <fieldset>
                  <legend>{t('qa.bo.answerers_legend')}</legend>
                  {qaAnswerers.map((value) => (
                    <label class="qa-choice">
                      <input type="radio" name="answerers" value={value} checked={value === answerers} />{' '}
                      {t(choiceLabel[value])}
                    </label>
                  ))}
                </fieldset>
                <button type="submit" class="button primary">
                  {t('qa.bo.save')}
                </button>
              </form>
            </section>
            <section class="card" aria-labelledby="qa-waiting-title">
              <h2 id="qa-waiting-title">{t('qa.bo.waiting', { count: waiting.length })}</h2>
              {waiting.length ? (
                <ul class="qa-waiting">
                  {waiting.map((q) => (
                    <li>
                      <a href={`/questions/${q.id}`}>{q.text}</a>
                      <p class="muted small">
                        {q.productTitle} · {t('qa.asked_by', { name: q.author })}
                        {q.status === 'pending' ? <span class="badge qa-pending">{t('qa.pending')}</span> : null}
                      </p>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted">{t('qa.bo.none_waiting')}</p>
              )}
            </section>
          </div>
        ),
      },
      ctx,
    );
  });

  app.post('/brands/:username/questions/settings', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const t = tOf(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, t('error.not_found'), ctx);
    const params = await readParams(c);
    try {
      await updateQaSettings(ctx, viewer.accountId, brand.id, { answerers: params.answerers });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404 || status === 403 || status === 422)
        return renderError(
          c,
          status,
          status === 422 ? t('qa.bo.invalid') : t(`error.${status === 404 ? 'not_found' : 'forbidden'}`),
          ctx,
        );
      throw error;
    }
    return c.redirect(`/brands/${brand.username}/questions?saved=1`, 303);
  });
};
