/**
 * Small pieces every page shares. They only render markup with the classes documented at the
 * top of static/app.css; they hold no logic beyond formatting.
 */
import type { Child, FC } from 'hono/jsx';
import type { T } from './i18n';

export {
  Button,
  ButtonLink,
  type ButtonVariant,
  CsrfField,
  ErrorSummary,
  FormField,
  SelectField,
} from './form-components';
export { fullDateText, PAGE_TIME_ZONE, RelativeTime, relativeTimeText, todayInPageZone } from './relative-time';

// Avatars ---------------------------------------------------------------------------------

export type AvatarAccount = { username: string; displayName?: string; avatarPath?: string | null };
export type AvatarSize = 'xs' | 'sm' | 'md' | 'lg' | 'xl';
const AVATAR_PX: Record<AvatarSize, number> = { xs: 28, sm: 40, md: 48, lg: 96, xl: 128 };

/** URL of an uploaded image (relative, so it works whatever the public URL). */
export const mediaSrc = (path: string) => `/media/${path}`;

/** The small (96 px) version storeImage writes next to every image. */
export const previewPathOf = (path: string) => path.replace(/\.webp$/, '-preview.webp');

export function avatarSrc(account: AvatarAccount, size: AvatarSize = 'md'): string {
  if (!account.avatarPath) return '/static/avatar.svg';
  return mediaSrc(AVATAR_PX[size] <= 96 ? previewPathOf(account.avatarPath) : account.avatarPath);
}

export function headerSrc(account: { headerPath?: string | null }): string {
  return account.headerPath ? mediaSrc(account.headerPath) : '/static/header.svg';
}

/**
 * An account's picture. The alt text is empty by default because the name is nearly always
 * written right beside it; pass `alt` when the image stands alone.
 */
export const Avatar: FC<{ account: AvatarAccount; size?: AvatarSize; alt?: string; class?: string }> = ({
  account,
  size = 'md',
  alt = '',
  class: extra,
}) => (
  <img
    class={`avatar avatar-${size}${extra ? ` ${extra}` : ''}`}
    src={avatarSrc(account, size)}
    alt={alt}
    width={String(AVATAR_PX[size])}
    height={String(AVATAR_PX[size])}
    loading="lazy"
    decoding="async"
  />
);

// Messages ----------------------------------------------------------------------------------

/** A notice above the content. Errors are announced at once, the rest politely. */
export const Flash: FC<{ kind?: 'success' | 'error' | 'info' | 'warning'; title?: Child; children?: Child }> = ({
  kind = 'info',
  title,
  children,
}) => (
  <div class={`flash flash-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    {title ? <p class="flash-title">{title}</p> : null}
    {children}
  </div>
);

/** The body of an error page (403, 404…), to pass to renderPage. */
export const ErrorPanel: FC<{ status: number; title: string; message: string; t: T }> = ({
  status,
  title,
  message,
  t,
}) => (
  <section class="card narrow error-panel">
    <p class="error-code" aria-hidden="true">
      {String(status)}
    </p>
    <h1>{title}</h1>
    <p>{message}</p>
    <p class="actions">
      <a class="button secondary" href="/">
        {t('error.back_home')}
      </a>
    </p>
  </section>
);

// Paging and time -----------------------------------------------------------------------------

/**
 * Keyset paging links (`?max_id=` for older, `?since_id=` for newer). `hx-boost` is left to the
 * page; without JavaScript they are plain links.
 */
export const Pagination: FC<{ t: T; newer?: string | null; older?: string | null }> = ({ t, newer, older }) => {
  if (!newer && !older) return null;
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      {newer ? (
        <a class="button secondary" href={newer} rel="prev">
          <span aria-hidden="true">← </span>
          {t('pagination.newer')}
        </a>
      ) : (
        <span></span>
      )}
      {older ? (
        <a class="button secondary" href={older} rel="next">
          {t('pagination.older')}
          <span aria-hidden="true"> →</span>
        </a>
      ) : null}
    </nav>
  );
};

/** A single "more" link, e.g. at the bottom of a timeline. */
export const PaginationLink: FC<{ href: string; rel?: 'next' | 'prev'; children?: Child }> = ({
  href,
  rel = 'next',
  children,
}) => (
  <a class="pagination-link button secondary" href={href} rel={rel}>
    {children}
  </a>
);

/**
 * A keyboard-first page's shortcuts in a dialog (the `?` key opens it): the moderation console and
 * the inbox. `keys` pairs a key with its already translated meaning.
 */
export const ShortcutsDialog: FC<{ id: string; title: string; close: string; keys: [string, string][] }> = ({
  id,
  title,
  close,
  keys,
}) => (
  <dialog id={id} class="mod-help" aria-labelledby={`${id}-title`}>
    <h2 id={`${id}-title`}>{title}</h2>
    <dl>
      {keys.map(([key, label]) => (
        <div>
          <dt>
            <kbd>{key}</kbd>
          </dt>
          <dd>{label}</dd>
        </div>
      ))}
    </dl>
    <form method="dialog">
      <button type="submit" class="button secondary small">
        {close}
      </button>
    </form>
  </dialog>
);
