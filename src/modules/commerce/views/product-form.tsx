// The product form: the page with its fields, the editable variants table, and the images with their alt text.
import type { FC } from 'hono/jsx';
import { CsrfField, ErrorSummary, Flash, mediaSrc } from '../../../web/components';
import type { Account } from '../../accounts';
import { MAX_PRODUCT_IMAGES, type ProductView, productPagePath, type CollectionView } from '../catalog';
import { CURRENCIES } from '../money';
import { taxClasses } from '../tax';
import type { CatalogView } from './product-shop';
import { AdminHeader, type FieldErrors, type ProductFormValues } from './product-admin';
import { Cell, Select, TextField } from './product-form-fields';
import { WithdrawalExclusionField } from '../withdrawal/product-notice';

export { toFormName } from './product-form-fields';

export const ProductFormPage: FC<{
  v: CatalogView;
  brand: Account;
  product: ProductView | null;
  values: ProductFormValues;
  errors: FieldErrors;
  collections: CollectionView[];
  flash?: string | null;
  imageErrors?: FieldErrors;
}> = ({ v, brand, product, values, errors, collections, flash, imageErrors = {} }) => {
  const action = product
    ? `/brands/${brand.username}/products/${product.id}/edit`
    : `/brands/${brand.username}/products/new`;
  const summary: FieldErrors = {};
  for (const [k, message] of Object.entries(errors)) if (message) summary[k] = message;
  return (
    <div class="stack catalog-admin">
      <AdminHeader
        v={v}
        brand={brand}
        title={product ? v.t('catalog.admin.edit_title', { title: product.title }) : v.t('catalog.admin.new_title')}
      />
      {flash ? <Flash kind="success">{flash}</Flash> : null}
      {product ? (
        <p class="catalog-actions">
          <a class="button ghost small" href={productPagePath(product.brand, product)}>
            {v.t('catalog.admin.view')}
          </a>
          <a class="button ghost small" href={`/brands/${brand.username}/products`}>
            {v.t('catalog.admin.back')}
          </a>
        </p>
      ) : null}
      <ErrorSummary title={v.t('form.errors_title')} errors={summary} />
      <form method="post" action={action} class="form card product-form" novalidate>
        <CsrfField token={v.csrf} />
        <TextField
          name="title"
          label={v.t('catalog.field.title')}
          value={values.title}
          errors={errors}
          maxlength={200}
          required
        />
        <TextField
          name="description"
          label={v.t('catalog.field.description')}
          hint={v.t('catalog.field.description_hint')}
          value={values.description}
          errors={errors}
          textarea
          rows={8}
        />
        <div class="grid cols-3">
          <Select
            name="status"
            label={v.t('catalog.field.status')}
            value={values.status}
            errors={errors}
            options={[
              { value: 'draft', label: v.t('catalog.status.draft') },
              { value: 'published', label: v.t('catalog.status.published') },
            ]}
          />
          <Select
            name="kind"
            label={v.t('catalog.field.kind')}
            value={values.kind}
            errors={errors}
            options={[
              { value: 'physical', label: v.t('catalog.kind.physical') },
              { value: 'virtual', label: v.t('catalog.kind.virtual') },
            ]}
          />
          <Select
            name="tax_class"
            label={v.t('tax.class.label')}
            value={values.taxClass ?? 'standard'}
            errors={errors}
            options={taxClasses.map((c) => ({ value: c, label: v.t(`tax.class.${c}`) }))}
          />
          <WithdrawalExclusionField v={v} value={values.withdrawalExclusion ?? ''} errors={errors} />
          <Select
            name="currency"
            label={v.t('catalog.field.currency')}
            value={values.currency}
            errors={errors}
            options={[...CURRENCIES].map((c) => ({ value: c, label: c }))}
          />
        </div>
        <TextField
          name="attributes"
          label={v.t('catalog.field.attributes')}
          hint={v.t('catalog.field.attributes_hint')}
          value={values.attributes}
          errors={errors}
          textarea
          rows={4}
        />

        <fieldset class="fieldset">
          <legend>{v.t('catalog.field.variants')}</legend>
          <p class="field-hint">{v.t('catalog.field.variants_hint')}</p>
          <div class="grid cols-3 option-names">
            {values.optionNames.map((name, k) => (
              <TextField
                name={`option_names.${k}`}
                label={
                  k === 0 ? v.t('catalog.field.option_name', { n: 1 }) : v.t('catalog.field.option_n', { n: k + 1 })
                }
                value={name}
                errors={errors}
                maxlength={30}
              />
            ))}
          </div>
          {errors.variants ? <p class="field-error">{errors.variants}</p> : null}
          <div class="table-scroll">
            <table class="variants-table">
              <caption class="visually-hidden">{v.t('catalog.field.variants')}</caption>
              <thead>
                <tr>
                  <th scope="col">{v.t('catalog.field.sku')}</th>
                  {values.optionNames.map((name, k) => (
                    <th scope="col">{name || v.t('catalog.field.option_n', { n: k + 1 })}</th>
                  ))}
                  <th scope="col">{v.t('catalog.field.price', { currency: values.currency })}</th>
                  <th scope="col">{v.t('catalog.field.compare_at')}</th>
                  <th scope="col">{v.t('catalog.field.stock')}</th>
                  <th scope="col">{v.t('catalog.field.weight')}</th>
                  <th scope="col" title={v.t('edition.size.hint')}>
                    {v.t('edition.size.label')}
                  </th>
                  <th scope="col">{v.t('catalog.field.remove')}</th>
                </tr>
              </thead>
              <tbody>
                {values.variants.map((row, i) => {
                  const label = (what: string) => `${what} (${v.t('catalog.field.row', { n: i + 1 })})`;
                  return (
                    <tr>
                      <Cell
                        v={v}
                        name={`variants.${i}.sku`}
                        label={label(v.t('catalog.field.sku'))}
                        value={row.sku}
                        errors={errors}
                        size={12}
                      >
                        {row.id ? <input type="hidden" name={`variants[${i}][id]`} value={row.id} /> : null}
                        {row.id ? (
                          <input type="hidden" name={`variants[${i}][stock_seen]`} value={row.stockSeen ?? row.stock} />
                        ) : null}
                      </Cell>
                      {values.optionNames.map((name, k) => (
                        <Cell
                          v={v}
                          name={`variants.${i}.option${k}`}
                          label={label(name || v.t('catalog.field.option_n', { n: k + 1 }))}
                          value={row.values[k] ?? ''}
                          errors={errors}
                          size={8}
                        />
                      ))}
                      <Cell
                        v={v}
                        name={`variants.${i}.price`}
                        label={label(v.t('catalog.field.price', { currency: values.currency }))}
                        value={row.price}
                        errors={errors}
                        inputmode="decimal"
                        size={8}
                      />
                      <Cell
                        v={v}
                        name={`variants.${i}.compare_at`}
                        label={label(v.t('catalog.field.compare_at'))}
                        value={row.compareAt}
                        errors={errors}
                        inputmode="decimal"
                        size={8}
                      />
                      <Cell
                        v={v}
                        name={`variants.${i}.stock`}
                        label={label(v.t('catalog.field.stock'))}
                        value={row.stock}
                        errors={errors}
                        inputmode="numeric"
                        size={6}
                      />
                      <Cell
                        v={v}
                        name={`variants.${i}.weight_grams`}
                        label={label(v.t('catalog.field.weight'))}
                        value={row.weight}
                        errors={errors}
                        inputmode="numeric"
                        size={6}
                      />
                      <Cell
                        v={v}
                        name={`variants.${i}.edition_size`}
                        label={label(v.t('edition.size.label'))}
                        value={row.edition ?? ''}
                        errors={errors}
                        inputmode="numeric"
                        size={6}
                      />
                      <td>
                        {row.id ? (
                          <input
                            type="checkbox"
                            name={`variants[${i}][remove]`}
                            value="1"
                            checked={row.remove || undefined}
                            aria-label={label(v.t('catalog.field.remove'))}
                          />
                        ) : (
                          <span class="muted small-print">{v.t('catalog.field.new_row')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <button type="submit" name="intent" value="add_row" class="button ghost small" formnovalidate>
            {v.t('catalog.field.add_row')}
          </button>
        </fieldset>

        {collections.length ? (
          <fieldset class="fieldset">
            <legend>{v.t('catalog.admin.collections')}</legend>
            {collections.map((c) => (
              <label class="check">
                <input
                  type="checkbox"
                  name="collections[]"
                  value={c.id}
                  checked={values.collectionIds.includes(c.id) || undefined}
                />{' '}
                {c.title}
              </label>
            ))}
          </fieldset>
        ) : null}
        <div class="form-actions">
          <button type="submit" name="intent" value="save" class="button primary">
            {product ? v.t('form.save') : v.t('catalog.admin.create')}
          </button>
          <a class="button ghost" href={`/brands/${brand.username}/products`}>
            {v.t('form.cancel')}
          </a>
        </div>
      </form>
      {product ? <ImagesSection v={v} brand={brand} product={product} errors={imageErrors} /> : null}
      {product ? (
        <section class="card danger-zone" aria-labelledby="delete-title">
          <h2 id="delete-title">{v.t('catalog.admin.delete_title')}</h2>
          <form method="post" action={`/brands/${brand.username}/products/${product.id}/delete`}>
            <CsrfField token={v.csrf} />
            <button
              type="submit"
              class="button danger"
              data-confirm={v.t('catalog.admin.delete_confirm', { title: product.title })}
            >
              {v.t('catalog.admin.delete_product')}
            </button>
          </form>
        </section>
      ) : null}
    </div>
  );
};

const ImagesSection: FC<{ v: CatalogView; brand: Account; product: ProductView; errors: FieldErrors }> = ({
  v,
  brand,
  product,
  errors,
}) => {
  const base = `/brands/${brand.username}/products/${product.id}/images`;
  return (
    <section class="card" aria-labelledby="images-title">
      <h2 id="images-title">
        {v.t('catalog.admin.images', { count: product.images.length, max: MAX_PRODUCT_IMAGES })}
      </h2>
      {errors._form ? <Flash kind="error">{errors._form}</Flash> : null}
      {product.images.length ? (
        <ul class="admin-images">
          {product.images.map((image, i) => (
            <li class="admin-image">
              <img src={mediaSrc(image.previewPath)} alt={image.alt} width="160" height="160" loading="lazy" />
              <form method="post" action={`${base}/${image.id}`} class="form">
                <CsrfField token={v.csrf} />
                <div class="field">
                  <label for={`alt-${image.id}`}>{v.t('catalog.admin.alt_of', { n: i + 1 })}</label>
                  <textarea id={`alt-${image.id}`} name="alt" rows={2} maxlength={1500}>
                    {image.alt}
                  </textarea>
                </div>
                <div class="form-actions">
                  <button type="submit" name="intent" value="save" class="button secondary small">
                    {v.t('form.save')}
                  </button>
                  {i > 0 ? (
                    <button type="submit" name="intent" value="first" class="button ghost small">
                      {v.t('catalog.admin.image_first')}
                    </button>
                  ) : null}
                  <button
                    type="submit"
                    name="intent"
                    value="delete"
                    class="button ghost small"
                    data-confirm={v.t('catalog.admin.image_delete_confirm')}
                  >
                    {v.t('catalog.admin.delete')}
                  </button>
                </div>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{v.t('catalog.admin.no_images')}</p>
      )}
      {product.images.length < MAX_PRODUCT_IMAGES ? (
        <form method="post" action={base} enctype="multipart/form-data" class="form image-upload">
          <CsrfField token={v.csrf} />
          <div class={`field${errors.file ? ' has-error' : ''}`}>
            <label for="image-file">{v.t('catalog.admin.image_file')}</label>
            <input
              id="image-file"
              type="file"
              name="file"
              accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
              required
              aria-describedby={errors.file ? 'image-file-error' : undefined}
            />
            {errors.file ? (
              <p class="field-error" id="image-file-error">
                {errors.file}
              </p>
            ) : null}
          </div>
          <div class="field">
            <label for="image-alt">{v.t('catalog.admin.image_alt')}</label>
            <p class="field-hint" id="image-alt-hint">
              {v.t('catalog.admin.image_alt_hint')}
            </p>
            <textarea id="image-alt" name="alt" rows={2} maxlength={1500} aria-describedby="image-alt-hint"></textarea>
          </div>
          <div class="form-actions">
            <button type="submit" class="button secondary">
              {v.t('catalog.admin.image_upload')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
};
