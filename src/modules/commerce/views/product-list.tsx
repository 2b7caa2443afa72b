// The team's product list: drafts, stock and prices, collections.
import type { FC } from 'hono/jsx';
import { CsrfField, Flash, mediaSrc } from '../../../web/components';
import type { Account } from '../../accounts';
import { type ProductView, priceRange, unitsLeft, productPagePath, type CollectionView } from '../catalog';
import { PriceFrom, StockBadge, type CatalogView } from './product-shop';
import { AdminHeader, StatusBadge } from './product-admin';
import { ProductPlaceholder } from './product-placeholder';

export const ProductListPage: FC<{
  v: CatalogView;
  brand: Account;
  products: ProductView[];
  collections: CollectionView[];
  older: string | null;
  flash?: string | null;
  error?: string | null;
}> = ({ v, brand, products, collections, older, flash, error }) => (
  <div class="stack catalog-admin">
    <AdminHeader
      v={v}
      brand={brand}
      title={v.t('catalog.admin.title', { name: brand.displayName || brand.username })}
    />
    {flash ? <Flash kind="success">{flash}</Flash> : null}
    {error ? <Flash kind="error">{error}</Flash> : null}
    <div class="catalog-actions">
      <a class="button primary" href={`/brands/${brand.username}/products/new`}>
        {v.t('catalog.admin.new')}
      </a>
      <a class="button secondary" href={`/brands/${brand.username}/catalog/import`}>
        {v.t('catalog.admin.import')}
      </a>
      <a
        class="button secondary"
        href={`/api/v1/brands/${brand.id}/catalog.csv`}
        download={`${brand.username}-catalog.csv`}
      >
        {v.t('catalog.admin.export')}
      </a>
    </div>
    <section class="card" aria-labelledby="products-title">
      <h2 id="products-title">{v.t('catalog.admin.products')}</h2>
      {products.length ? (
        <div class="table-scroll">
          <table class="catalog-table">
            <caption class="visually-hidden">{v.t('catalog.admin.products')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">{v.t('catalog.admin.image')}</span>
                </th>
                <th scope="col">{v.t('catalog.field.title')}</th>
                <th scope="col">{v.t('catalog.field.status')}</th>
                <th scope="col">{v.t('catalog.admin.price')}</th>
                <th scope="col">{v.t('catalog.admin.variants')}</th>
                <th scope="col">{v.t('catalog.field.stock')}</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr>
                  <td>
                    {p.images[0] ? (
                      <img
                        class="thumb"
                        src={mediaSrc(p.images[0].previewPath)}
                        alt=""
                        width="48"
                        height="48"
                        loading="lazy"
                      />
                    ) : (
                      <ProductPlaceholder class="thumb thumb-empty" />
                    )}
                  </td>
                  <th scope="row">
                    <a href={`/brands/${brand.username}/products/${p.id}/edit`}>{p.title}</a>
                    <br />
                    <a class="small-print" href={productPagePath(p.brand, p)}>
                      {v.t('catalog.admin.view')}
                    </a>
                  </th>
                  <td>
                    <StatusBadge v={v} status={p.status} />
                    {p.kind === 'virtual' ? <span class="badge">{v.t('catalog.kind.virtual')}</span> : null}
                  </td>
                  <td>{priceRange(p) ? <PriceFrom v={v} product={p} /> : '—'}</td>
                  <td>{String(p.variants.length)}</td>
                  <td>
                    <StockBadge v={v} units={unitsLeft(p)} /> <span class="muted">({String(unitsLeft(p))})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty-state">{v.t('catalog.admin.empty')}</p>
      )}
      {older ? (
        <nav class="pagination" aria-label={v.t('pagination.label')}>
          <span></span>
          <a class="button secondary" href={older} rel="next">
            {v.t('pagination.older')}
          </a>
        </nav>
      ) : null}
    </section>
    <section class="card" aria-labelledby="collections-title">
      <h2 id="collections-title">{v.t('catalog.admin.collections')}</h2>
      <p class="muted">{v.t('catalog.admin.collections_hint')}</p>
      {collections.length ? (
        <ul class="list">
          {collections.map((c) => (
            <li class="list-item">
              <div class="list-main">
                <a href={`/@${brand.username}/shop?collection=${c.id}`} class="display-name">
                  {c.title}
                </a>
                <span class="muted">{v.t('catalog.shop.count', { count: c.productIds.length })}</span>
              </div>
              <form method="post" action={`/brands/${brand.username}/collections/${c.id}/delete`} class="inline-form">
                <CsrfField token={v.csrf} />
                <button
                  type="submit"
                  class="button ghost small"
                  data-confirm={v.t('catalog.admin.collection_delete_confirm', { name: c.title })}
                >
                  {v.t('catalog.admin.delete')}
                  <span class="visually-hidden"> {c.title}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action={`/brands/${brand.username}/collections`} class="inline-form collection-new">
        <CsrfField token={v.csrf} />
        <label for="collection-title">{v.t('catalog.admin.collection_new')}</label>
        <input id="collection-title" name="title" maxlength={100} required />
        <button type="submit" class="button secondary small">
          {v.t('catalog.admin.collection_create')}
        </button>
      </form>
    </section>
  </div>
);
