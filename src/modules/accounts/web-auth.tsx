/**
 * Sign-up, log-in, log-out and the visitors' language switch.
 * Forms post back to their own URL and re-render with per-field errors (422), wrong
 * credentials (401) or a rate-limit notice (429), keeping what was typed except passwords.
 */
import { getCookie } from 'hono/cookie';
import type { RouteModule } from '../../http/app';
import { AppError } from '../../http/errors';
import { SESSION_COOKIE, clientIp } from '../../http/middleware';
import { readParams } from '../../http/params';
import { hitRateLimit } from '../../http/rate-limit';
import { CsrfField, ErrorSummary, Flash, FormField } from '../../web/components';
import type { T } from '../../web/i18n';
import { renderPage, safeNext, tOf } from '../../web/page';
import { recordSignInAttempt } from '../privacy';
import { authenticate, createSession, endSession, findByUsername, signUp, updateProfile } from './service';
import { checkEmail, checkPassword, checkText, checkUsername } from './validation';
import {
  check,
  clearSessionCookie,
  errorText,
  hasErrors,
  LANG_COOKIE,
  setLangCookie,
  setSessionCookie,
  text,
  type FieldErrors,
} from './web-shared';

type SignupValues = { username: string; display_name: string; email: string };

const SignupForm = ({ t, csrf, values, errors }: { t: T; csrf: string; values: SignupValues; errors: FieldErrors }) => (
  <section class="auth">
    <div class="card auth-card">
      <h1>{t('signup.title')}</h1>
      <p class="lead">{t('signup.lead')}</p>
      <ErrorSummary title={t('form.errors_title')} errors={errors} />
      <form method="post" action="/signup" class="form" novalidate>
        <CsrfField token={csrf} />
        <FormField
          name="display_name"
          label={t('field.display_name')}
          value={values.display_name}
          error={errors.display_name}
          autocomplete="name"
          maxlength={60}
          required
        />
        <FormField
          name="username"
          label={t('field.username')}
          hint={t('field.username_hint')}
          value={values.username}
          error={errors.username}
          autocomplete="username"
          maxlength={30}
          pattern="[A-Za-z0-9_]{1,30}"
          spellcheck={false}
          required
        />
        <FormField
          name="email"
          type="email"
          label={t('field.email')}
          value={values.email}
          error={errors.email}
          autocomplete="email"
          inputmode="email"
          required
        />
        <FormField
          name="password"
          type="password"
          label={t('field.password')}
          hint={t('field.password_hint')}
          error={errors.password}
          autocomplete="new-password"
          minlength={8}
          required
        />
        <button type="submit" class="button primary block">
          {t('signup.submit')}
        </button>
      </form>
      <p class="auth-switch">
        {t('signup.have_account')} <a href="/login">{t('nav.login')}</a>
      </p>
    </div>
  </section>
);

const LoginForm = ({
  t,
  csrf,
  identifier,
  next,
  lang,
  error,
}: {
  t: T;
  csrf: string;
  identifier: string;
  next: string;
  /** A language chosen on this page (`?lang=`), saved as the account's on log-in. */
  lang?: string;
  error?: string;
}) => (
  <section class="auth">
    <div class="card auth-card">
      <h1>{t('login.title')}</h1>
      <p class="lead">{t('login.lead')}</p>
      {error ? (
        <Flash kind="error">
          <p id="login-error">{error}</p>
        </Flash>
      ) : null}
      <form method="post" action="/login" class="form">
        <CsrfField token={csrf} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        {lang ? <input type="hidden" name="lang" value={lang} /> : null}
        <FormField
          name="identifier"
          label={t('field.identifier')}
          value={identifier}
          autocomplete="username"
          spellcheck={false}
          required
          autofocus={!identifier}
        />
        <FormField
          name="password"
          type="password"
          label={t('field.password')}
          autocomplete="current-password"
          required
          autofocus={Boolean(identifier)}
        />
        <button type="submit" class="button primary block">
          {t('login.submit')}
        </button>
      </form>
      <p class="auth-switch">
        {t('login.no_account')} <a href="/signup">{t('nav.signup')}</a>
      </p>
    </div>
  </section>
);

export const authPages: RouteModule = (app, ctx) => {
  // Sign-up ------------------------------------------------------------------------------
  app.get('/signup', async (c) => {
    if (c.get('viewer')) return c.redirect('/home', 303);
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('signup.title') },
        body: (
          <SignupForm
            t={t}
            csrf={c.get('csrfToken')}
            values={{ username: '', display_name: '', email: '' }}
            errors={{}}
          />
        ),
      },
      ctx,
    );
  });

  app.post('/signup', async (c) => {
    const t = tOf(c);
    const params = await readParams(c);
    const values: SignupValues = {
      username: text(params, 'username').trim().replace(/^@/, ''),
      display_name: text(params, 'display_name'),
      email: text(params, 'email').trim(),
    };
    const password = text(params, 'password');
    const show = (errors: FieldErrors, status: 422 | 429) =>
      renderPage(
        c,
        {
          meta: { title: t('signup.title'), noindex: true },
          status,
          body: <SignupForm t={t} csrf={c.get('csrfToken')} values={values} errors={errors} />,
        },
        ctx,
      );
    try {
      await hitRateLimit(ctx.db, `signup:ip:${clientIp(c)}`, ctx.config.rateLimits.signup);
    } catch (error) {
      if (error instanceof AppError && error.status === 429) {
        c.header('Retry-After', String(error.details?.retry_after ?? 60));
        return show({ _form: errorText(t, error) }, 429);
      }
      throw error;
    }
    // Check every field first, so all the problems show at once.
    const errors: FieldErrors = {};
    if (!values.display_name.trim()) errors.display_name = t('error.required');
    else await check(t, errors, 'display_name', () => checkText('display_name', values.display_name, 60));
    await check(t, errors, 'username', () => checkUsername(values.username));
    await check(t, errors, 'email', () => checkEmail(values.email));
    await check(t, errors, 'password', () => checkPassword(password));
    if (!errors.username && (await findByUsername(ctx, values.username))) errors.username = t('error.username_taken');
    if (hasErrors(errors)) return show(errors, 422);
    const account = await check(t, errors, null, () =>
      signUp(ctx, {
        username: values.username,
        email: values.email,
        password,
        displayName: values.display_name.trim(),
        locale: c.get('locale'),
      }),
    );
    if (!account) return show(errors, 422);
    setSessionCookie(c, ctx, await createSession(ctx, account.id));
    return c.redirect('/home', 303);
  });

  // Log-in -------------------------------------------------------------------------------
  app.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'), '');
    if (c.get('viewer')) return c.redirect(next || '/home', 303);
    const t = tOf(c);
    return renderPage(
      c,
      {
        meta: { title: t('login.title') },
        body: (
          <LoginForm t={t} csrf={c.get('csrfToken')} identifier="" next={next} lang={chosenLang(c.req.query('lang'))} />
        ),
      },
      ctx,
    );
  });

  app.post('/login', async (c) => {
    const t = tOf(c);
    const params = await readParams(c);
    const identifier = text(params, 'identifier').trim();
    const next = safeNext(text(params, 'next'), '');
    // The language chosen on the log-in page (its switch sets the cookie, `?lang=` the field).
    const lang = chosenLang(text(params, 'lang')) ?? chosenLang(getCookie(c, LANG_COOKIE));
    const show = (error: string, status: 401 | 403 | 429) =>
      renderPage(
        c,
        {
          meta: { title: t('login.title'), noindex: true },
          status,
          body: (
            <LoginForm t={t} csrf={c.get('csrfToken')} identifier={identifier} next={next} lang={lang} error={error} />
          ),
        },
        ctx,
      );
    try {
      await hitRateLimit(ctx.db, `login:ip:${clientIp(c)}`, ctx.config.rateLimits.login);
      await hitRateLimit(ctx.db, `login:id:${identifier.toLowerCase().replace(/^@/, '')}`, ctx.config.rateLimits.login);
      const attempt = { identifier, ip: clientIp(c), userAgent: c.req.header('user-agent') ?? '', at: ctx.clock.now() };
      const account = await authenticate(ctx, identifier, text(params, 'password')).catch(async (error: unknown) => {
        if (error instanceof AppError) await recordSignInAttempt(ctx.db, ctx.secret, { ...attempt, success: false });
        throw error;
      });
      await recordSignInAttempt(ctx.db, ctx.secret, { ...attempt, accountId: account.id, success: true });
      // A choice just made wins over the stored one, and becomes it (else the next page drops it).
      if (lang && lang !== account.locale) await updateProfile(ctx, account.id, { locale: lang });
      if (lang) setLangCookie(c, ctx, lang);
      // A fresh token on every log-in: no session fixation through a planted cookie.
      const old = getCookie(c, SESSION_COOKIE);
      if (old) await endSession(ctx, old);
      setSessionCookie(c, ctx, await createSession(ctx, account.id));
      return c.redirect(next || '/home', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 429) {
        c.header('Retry-After', String(error.details?.retry_after ?? 60));
        return show(errorText(t, error), 429);
      }
      if (error.status === 401) return show(t('error.invalid_credentials'), 401);
      if (error.code === 'account_suspended') return show(t('error.account_suspended'), 403);
      throw error;
    }
  });

  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await endSession(ctx, token);
    clearSessionCookie(c, ctx);
    return c.redirect('/', 303);
  });

  // Visitors' language: only a cookie, so a GET is harmless (accounts save theirs with a POST).
  app.get('/lang', (c) => {
    const to = c.req.query('to');
    if (to === 'fr' || to === 'en') setLangCookie(c, ctx, to);
    return c.redirect(withoutLangParam(safeNext(c.req.query('next'), '/')), 303);
  });
};

const chosenLang = (value: string | undefined): 'fr' | 'en' | undefined =>
  value === 'fr' || value === 'en' ? value : undefined;

/** Drops a `?lang=` override from a path, or it would win over the language just chosen. */
export function withoutLangParam(path: string): string {
  const url = new URL(path, 'http://comptoir.invalid');
  url.searchParams.delete('lang');
  return url.pathname + url.search + url.hash;
}
