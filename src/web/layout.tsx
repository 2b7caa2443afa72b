import type { Child, FC } from 'hono/jsx';
import type { Locale, T } from './i18n';

export type PageMeta = {
  title: string;
  description?: string;
  /** Absolute URL of this page, for Open Graph. */
  url?: string;
  image?: string;
  type?: 'website' | 'profile' | 'article';
  /** Alternate links (RSS/Atom feeds) and other head extras. */
  head?: Child;
  noindex?: boolean;
};

export type PageViewer = { username: string; displayName: string; unread: number; actingFor?: { username: string; displayName: string } | null } | null;

export type LayoutProps = {
  meta: PageMeta;
  locale: Locale;
  t: T;
  viewer: PageViewer;
  csrfToken: string;
  /** Inline CSS custom properties, e.g. a brand's colours on its page. */
  theme?: Record<string, string>;
  children?: Child;
};

/**
 * The page shell. Pages render fully on the server and work without JavaScript; htmx and our
 * small script only enhance them (live updates, in-place likes). The CSRF token rides on
 * <body hx-headers> for htmx requests and in hidden fields of every form.
 */
export const Layout: FC<LayoutProps> = ({ meta, locale, t, viewer, csrfToken, theme, children }) => {
  const style = theme ? Object.entries(theme).map(([k, v]) => `${k}:${v}`).join(';') : undefined;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${meta.title} · Comptoir`}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <meta property="og:site_name" content="Comptoir" />
        <meta property="og:title" content={meta.title} />
        <meta property="og:type" content={meta.type ?? 'website'} />
        {meta.url ? <meta property="og:url" content={meta.url} /> : null}
        {meta.description ? <meta property="og:description" content={meta.description} /> : null}
        {meta.image ? <meta property="og:image" content={meta.image} /> : null}
        <meta property="og:locale" content={locale === 'fr' ? 'fr_FR' : 'en_GB'} />
        <meta name="twitter:card" content={meta.image ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={meta.title} />
        {meta.description ? <meta name="twitter:description" content={meta.description} /> : null}
        {meta.image ? <meta name="twitter:image" content={meta.image} /> : null}
        {meta.url ? <link rel="canonical" href={meta.url} /> : null}
        {meta.head}
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ 'X-CSRF-Token': csrfToken })} style={style} data-live={viewer ? 'user' : 'public'}>
        <a class="skip" href="#main">{t('nav.skip')}</a>
        <header class="topbar">
          <a class="brandmark" href="/">Comptoir</a>
          <nav aria-label="Menu">
            {viewer ? (
              <>
                <a href="/home">{t('nav.home')}</a>
                <a href="/local">{t('nav.local')}</a>
                <a href="/notifications">
                  {t('nav.notifications')}
                  <span class="badge" id="unread-count" data-count={String(viewer.unread)} aria-live="polite">
                    {viewer.unread > 0 ? String(viewer.unread) : ''}
                  </span>
                </a>
                <a href={`/@${viewer.username}`}>{t('nav.profile')}</a>
                <a href="/settings">{t('nav.settings')}</a>
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" class="link">{t('nav.logout')}</button>
                </form>
              </>
            ) : (
              <>
                <a href="/local">{t('nav.local')}</a>
                <a href="/login">{t('nav.login')}</a>
                <a href="/signup">{t('nav.signup')}</a>
              </>
            )}
            <a href={`?lang=${locale === 'fr' ? 'en' : 'fr'}`} hreflang={locale === 'fr' ? 'en' : 'fr'} class="lang">
              {locale === 'fr' ? 'English' : 'Français'}
            </a>
          </nav>
        </header>
        <main id="main" class="page">
          {children}
        </main>
      </body>
    </html>
  );
};
