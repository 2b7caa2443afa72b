/**
 * Form pieces every page shares (fields, error summary, buttons); re-exported by components.tsx.
 * They only render markup with the classes documented at the top of static/app.css.
 */
import type { Child, FC } from 'hono/jsx';

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
