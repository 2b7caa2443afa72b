/**
 * A brand's back-office: the sections its team works in, listed once here, and the navigation
 * every admin page shares (a side bar on desktop, a disclosure menu on phones). The Layout draws
 * it around any page under /brands/:username/ when the viewer is on that brand's team, so the
 * modules' pages do not each carry their own tab bar.
 *
 * A module that adds a section later (inbox, places, campaigns) calls addBackofficeSection() from
 * its link or routes file; the entry then shows for the roles its permission allows.
 */
import type { Child } from 'hono/jsx';
import { roleAllows, type BrandRole, type Permission } from '../modules/accounts';
import type { MessageKey, T } from './i18n';

export type BackofficeLink = {
  /** The page's path under /brands/:username/ (no leading slash). */
  path: string;
  label: MessageKey;
  /** The team permission the page itself checks: the link shows only to roles that have it. */
  permission: Permission;
};

export type BackofficeSection = BackofficeLink & {
  key: string;
  /** Where it sits in the list (overview 0; gaps of 10 leave room for later sections). */
  order: number;
  /** Other paths that belong to the section (a form's POST target, a sub-page). */
  also?: string[];
  /** Sub-pages listed under the section while it is open. */
  children?: BackofficeLink[];
};

const sections: BackofficeSection[] = [
  { key: 'overview', order: 0, path: 'manage', label: 'bo.overview', permission: 'read' },
  {
    key: 'catalog',
    order: 10,
    path: 'products',
    label: 'bo.catalog',
    permission: 'manageCatalog',
    also: ['collections', 'catalog'],
    children: [
      { path: 'products/new', label: 'bo.catalog_new', permission: 'manageCatalog' },
      { path: 'catalog/import', label: 'bo.catalog_import', permission: 'manageCatalog' },
    ],
  },
  { key: 'orders', order: 20, path: 'orders', label: 'bo.orders', permission: 'orders' },
  { key: 'reviews', order: 30, path: 'reviews', label: 'bo.reviews', permission: 'read' },
  {
    key: 'moderation',
    order: 50,
    path: 'moderation',
    label: 'bo.moderation',
    permission: 'moderate',
    children: [{ path: 'moderation/audit', label: 'bo.moderation_audit', permission: 'moderate' }],
  },
  { key: 'listening', order: 60, path: 'watches', label: 'bo.listening', permission: 'read' },
  { key: 'team', order: 80, path: 'team', label: 'bo.team', permission: 'read' },
  { key: 'charter', order: 90, path: 'moderation/policy', label: 'bo.charter', permission: 'read' },
  { key: 'settings', order: 100, path: 'settings', label: 'bo.settings', permission: 'editProfile' },
];

/** Adds (or replaces, by key) a section of every brand's back-office. */
export function addBackofficeSection(section: BackofficeSection): void {
  const at = sections.findIndex((s) => s.key === section.key);
  if (at >= 0) sections.splice(at, 1);
  sections.push(section);
  sections.sort((a, b) => a.order - b.order);
}

/** The sections a role may open, in order. */
export function sectionsFor(role: BrandRole): BackofficeSection[] {
  return sections.filter((s) => roleAllows(role, s.permission));
}

export type BackofficeTeam = { username: string; displayName: string; role: BrandRole };

export type BackofficeHere = {
  brand: BackofficeTeam;
  /** The open section's key and the exact link (section or sub-page) of this page, if any. */
  section: string | null;
  link: string | null;
};

const within = (rest: string, path: string) => rest === path || rest.startsWith(`${path}/`);

/**
 * Whether `path` is one of a brand's admin pages and the viewer is on that brand's team (null
 * otherwise: the public, a stranger, or a page outside the back-office).
 */
export function backofficeHere(path: string | undefined, teams: readonly BackofficeTeam[]): BackofficeHere | null {
  const m = /^\/brands\/([^/?#]+)\/([^?#]*)/.exec(path ?? '');
  if (!m) return null;
  const username = decodeURIComponent(m[1]).toLowerCase();
  const brand = teams.find((b) => b.username.toLowerCase() === username);
  if (!brand) return null;
  const rest = m[2].replace(/\/$/, '');
  // The longest matching path wins: moderation/policy is the charter, not the moderation queue.
  let best: { section: string; link: string | null; length: number } | null = null;
  for (const s of sections) {
    const candidates: { path: string; link: string | null }[] = [
      { path: s.path, link: s.path },
      ...(s.also ?? []).map((p) => ({ path: p, link: null })),
      ...(s.children ?? []).map((c) => ({ path: c.path, link: c.path })),
    ];
    for (const c of candidates) {
      if (within(rest, c.path) && (!best || c.path.length > best.length)) {
        best = { section: s.key, link: rest === c.path ? c.link : null, length: c.path.length };
      }
    }
  }
  if (!best) return null;
  return { brand, section: best.section, link: best.link };
}

const SectionList = ({ t, here }: { t: T; here: BackofficeHere }) => {
  const base = `/brands/${here.brand.username}`;
  const current = (path: string) => (here.link === path ? 'page' : undefined);
  return (
    <ul class="bo-list">
      {sectionsFor(here.brand.role).map((s) => {
        const open = here.section === s.key;
        const children = (s.children ?? []).filter((c) => roleAllows(here.brand.role, c.permission));
        return (
          <li class={open ? 'is-open' : undefined}>
            <a
              href={`${base}/${s.path}`}
              aria-current={current(s.path) ?? (open ? 'true' : undefined)}
              data-section={s.key}
            >
              {t(s.label)}
            </a>
            {open && children.length > 0 ? (
              <ul class="bo-sublist">
                {children.map((c) => (
                  <li>
                    <a href={`${base}/${c.path}`} aria-current={current(c.path)}>
                      {t(c.label)}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
      <li class="bo-public">
        <a href={`/@${here.brand.username}`}>{t('bo.public_page')}</a>
      </li>
    </ul>
  );
};

/** The page with the back-office navigation beside it (desktop) or above it in a menu (phones). */
export const BackofficeShell = ({ t, here, children }: { t: T; here: BackofficeHere; children?: Child }) => {
  const name = here.brand.displayName || here.brand.username;
  const open = sections.find((s) => s.key === here.section);
  return (
    <div class="bo">
      <nav class="bo-side" aria-label={t('bo.nav_label', { name })}>
        <p class="bo-title">
          <span class="bo-kicker">{t('bo.kicker')}</span>
          <a href={`/brands/${here.brand.username}/manage`}>{name}</a>
        </p>
        <SectionList t={t} here={here} />
      </nav>
      <details class="bo-menu">
        <summary>
          <span class="bo-menu-text">
            <span class="bo-kicker">{t('bo.kicker_short', { name })}</span>
            <span class="bo-menu-current">{open ? t(open.label) : t('bo.overview')}</span>
          </span>
        </summary>
        <nav aria-label={t('bo.nav_label', { name })}>
          <SectionList t={t} here={here} />
        </nav>
      </details>
      <div class="bo-main">{children}</div>
    </div>
  );
};
