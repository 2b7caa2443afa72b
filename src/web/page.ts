/**
 * One call renders any page in the shell: `return renderPage(c, { meta, body })`. It looks up
 * what the topbar needs about the viewer (names, unread notifications, the brand they act for)
 * so the modules' pages do not each repeat it.
 */
import type { Context } from 'hono';
import { jsx, type Child } from 'hono/jsx';
import type { AppContext } from '../context';
import { brandsOf, getAccounts, roleAllows, type Account } from '../modules/accounts';
import type { BrandRole } from '../modules/accounts';
import { cartCount } from '../modules/commerce';
import { unreadCount } from '../modules/social';
import { requestConsent } from '../modules/privacy';
import type { AppEnv } from '../http/types';
import { avatarSrc, ErrorPanel } from './components';
import { translator, type Locale, type T } from './i18n';
import { Layout, type PageMeta, type PageViewer } from './layout';

type Ctx = Context<AppEnv>;
type StatusCode = 200 | 201 | 400 | 401 | 402 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

/** The translator for this request's language. */
export const tOf = (c: Ctx): T => translator(c.get('locale'));
export const localeOf = (c: Ctx): Locale => c.get('locale');

export type RenderOptions = {
  meta: PageMeta;
  /** CSS custom properties on <body>, e.g. brandTheme(account). */
  theme?: Record<string, string>;
  body: Child;
  status?: StatusCode;
};

/** Builds the topbar's picture of the signed-in person; null for visitors. */
export async function pageViewer(c: Ctx, db: AppContext['db']): Promise<PageViewer> {
  const viewer = c.get('viewer');
  if (!viewer) return null;
  // Pages act as the brand the session switched to: its notifications are the ones that count.
  const noticed = viewer.actingForId ?? viewer.accountId;
  // Independent reads, side by side: the brands the person is on the team of (with their role,
  // for the switcher, the menu's "Manage" entries and the back-office), the unread count, the cart.
  const [brands, unread, inCart, accounts] = await Promise.all([
    brandsOf({ db }, viewer.accountId),
    unreadCount({ db }, noticed),
    cartCount(db, viewer.accountId),
    getAccounts({ db }, [viewer.accountId]),
  ]);
  const me = accounts.get(viewer.accountId);
  if (!me) return null;
  const mayPost = (role: BrandRole) => roleAllows(role, 'post');
  const actingOptions = brands
    .filter((m) => mayPost(m.role))
    .map((m) => ({ id: m.brand.id, username: m.brand.username, displayName: m.brand.displayName }));
  const acting = viewer.actingForId ? (actingOptions.find((b) => b.id === viewer.actingForId) ?? null) : null;
  return {
    id: me.id,
    username: me.username,
    displayName: me.displayName,
    avatarUrl: avatarSrc(me, 'xs'),
    unread,
    actingFor: acting,
    actingOptions,
    cartCount: inCart,
    teams: brands.map((m) => ({ username: m.brand.username, displayName: m.brand.displayName, role: m.role })),
  };
}

function contextOf(c: Ctx): AppContext | null {
  return c.get('app') ?? null;
}

/**
 * Renders `body` inside the Layout with the viewer's topbar, in the request's language.
 * `ctx` is optional: createHttpApp puts the app context on every request.
 */
export async function renderPage(c: Ctx, options: RenderOptions, ctx?: AppContext): Promise<Response> {
  const app = ctx ?? contextOf(c);
  if (!app) throw new Error('renderPage needs the app context (set by createHttpApp)');
  const locale = c.get('locale');
  const t = translator(locale);
  const viewer = await pageViewer(c, app.db);
  const url = new URL(c.req.url);
  // The banner until a choice exists (this browser's, or the signed-in person's); the cookies page is its own answer.
  const askConsent = url.pathname !== '/privacy/cookies' && !(await requestConsent(c, app));
  const page = jsx(
    Layout,
    {
      meta: options.meta,
      locale,
      t,
      viewer,
      csrfToken: c.get('csrfToken'),
      theme: options.theme,
      path: url.pathname + url.search,
      askConsent,
    },
    options.body,
  );
  c.header('Cache-Control', 'private, no-cache');
  c.header('Vary', 'Cookie, Accept-Language');
  return c.html(page as unknown as string, options.status ?? 200);
}

/** A full error page (403, 404…) in the shell, with a way back. */
export function renderError(
  c: Ctx,
  status: StatusCode,
  message: string,
  ctx?: AppContext,
  title?: string,
): Promise<Response> {
  const t = tOf(c);
  const heading =
    title ?? (status === 403 ? t('error.forbidden') : status === 404 ? t('error.not_found') : t('error.title'));
  return renderPage(
    c,
    { meta: { title: heading, noindex: true }, status, body: jsx(ErrorPanel, { status, title: heading, message, t }) },
    ctx,
  );
}

// Brand colours ----------------------------------------------------------------------------

function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
};

/** Whichever of near-black or white reads better on `hex`. */
export function readableOn(hex: string): string {
  return contrast(hex, '#ffffff') >= contrast(hex, '#1c1917') ? '#ffffff' : '#1c1917';
}

/**
 * The Layout `theme` for a brand's pages: its charter colours plus a text colour that stays
 * readable on each (brands pick any colour; WCAG AA must hold whatever they pick).
 */
export function brandTheme(account: Pick<Account, 'primaryColor' | 'accentColor'>): Record<string, string> | undefined {
  const theme: Record<string, string> = {};
  const valid = (v: string | null) => (v && /^#[0-9a-f]{6}$/i.test(v) ? v.toLowerCase() : null);
  const primary = valid(account.primaryColor);
  const accent = valid(account.accentColor);
  if (primary) {
    theme['--brand-primary'] = primary;
    theme['--brand-on-primary'] = readableOn(primary);
  }
  if (accent) {
    theme['--brand-accent'] = accent;
    theme['--brand-on-accent'] = readableOn(accent);
  }
  return Object.keys(theme).length ? theme : undefined;
}

/** Where to send people who must log in first, coming back to this page afterwards. */
export function loginRedirect(c: Ctx) {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
}

/**
 * A same-site path to go back to after login or a preference change; anything else (other
 * hosts, `//evil.com`, `/\evil.com`, schemes) gives the fallback.
 */
export function safeNext(next: unknown, fallback = '/home'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  try {
    const base = 'http://comptoir.invalid';
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
