// The catalog's CSV import page and its report.
import type { FC } from 'hono/jsx';
import { CsrfField, Flash } from '../../../web/components';
import type { Account } from '../../accounts';
import type { ImportResult } from '../catalog';
import type { CatalogView } from './product-shop';
import { AdminHeader } from './product-admin';

export type ImportErrorView = { row: number; field: string; message: string };

export const ImportPage: FC<{
  v: CatalogView;
  brand: Account;
  result: (Omit<ImportResult, 'errors'> & { errors: ImportErrorView[] }) | null;
  error?: string | null;
}> = ({ v, brand, result, error }) => (
  <div class="stack catalog-admin">
    <AdminHeader v={v} brand={brand} title={v.t('catalog.import.title')} />
    {error ? <Flash kind="error">{error}</Flash> : null}
    {result ? (
      <section class="card" aria-labelledby="import-result" role="status">
        <h2 id="import-result">{v.t('catalog.import.result_title')}</h2>
        <p>
          {v.t('catalog.import.result', {
            created: result.created,
            updated: result.updated,
            skipped: new Set(result.errors.map((e) => e.row)).size,
          })}
        </p>
        {result.errors.length ? (
          <div class="table-scroll">
            <table class="import-errors">
              <caption>{v.t('catalog.import.errors_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{v.t('catalog.import.row')}</th>
                  <th scope="col">{v.t('catalog.import.column')}</th>
                  <th scope="col">{v.t('catalog.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e) => (
                  <tr>
                    <td>{String(e.row)}</td>
                    <td>
                      <code>{e.field}</code>
                    </td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <p>
          <a href={`/brands/${brand.username}/products`}>{v.t('catalog.admin.back')}</a>
        </p>
      </section>
    ) : null}
    <section class="card" aria-labelledby="import-form-title">
      <h2 id="import-form-title">{v.t('catalog.import.upload_title')}</h2>
      <p>{v.t('catalog.import.lead')}</p>
      <form
        method="post"
        action={`/brands/${brand.username}/catalog/import`}
        enctype="multipart/form-data"
        class="form"
      >
        <CsrfField token={v.csrf} />
        <div class="field">
          <label for="import-file">{v.t('catalog.import.file')}</label>
          <p class="field-hint" id="import-file-hint">
            {v.t('catalog.import.file_hint')}
          </p>
          <input
            id="import-file"
            type="file"
            name="file"
            accept=".csv,text/csv"
            required
            aria-describedby="import-file-hint"
          />
        </div>
        <div class="form-actions">
          <button type="submit" class="button primary">
            {v.t('catalog.import.submit')}
          </button>
          <a
            class="button secondary"
            href={`/api/v1/brands/${brand.id}/catalog.csv`}
            download={`${brand.username}-catalog.csv`}
          >
            {v.t('catalog.admin.export')}
          </a>
        </div>
      </form>
      <details class="csv-help">
        <summary>{v.t('catalog.import.columns_title')}</summary>
        <table class="product-attributes">
          <tbody>
            {(
              [
                ['product_title', 'catalog.import.col.product_title'],
                ['product_description', 'catalog.import.col.product_description'],
                ['status', 'catalog.import.col.status'],
                ['kind', 'catalog.import.col.kind'],
                ['sku', 'catalog.import.col.sku'],
                ['option1_name, option1_value, option2_name, option2_value', 'catalog.import.col.options'],
                ['price', 'catalog.import.col.price'],
                ['currency', 'catalog.import.col.currency'],
                ['compare_at', 'catalog.import.col.compare_at'],
                ['stock', 'catalog.import.col.stock'],
                ['weight_grams', 'catalog.import.col.weight_grams'],
              ] as const
            ).map(([column, key]) => (
              <tr>
                <th scope="row">
                  <code>{column}</code>
                </th>
                <td>{v.t(key)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  </div>
);
