import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Locale, T } from './i18n';

export type PageMeta = {
  title: string;
  description?: string;
  /** Absolute URL of this page, for Open Graph. */
  url?: string;
  image?: string;
  type?: 'website' | 'profile' | 'article' | 'product';
  /** Alternate links (RSS/Atom feeds) and other head extras. */
  head?: Child;
  noindex?: boolean;
};

/** An account the viewer may act as (themselves or one of their brands), for the topbar switcher. */
export type ActingOption = { id: string; username: string; displayName: string };

export type PageViewer = {
  /** Present when built by renderPage; optional so hand-built viewers stay valid. */
  id?: string;
  username: string;
  displayName: string;
  avatarUrl?: string;
  unread: number;
  actingFor?: { id?: string; username: string; displayName: string } | null;
  /** Brands this person may post for; the switcher shows only when there is at least one. */
  actingOptions?: ActingOption[];
} | null;

export type LayoutProps = {
  meta: PageMeta;
  locale: Locale;
  t: T;
  viewer: PageViewer;
  csrfToken: string;
  /** Inline CSS custom properties, e.g. a brand's colours on its page. */
  theme?: Record<string, string>;
  /** Path and query of this page: marks the current nav link and brings language switches back here. */
  path?: string;
  children?: Child;
};

const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#9a3412"/><path d="M9 13h14l-1.5 10h-11z" fill="#fff7ed"/><path d="M12 13a4 4 0 0 1 8 0" fill="none" stroke="#fff7ed" stroke-width="2"/></svg>',
)}`;

/** Each language named in itself, so screen readers announce it in the right voice. */
const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English' };

const navLink = (href: string, label: Child, path: string | undefined, extra?: Child) => {
  const current = path !== undefined && (path === href || path.startsWith(`${href}?`) || path.startsWith(`${href}/`));
  return (
    <a href={href} aria-current={current ? 'page' : undefined}>
      {label}
      {extra}
    </a>
  );
};

/**
 * The page shell. Pages render fully on the server and work without JavaScript; htmx and our
 * small script only enhance them (live updates, in-place likes). The CSRF token rides on
 * <body hx-headers> for htmx requests and in hidden fields of every form.
 */
export const Layout: FC<LayoutProps> = ({ meta, locale, t, viewer, csrfToken, theme, path, children }) => {
  const style = theme
    ? Object.entries(theme)
        .map(([k, v]) => `${k}:${v}`)
        .join(';')
    : undefined;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const here = path ?? '/';
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${meta.title} · Comptoir`}</title>
          {meta.description ? <meta name="description" content={meta.description} /> : null}
          {meta.noindex ? <meta name="robots" content="noindex" /> : null}
          <meta name="theme-color" content="#9a3412" />
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
          <link rel="icon" href={ICON} />
          {meta.head}
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/htmx.min.js" defer></script>
          <script src="/static/app.js" defer></script>
          <script src="/static/shop.js" defer></script>
        </head>
        <body
          hx-headers={JSON.stringify({ 'X-CSRF-Token': csrfToken })}
          style={style}
          data-live={viewer ? 'user' : 'public'}
        >
          <a class="skip" href="#main">
            {t('nav.skip')}
          </a>
          <header class="topbar">
            <div class="topbar-inner">
              <a class="brandmark" href="/" aria-label={t('nav.brandmark')}>
                <svg class="brandmark-logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                  <rect width="32" height="32" rx="8" fill="#9a3412" />
                  <path d="M8.5 13.5h15l-1.6 10.2a2 2 0 0 1-2 1.8h-7.8a2 2 0 0 1-2-1.8z" fill="#fff7ed" />
                  <path
                    d="M12 13.5a4 4 0 0 1 8 0"
                    fill="none"
                    stroke="#fff7ed"
                    stroke-width="2.2"
                    stroke-linecap="round"
                  />
                </svg>
                <span class="brandmark-name">Comptoir</span>
              </a>
              <nav class="topnav" aria-label={t('nav.label')}>
                {viewer ? (
                  <>
                    {navLink('/home', t('nav.home'), path)}
                    {navLink('/local', t('nav.local'), path)}
                    {navLink(
                      '/notifications',
                      t('nav.notifications'),
                      path,
                      <span
                        class="badge badge-count"
                        id="unread-count"
                        data-count={String(viewer.unread)}
                        aria-live="polite"
                      >
                        {viewer.unread > 0 ? String(viewer.unread) : ''}
                      </span>,
                    )}
                  </>
                ) : (
                  <>
                    {navLink('/local', t('nav.local'), path)}
                    {navLink('/login', t('nav.login'), path)}
                  </>
                )}
              </nav>
              <form class="topbar-search" method="get" action="/search" role="search">
                <label for="topbar-search-q" class="visually-hidden">
                  {t('search.box_label')}
                </label>
                <input
                  id="topbar-search-q"
                  type="search"
                  name="q"
                  placeholder={t('search.box_placeholder')}
                  maxlength={600}
                />
                <button type="submit" class="visually-hidden">
                  {t('search.submit')}
                </button>
              </form>
              <div class="topbar-tools">
                {viewer ? null : (
                  <a
                    class="button primary small topbar-signup"
                    href="/signup"
                    aria-current={path === '/signup' ? 'page' : undefined}
                  >
                    {t('nav.signup')}
                  </a>
                )}
                {viewer?.actingOptions && viewer.actingOptions.length > 0 ? (
                  <form method="post" action="/acting-as" class={`acting-as${viewer.actingFor ? ' is-brand' : ''}`}>
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <input type="hidden" name="next" value={here} />
                    <label for="acting-as-select">{t('acting.label')}</label>
                    <select id="acting-as-select" name="account" data-autosubmit="">
                      <option value="self" selected={!viewer.actingFor}>
                        {t('acting.self', { name: viewer.displayName || viewer.username })}
                      </option>
                      {viewer.actingOptions.map((brand) => (
                        <option value={brand.username} selected={viewer.actingFor?.username === brand.username}>
                          {brand.displayName || brand.username}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="button secondary small" data-autosubmit-hide="">
                      {t('acting.switch')}
                    </button>
                  </form>
                ) : null}
                {viewer ? (
                  <form method="post" action="/settings/language" class="inline lang-switch">
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <input type="hidden" name="locale" value={other} />
                    <input type="hidden" name="next" value={here} />
                    <button type="submit" lang={other} aria-label={LANGUAGE_NAMES[other]} title={t('lang.switch_to')}>
                      {other.toUpperCase()}
                    </button>
                  </form>
                ) : (
                  <a
                    class="lang-switch"
                    href={`/lang?to=${other}&next=${encodeURIComponent(here)}`}
                    hreflang={other}
                    lang={other}
                    aria-label={LANGUAGE_NAMES[other]}
                    title={t('lang.switch_to')}
                  >
                    {other.toUpperCase()}
                  </a>
                )}
                {viewer ? (
                  <details class="menu">
                    <summary aria-label={t('nav.account_menu')}>
                      {viewer.avatarUrl ? (
                        <img class="avatar avatar-xs" src={viewer.avatarUrl} alt="" width="28" height="28" />
                      ) : null}
                      <span class="menu-name">
                        {viewer.actingFor ? viewer.actingFor.displayName : viewer.displayName || viewer.username}
                      </span>
                    </summary>
                    <div class="menu-panel">
                      <p class="menu-who">
                        <strong>{viewer.displayName || viewer.username}</strong>
                        <span class="handle">@{viewer.username}</span>
                      </p>
                      <a href={`/@${viewer.username}`}>{t('nav.profile')}</a>
                      {viewer.actingFor ? (
                        <a href={`/@${viewer.actingFor.username}`}>
                          {t('nav.brand_page', { name: viewer.actingFor.displayName })}
                        </a>
                      ) : null}
                      <a href="/settings">{t('nav.settings')}</a>
                      <a href="/moderation">{t('mod.nav')}</a>
                      <a href="/brands/new">{t('nav.new_brand')}</a>
                      <form method="post" action="/logout" class="inline">
                        <input type="hidden" name="_csrf" value={csrfToken} />
                        <button type="submit" class="link">
                          {t('nav.logout')}
                        </button>
                      </form>
                    </div>
                  </details>
                ) : null}
              </div>
            </div>
          </header>
          <div
            id="live-announcer"
            class="visually-hidden"
            aria-live="polite"
            data-msg-status={t('live.new_status')}
            data-msg-notification={t('live.new_notification')}
          ></div>
          <main id="main" class="page" tabindex={-1}>
            {children}
          </main>
          <footer class="footer">
            <p>
              <span>{t('footer.tagline')}</span>
              <a href="/local">{t('nav.local')}</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
};
