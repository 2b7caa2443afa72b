/**
 * The top bar: logo, main links, search, cart, notifications and the account menu. On phones it
 * is one row (logo, search icon, cart, notifications, menu); what does not fit there (home and
 * local links, the language) moves into the account menu. The "acting as" switcher lives in the
 * menu at every width, where a brand's whole name fits; the menu's button names the brand acted for.
 */
import type { Child } from 'hono/jsx';
import type { Locale, T } from './i18n';
import type { PageViewer } from './layout';

/** Each language named in itself, so screen readers announce it in the right voice. */
export const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English' };

type Viewer = NonNullable<PageViewer>;

const isCurrent = (href: string, path: string | undefined) =>
  path !== undefined && (path === href || path.startsWith(`${href}?`) || path.startsWith(`${href}/`));

const navLink = (href: string, label: Child, path: string | undefined, cls?: string, extra?: Child) => (
  <a href={href} class={cls} aria-current={isCurrent(href, path) ? 'page' : undefined}>
    {label}
    {extra}
  </a>
);

const svg = (d: string) => (
  <svg class="icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
    <path d={d} fill="none" stroke="currentColor" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
);
const ICON_SEARCH = 'M10.5 18a7.5 7.5 0 1 1 0-15 7.5 7.5 0 0 1 0 15zM16 16l5 5';
const ICON_CART = 'M3 4h2l2.2 11h11.3L21 7H6.2M9.5 20a1 1 0 1 0 0-.01M17.5 20a1 1 0 1 0 0-.01';
const ICON_BELL = 'M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15zM10 20.5a2 2 0 0 0 4 0';

/**
 * The cart link with its count. The same markup answers /cart/badge: after an add-to-cart the
 * server sends a `cart-changed` event and htmx swaps this link for a fresh one.
 */
export const CartLink = ({ t, count, path }: { t: T; count: number; path?: string }) => (
  <a
    id="cart-link"
    class="topbar-icon topbar-cart"
    href="/cart"
    aria-current={isCurrent('/cart', path) ? 'page' : undefined}
    hx-get="/cart/badge"
    hx-trigger="cart-changed from:body"
    hx-swap="outerHTML"
    title={t('nav.cart')}
  >
    {svg(ICON_CART)}
    <span class="visually-hidden">{t('nav.cart_label', { count })}</span>
    <span class="badge badge-count" id="cart-count" data-count={String(count)} aria-hidden="true">
      {count > 0 ? String(count) : ''}
    </span>
  </a>
);

const ActingAs = ({ viewer, csrfToken, here, t, cls }: HeaderProps & { cls: string }) => {
  const v = viewer as Viewer;
  if (!v.actingOptions || v.actingOptions.length === 0) return null;
  const id = 'acting-as-select';
  return (
    <form method="post" action="/acting-as" class={`acting-as${v.actingFor ? ' is-brand' : ''} ${cls}`}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="next" value={here} />
      <label for={id}>{t('acting.label')}</label>
      <select id={id} name="account" data-autosubmit="">
        <option value="self" selected={!v.actingFor}>
          {t('acting.self', { name: v.displayName || v.username })}
        </option>
        {v.actingOptions.map((brand) => (
          <option value={brand.username} selected={v.actingFor?.username === brand.username}>
            {brand.displayName || brand.username}
          </option>
        ))}
      </select>
      <button type="submit" class="button secondary small" data-autosubmit-hide="">
        {t('acting.switch')}
      </button>
    </form>
  );
};

const LanguageForm = ({ locale, csrfToken, here, t, cls, label }: HeaderProps & { cls: string; label?: Child }) => {
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  return (
    <form method="post" action="/settings/language" class={`inline ${cls}`}>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="next" value={here} />
      {label ? (
        <button type="submit" class="link" lang={other}>
          {label}
        </button>
      ) : (
        <button
          type="submit"
          lang={other}
          aria-label={`${other.toUpperCase()} – ${LANGUAGE_NAMES[other]}`}
          title={t('lang.switch_to')}
        >
          {other.toUpperCase()}
        </button>
      )}
    </form>
  );
};

/** The name on the menu button: the brand acted for, else the person. */
const accountName = (viewer: Viewer) =>
  viewer.actingFor ? viewer.actingFor.displayName : viewer.displayName || viewer.username;

const AccountMenu = (props: HeaderProps) => {
  const { t, csrfToken, locale } = props;
  const viewer = props.viewer as Viewer;
  const teams = viewer.teams ?? [];
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  return (
    <details class="menu">
      <summary aria-label={`${accountName(viewer)} – ${t('nav.account_menu')}`}>
        {viewer.avatarUrl ? (
          <img class="avatar avatar-xs" src={viewer.avatarUrl} alt="" width="28" height="28" />
        ) : null}
        <span class="menu-name">{accountName(viewer)}</span>
      </summary>
      <div class="menu-panel">
        <p class="menu-who">
          <strong>{viewer.displayName || viewer.username}</strong>
          <span class="handle">@{viewer.username}</span>
        </p>
        <ActingAs {...props} cls="menu-acting" />
        <a href="/home" class="phone-only">
          {t('nav.home')}
        </a>
        <a href="/local" class="phone-only">
          {t('nav.local')}
        </a>
        <a href="/places" class="phone-only">
          {t('places.nav')}
        </a>
        <a href={`/@${viewer.username}`}>{t('nav.profile')}</a>
        {viewer.actingFor ? (
          <a href={`/@${viewer.actingFor.username}`}>{t('nav.brand_page', { name: viewer.actingFor.displayName })}</a>
        ) : null}
        <p class="menu-group">{t('nav.shopping')}</p>
        <a href="/orders">{t('nav.my_orders')}</a>
        <a href="/cart">{t('nav.cart_label', { count: viewer.cartCount ?? 0 })}</a>
        <a href="/me/reviews">{t('nav.my_reviews')}</a>
        <a href="/me/codes">{t('places.nav_codes')}</a>
        <a href="/settings/payment-methods">{t('nav.saved_cards')}</a>
        <a href="/settings/addresses">{t('nav.addresses')}</a>
        {teams.length > 0 ? <p class="menu-group">{t('nav.teams')}</p> : null}
        {teams.map((b) => (
          <a href={`/brands/${b.username}/manage`} class="menu-manage">
            {t('nav.manage_brand', { name: b.displayName || b.username })}
          </a>
        ))}
        <p class="menu-group">{t('nav.account')}</p>
        <a href="/settings">{t('nav.settings')}</a>
        <a href="/moderation">{t('mod.nav')}</a>
        <a href="/brands/new">{t('nav.new_brand')}</a>
        <LanguageForm {...props} cls="menu-lang" label={`${t('nav.language')} : ${LANGUAGE_NAMES[other]}`} />
        <form method="post" action="/logout" class="inline">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <button type="submit" class="link">
            {t('nav.logout')}
          </button>
        </form>
      </div>
    </details>
  );
};

export type HeaderProps = {
  t: T;
  locale: Locale;
  viewer: PageViewer;
  csrfToken: string;
  path?: string;
  /** Where language and "acting as" switches come back to. */
  here: string;
};

export const Header = (props: HeaderProps) => {
  const { t, viewer, path, locale, here } = props;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const firstTeam = viewer?.teams?.[0];
  return (
    <header class={`topbar${viewer ? '' : ' is-visitor'}`}>
      <div class="topbar-inner">
        <a class="brandmark" href="/" aria-label={t('nav.brandmark')}>
          <svg class="brandmark-logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="8" fill="#9a3412" />
            <path d="M8.5 13.5h15l-1.6 10.2a2 2 0 0 1-2 1.8h-7.8a2 2 0 0 1-2-1.8z" fill="#fff7ed" />
            <path d="M12 13.5a4 4 0 0 1 8 0" fill="none" stroke="#fff7ed" stroke-width="2.2" stroke-linecap="round" />
          </svg>
          <span class="brandmark-name">Comptoir</span>
        </a>
        <nav class="topnav" aria-label={t('nav.label')}>
          {viewer ? (
            <>
              {navLink('/home', t('nav.home'), path, 'wide-only')}
              {navLink('/local', t('nav.local'), path, 'wide-only')}
              {navLink('/places', t('places.nav'), path, 'wide-only')}
              {firstTeam
                ? navLink(`/brands/${firstTeam.username}/manage`, t('nav.backoffice'), path, 'wide-only topnav-manage')
                : null}
              {navLink(
                '/notifications',
                <>
                  {svg(ICON_BELL)}
                  <span class="topnav-label">{t('nav.notifications')}</span>
                </>,
                path,
                'topnav-notifications',
                <span class="badge badge-count" id="unread-count" data-count={String(viewer.unread)} aria-live="polite">
                  {viewer.unread > 0 ? String(viewer.unread) : ''}
                </span>,
              )}
            </>
          ) : (
            <>
              {navLink('/local', t('nav.local'), path, 'wide-only')}
              {navLink('/places', t('places.nav'), path, 'wide-only')}
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
        <a class="topbar-icon topbar-search-link" href="/search" title={t('search.submit')}>
          {svg(ICON_SEARCH)}
          <span class="visually-hidden">{t('search.submit')}</span>
        </a>
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
          {viewer ? (
            <LanguageForm {...props} cls="lang-switch wide-only" />
          ) : (
            <a
              class="lang-switch"
              href={`/lang?to=${other}&next=${encodeURIComponent(here)}`}
              hreflang={other}
              lang={other}
              aria-label={`${other.toUpperCase()} – ${LANGUAGE_NAMES[other]}`}
              title={t('lang.switch_to')}
            >
              {other.toUpperCase()}
            </a>
          )}
          {viewer ? <CartLink t={t} count={viewer.cartCount ?? 0} path={path} /> : null}
          {viewer ? <AccountMenu {...props} /> : null}
        </div>
      </div>
    </header>
  );
};
