/**
 * Consent on the web: the banner's form (`POST /privacy/consent`) and the cookies page
 * (`/privacy/cookies`, linked from every page's footer) where the choice is explained and changed.
 * The choice goes in a necessary cookie (choice and date, six months) and, when signed in, in the
 * person's record too. Refusing also removes an attribution cookie set earlier.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../../../context';
import type { RouteModule } from '../../../http/app';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import { renderPage, tOf } from '../../../web/page';
import { REFERRAL_COOKIE } from '../../commerce';
import { safeBack } from './banner';
import { CONSENT_COOKIE, CONSENT_DAYS, consentCookieValue, type ConsentChoice } from './cookie';
import { CookiesPage } from './views';
import { consentFor, recordConsent, type ConsentSource } from './service';

type Ctx = Context<AppEnv>;

/** Remembers the browser's choice; a refusal also takes back the attribution cookie if one was set. */
export function rememberChoice(c: Ctx, ctx: AppContext, referral: boolean, at: Date) {
  const secure = ctx.config.secureCookies;
  setCookie(c, CONSENT_COOKIE, consentCookieValue(referral, at), {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: CONSENT_DAYS * 86400,
  });
  if (!referral && getCookie(c, REFERRAL_COOKIE) !== undefined) deleteCookie(c, REFERRAL_COOKIE, { path: '/', secure });
}

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

/** The choice in force for this request (cookie, then the signed-in person's), or null. */
export function requestConsent(c: Ctx, ctx: AppContext): Promise<ConsentChoice | null> {
  return consentFor(ctx.db, {
    cookie: getCookie(c, CONSENT_COOKIE),
    accountId: c.get('viewer')?.accountId ?? null,
    now: ctx.clock.now(),
  });
}

export const consentWeb: RouteModule = (app, ctx) => {
  app.post('/privacy/consent', async (c) => {
    const params = await readParams(c);
    const choice = params.choice;
    const back = safeBack(params.back);
    if (choice !== 'accept' && choice !== 'refuse') {
      const t = tOf(c);
      const current = await requestConsent(c, ctx);
      return renderPage(
        c,
        {
          meta: { title: t('consent.page.title'), noindex: true },
          status: 400,
          body: (
            <CookiesPage
              t={t}
              locale={c.get('locale')}
              csrfToken={c.get('csrfToken')}
              current={current}
              rwSeconds={ctx.config.replicaMaxLag}
              error
            />
          ),
        },
        ctx,
      );
    }
    await decide(c, ctx, choice === 'accept', back === '/privacy/cookies' ? 'page' : 'banner');
    c.header('Cache-Control', 'no-store');
    return c.redirect(back, 303);
  });

  app.get('/privacy/cookies', async (c) => {
    const t = tOf(c);
    const current = await requestConsent(c, ctx);
    return renderPage(
      c,
      {
        meta: { title: t('consent.page.title'), url: `${ctx.config.publicUrl}/privacy/cookies` },
        body: (
          <CookiesPage
            t={t}
            locale={c.get('locale')}
            csrfToken={c.get('csrfToken')}
            current={current}
            rwSeconds={ctx.config.replicaMaxLag}
          />
        ),
      },
      ctx,
    );
  });
};
