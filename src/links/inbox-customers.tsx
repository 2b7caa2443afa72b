/**
 * The customer's file (inbox) ↔ commerce and reputation: where the brand's team sees a customer
 * (its order page, its reviews page), a link opens that customer's file. Shown only to team
 * members who may open files (inbox.answer); the buyer's own order page never shows it.
 * Registered once per app context by src/links/extensions.ts.
 */
import { roleAllows } from '../modules/accounts';
import { customerFileUrl } from '../modules/inbox';
import type { AppExtensions } from './extensions';

export function registerCustomerFileLinks(extensions: Pick<AppExtensions, 'orderPages' | 'reviewerLinks'>) {
  extensions.orderPages.register({
    name: 'customer-file',
    async load(_db, { detail }) {
      if (detail.as !== 'team' || !roleAllows(detail.role, 'inbox.answer')) return null;
      return customerFileUrl(detail.brand.username, detail.buyer.id);
    },
    render(v, data) {
      if (typeof data !== 'string') return null;
      return (
        <p class="customer-file-link">
          <a class="button secondary small" href={data}>
            {v.t('customers.open_file')}
          </a>
        </p>
      );
    },
  });
  extensions.reviewerLinks.register('customer-file', ({ brandUsername, authorId, role }) =>
    roleAllows(role, 'inbox.answer')
      ? { href: customerFileUrl(brandUsername, authorId), label: 'customers.open_file' }
      : null,
  );
}
