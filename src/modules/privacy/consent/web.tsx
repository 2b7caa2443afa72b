/**
 * Consent on the web: the banner's form (`POST /privacy/consent`) and the cookies page
 * (`/privacy/cookies`, linked from every page's footer) where the choice is explained and changed.
 * The choice goes in a necessary cookie (choice and date, six months) and, when signed in, in the
 * person's record too. Refusing also removes an attribution cookie set earlier.
 */
import type { Context } from 'hono';
import type { AppContext } from '../../../context';
import type { RouteModule } from '../../../http/app';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { renderPage, safeNext, tOf } from '../../../web/page';
import type { ConsentChoice } from './cookie';
import { rememberChoice, requestConsent } from './web-request';
import { CookiesPage } from './views';
import { recordConsent, type ConsentSource } from './service';

type Ctx = Context<AppEnv>;

/** Applies a choice for this request: the cookie, and the person's record when signed in. */
export async function decide(
  c: Ctx,
  ctx: AppContext,
  referral: boolean,
  source: ConsentSource,
): Promise<ConsentChoice> {
  const at = ctx.clock.now();
  rememberChoice(c, ctx, referral, at);
  const viewer = c.get('viewer');
  if (viewer) return recordConsent(ctx.db, viewer.accountId, { referral, source, at });
  return { referral, version: '', decidedAt: at };
}

/** The cookies page: the choice in force and the form to change it (`error`: the form came back without one). */
async function cookiesPage(c: Ctx, ctx: AppContext, error = false): Promise<Response> {
  const t = tOf(c);
  const current = await requestConsent(c, ctx);
  return renderPage(
    c,
    {
      meta: error
        ? { title: t('consent.page.title'), noindex: true }
        : { title: t('consent.page.title'), url: `${ctx.config.publicUrl}/privacy/cookies` },
      status: error ? 400 : undefined,
      body: (
        <CookiesPage
          t={t}
          locale={c.get('locale')}
          csrfToken={c.get('csrfToken')}
          current={current}
          rwSeconds={ctx.config.replicaMaxLag}
          error={error}
        />
      ),
    },
    ctx,
  );
}

export const consentWeb: RouteModule = (app, ctx) => {
  app.post('/privacy/consent', async (c) => {
    const params = await readParams(c);
    const choice = params.choice;
    const back = safeNext(params.back, '/');
    if (choice !== 'accept' && choice !== 'refuse') return cookiesPage(c, ctx, true);
    await decide(c, ctx, choice === 'accept', back === '/privacy/cookies' ? 'page' : 'banner');
    c.header('Cache-Control', 'no-store');
    return c.redirect(back, 303);
  });

  app.get('/privacy/cookies', (c) => cookiesPage(c, ctx));
};
