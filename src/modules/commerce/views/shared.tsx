/** Small pieces every commerce page repeats, kept in one place so their markup cannot drift apart. */
import type { FC } from 'hono/jsx';
import { CsrfField } from '../../../web/components';
import type { ShopView } from './product-card';

/** The CSRF token every POST form of the shop carries. */
export const Csrf: FC<{ v: ShopView }> = ({ v }) => <CsrfField token={v.csrf} />;

/** The success message a page shows after a redirect (?confirmed=1, a saved address…); nothing without one. */
export const Notice: FC<{ text?: string | null }> = ({ text }) =>
  text ? (
    <div class="flash flash-success" role="status">
      <p>{text}</p>
    </div>
  ) : null;

/** A form's closing row with its one submit button; `confirm` asks first (app.js reads data-confirm). */
export const SubmitRow: FC<{ label: string; variant?: 'primary' | 'danger'; confirm?: string }> = ({
  label,
  variant = 'primary',
  confirm,
}) => (
  <div class="form-actions">
    <button type="submit" class={`button ${variant}`} data-confirm={confirm}>
      {label}
    </button>
  </div>
);
