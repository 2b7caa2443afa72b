/**
 * The brand team's catalog pages: the product list (drafts and stock), the product form with its
 * editable variants table, images with alt text, collections, and CSV import and export.
 */
import type { FC } from 'hono/jsx';
import { Avatar } from '../../../web/components';
import type { Account } from '../../accounts';
import type { CatalogView } from './product-shop';

export type FieldErrors = Record<string, string | undefined>;

export type VariantRow = {
  id?: string;
  sku: string;
  values: string[];
  price: string;
  compareAt: string;
  stock: string;
  stockSeen?: string;
  weight: string;
  /** Numbered limited edition size (campaigns/editions); empty for none. */
  edition?: string;
  remove?: boolean;
};
export type ProductFormValues = {
  title: string;
  description: string;
  status: string;
  kind: string;
  /** VAT class (commerce/tax.ts). */
  taxClass?: string;
  /** Withdrawal exclusion (commerce/withdrawal), '' when none. */
  withdrawalExclusion?: string;
  attributes: string;
  currency: string;
  optionNames: string[];
  variants: VariantRow[];
  collectionIds: string[];
};

export const OPTION_COLUMNS = 3;

export const AdminHeader: FC<{ v: CatalogView; brand: Account; title: string }> = ({ brand, title }) => (
  <header class="page-header brand-header">
    <div class="media-row">
      <Avatar account={brand} size="md" class="is-brand" />
      <div>
        <h1>{title}</h1>
        <p class="handle">@{brand.username}</p>
      </div>
    </div>
  </header>
);

export const StatusBadge: FC<{ v: CatalogView; status: string }> = ({ v, status }) => (
  <span class={`badge ${status === 'draft' ? 'badge-muted' : 'badge-published'}`}>
    {status === 'draft' ? v.t('catalog.status.draft') : v.t('catalog.status.published')}
  </span>
);
