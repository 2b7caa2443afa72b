import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { BrandRole } from '../modules/accounts';
import { ConsentBanner } from '../modules/privacy';
import { BackofficeShell, backofficeHere } from './backoffice';
import type { Locale, T } from './i18n';
import { Header } from './layout-header';

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
  /** The page is public and has a widget (embeds module): announce its oEmbed answer (needs `url`). */
  oembed?: boolean;
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
  /** Items in the cart, for the header's badge. */
  cartCount?: number;
  /** Brands whose team the person is on, with their role: the menu's "Manage" entries and the back-office. */
  teams?: { username: string; displayName: string; role: BrandRole }[];
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
  /** No consent choice to honour yet: the banner asks (privacy/consent). */
  askConsent?: boolean;
  children?: Child;
};

const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#9a3412"/><path d="M9 13h14l-1.5 10h-11z" fill="#fff7ed"/><path d="M12 13a4 4 0 0 1 8 0" fill="none" stroke="#fff7ed" stroke-width="2"/></svg>',
)}`;

/**
 * The page shell. Pages render fully on the server and work without JavaScript; htmx and our
 * small script only enhance them (live updates, in-place likes). The CSRF token rides on
 * <body hx-headers> for htmx requests and in hidden fields of every form.
 */
export const Layout: FC<LayoutProps> = ({ meta, locale, t, viewer, csrfToken, theme, path, askConsent, children }) => {
  const style = theme
    ? Object.entries(theme)
        .map(([k, v]) => `${k}:${v}`)
        .join(';')
    : undefined;
  const here = path ?? '/';
  // A brand's admin page, seen by its team: the back-office navigation goes around it.
  const backoffice = viewer ? backofficeHere(path, viewer.teams ?? []) : null;
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
          {meta.oembed && meta.url ? (
            <link
              rel="alternate"
              type="application/json+oembed"
              href={`${new URL(meta.url).origin}/api/oembed?url=${encodeURIComponent(meta.url)}&format=json`}
              title={meta.title}
            />
          ) : null}
          <link rel="icon" href={ICON} />
          {meta.head}
          <link rel="stylesheet" href="/static/app.css" />
          <script src="/static/htmx.min.js" defer></script>
          <script src="/static/app.js" defer></script>
          <script src="/static/shop.js" defer></script>
          {backoffice ? <script src="/static/backoffice.js" defer></script> : null}
        </head>
        <body
          hx-headers={JSON.stringify({ 'X-CSRF-Token': csrfToken })}
          style={style}
          data-live={viewer ? 'user' : 'public'}
        >
          <a class="skip" href="#main">
            {t('nav.skip')}
          </a>
          <Header t={t} locale={locale} viewer={viewer} csrfToken={csrfToken} path={path} here={here} />
          {askConsent ? <ConsentBanner t={t} csrfToken={csrfToken} back={here} /> : null}
          <div
            id="live-announcer"
            class="visually-hidden"
            aria-live="polite"
            data-msg-status={t('live.new_status')}
            data-msg-notification={t('live.new_notification')}
          ></div>
          <main id="main" class={backoffice ? 'page page-backoffice' : 'page'} tabindex={-1}>
            {backoffice ? (
              <BackofficeShell t={t} here={backoffice}>
                {children}
              </BackofficeShell>
            ) : (
              children
            )}
          </main>
          <footer class="footer">
            <p>
              <span>{t('footer.tagline')}</span>
              <a href="/local">{t('nav.local')}</a>
            </p>
            <p class="footer-legal">
              <a href="/legal/notice">{t('footer.legal_notice')}</a>
              <a href="/legal/privacy">{t('footer.privacy')}</a>
              <a href="/legal/terms">{t('footer.terms')}</a>
              <a href="/privacy/cookies">{t('footer.cookies')}</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
};
