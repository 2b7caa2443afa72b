// The product form's fields: a text field, a select, and a cell of the variants table.
import type { Child, FC } from 'hono/jsx';
import type { FieldErrors } from './product-admin';
import type { CatalogView } from './product-shop';

const fieldId = (name: string) => `field-${name}`;
const err = (errors: FieldErrors, name: string) => errors[name];

export const Cell: FC<{
  v: CatalogView;
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  inputmode?: 'decimal' | 'numeric' | 'text';
  size?: number;
  required?: boolean;
  children?: Child;
}> = ({ name, label, value, errors, inputmode, size, required, children }) => {
  const id = fieldId(name);
  const error = err(errors, name);
  return (
    <td class={error ? 'has-error' : undefined}>
      {children}
      <input
        id={id}
        name={toFormName(name)}
        value={value}
        aria-label={label}
        inputmode={inputmode}
        size={size}
        required={required || undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </td>
  );
};

/** `variants.2.price` (our error keys and ids) → `variants[2][price]` (the form field). */
export function toFormName(key: string): string {
  const [head, ...rest] = key.split('.');
  return head + rest.map((part) => `[${part}]`).join('');
}

export const TextField: FC<{
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
  textarea?: boolean;
  rows?: number;
  maxlength?: number;
  required?: boolean;
}> = (p) => {
  const id = fieldId(p.name);
  const error = err(p.errors, p.name);
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        {p.label}
        {p.required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {p.hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.textarea ? (
        <textarea
          id={id}
          name={p.name}
          rows={p.rows ?? 6}
          maxlength={p.maxlength}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        >
          {p.value}
        </textarea>
      ) : (
        <input
          id={id}
          name={p.name}
          value={p.value}
          maxlength={p.maxlength}
          required={p.required || undefined}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        />
      )}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
};

export const Select: FC<{
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  errors: FieldErrors;
}> = ({ name, label, value, options, errors }) => {
  const id = fieldId(name);
  const error = err(errors, name);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
};
