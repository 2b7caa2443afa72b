/**
 * Small pieces every page shares. They only render markup with the classes documented at the
 * top of static/app.css; they hold no logic beyond formatting.
 */
import type { Child, FC } from 'hono/jsx';
import type { Locale, T } from './i18n';

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

// Forms -------------------------------------------------------------------------------------

export const CsrfField: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

type FieldBase = {
  name: string;
  label: Child;
  /** Defaults to `field-<name>`. */
  id?: string;
  error?: string | null;
  hint?: Child;
  required?: boolean;
  class?: string;
};

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

const FieldShell: FC<{
  id: string;
  label: Child;
  hint?: Child;
  error?: string | null;
  required?: boolean;
  class?: string;
  children?: Child;
}> = ({ id, label, hint, error, required, class: extra, children }) => (
  <div class={`field${error ? ' has-error' : ''}${extra ? ` ${extra}` : ''}`}>
    <label for={id}>
      {label}
      {required ? (
        <span class="required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </label>
    {hint ? (
      <p class="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    ) : null}
    {children}
    {error ? (
      <p class="field-error" id={`${id}-error`}>
        {error}
      </p>
    ) : null}
  </div>
);

/**
 * A labelled input (or textarea) with its hint and error tied to it by aria-describedby.
 * `maxChars` on a textarea adds the live counter app.js drives.
 */
export const FormField: FC<
  FieldBase & {
    type?:
      | 'text'
      | 'email'
      | 'password'
      | 'url'
      | 'search'
      | 'number'
      | 'tel'
      | 'color'
      | 'file'
      | 'textarea'
      | 'date'
      | 'datetime-local';
    value?: string | null;
    placeholder?: string;
    autocomplete?: string;
    maxlength?: number;
    minlength?: number;
    pattern?: string;
    inputmode?: 'text' | 'email' | 'url' | 'numeric' | 'decimal' | 'search' | 'tel';
    accept?: string;
    rows?: number;
    maxChars?: number;
    autofocus?: boolean;
    spellcheck?: boolean;
  }
> = (props) => {
  const id = props.id ?? `field-${props.name}`;
  const common = {
    id,
    name: props.name,
    required: props.required || undefined,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': describedBy(id, props.hint, props.error),
    autofocus: props.autofocus || undefined,
    placeholder: props.placeholder,
  };
  let control: Child;
  if (props.type === 'textarea') {
    control = (
      <>
        <textarea
          {...common}
          rows={props.rows ?? 4}
          maxlength={props.maxlength}
          data-max-chars={props.maxChars !== undefined ? String(props.maxChars) : undefined}
          spellcheck={props.spellcheck === false ? false : undefined}
        >
          {props.value ?? ''}
        </textarea>
        {props.maxChars !== undefined ? <output class="char-count" for={id} aria-live="polite"></output> : null}
      </>
    );
  } else {
    control = (
      <input
        {...common}
        type={props.type ?? 'text'}
        value={props.type === 'password' || props.type === 'file' ? undefined : (props.value ?? undefined)}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        minlength={props.minlength}
        pattern={props.pattern}
        inputmode={props.inputmode}
        accept={props.accept}
        spellcheck={props.spellcheck === false ? false : undefined}
      />
    );
  }
  return (
    <FieldShell
      id={id}
      label={props.label}
      hint={props.hint}
      error={props.error}
      required={props.required}
      class={props.class}
    >
      {control}
    </FieldShell>
  );
};

export const SelectField: FC<FieldBase & { value?: string | null; options: { value: string; label: string }[] }> = (
  props,
) => {
  const id = props.id ?? `field-${props.name}`;
  return (
    <FieldShell
      id={id}
      label={props.label}
      hint={props.hint}
      error={props.error}
      required={props.required}
      class={props.class}
    >
      <select
        id={id}
        name={props.name}
        required={props.required || undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
};

/** A summary of a form's errors at its top, linking to each field (WCAG 3.3.1). */
export const ErrorSummary: FC<{ title: string; errors: Record<string, string | undefined>; idPrefix?: string }> = ({
  title,
  errors,
  idPrefix = 'field-',
}) => {
  const entries = Object.entries(errors).filter(([, message]) => message);
  if (entries.length === 0) return null;
  return (
    <div class="flash flash-error error-summary" role="alert" tabindex={-1}>
      <p class="flash-title">{title}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>{field === '_form' ? message : <a href={`#${idPrefix}${field}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
};

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost' | 'link';

export const Button: FC<{
  variant?: ButtonVariant;
  type?: 'submit' | 'button' | 'reset';
  small?: boolean;
  name?: string;
  value?: string;
  /** Asks for confirmation (app.js) before the form is sent. */
  confirm?: string;
  disabled?: boolean;
  class?: string;
  'aria-label'?: string;
  children?: Child;
}> = ({
  variant = 'primary',
  type = 'submit',
  small,
  name,
  value,
  confirm,
  disabled,
  class: extra,
  children,
  ...rest
}) => (
  <button
    type={type}
    class={`button ${variant}${small ? ' small' : ''}${extra ? ` ${extra}` : ''}`}
    name={name}
    value={value}
    data-confirm={confirm}
    disabled={disabled || undefined}
    aria-label={rest['aria-label']}
  >
    {children}
  </button>
);

/** A link that looks like a button. */
export const ButtonLink: FC<{
  href: string;
  variant?: ButtonVariant;
  small?: boolean;
  class?: string;
  children?: Child;
}> = ({ href, variant = 'primary', small, class: extra, children }) => (
  <a href={href} class={`button ${variant}${small ? ' small' : ''}${extra ? ` ${extra}` : ''}`}>
    {children}
  </a>
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

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

function dateFormat(locale: Locale, withYear: boolean, withTime = false): Intl.DateTimeFormat {
  const key = `${locale}:${withYear}:${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
      timeZone: 'Europe/Paris',
    };
    dateFormats.set(key, (f = new Intl.DateTimeFormat(intlLocale(locale), options)));
  }
  return f;
}

/** "il y a 5 min" / "5 min ago" within a week, then a short date ("3 mars", "3 Mar 2024"). */
export function relativeTimeText(locale: Locale, date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  let rtf = relativeFormats.get(locale);
  if (!rtf)
    relativeFormats.set(
      locale,
      (rtf = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto', style: 'short' })),
    );
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return dateFormat(locale, date.getFullYear() !== now.getFullYear()).format(date);
}

export const fullDateText = (locale: Locale, date: Date) => dateFormat(locale, true, true).format(date);

/**
 * A <time> with a machine-readable datetime and localized text; the full date shows on hover.
 * app.js refreshes `data-relative` times every minute.
 */
export const RelativeTime: FC<{ date: Date | string; locale: Locale; class?: string }> = ({
  date,
  locale,
  class: extra,
}) => {
  const d = typeof date === 'string' ? new Date(date) : date;
  return (
    <time class={extra} datetime={d.toISOString()} title={fullDateText(locale, d)} data-relative="">
      {relativeTimeText(locale, d)}
    </time>
  );
};
