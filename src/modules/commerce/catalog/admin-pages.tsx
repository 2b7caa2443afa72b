/**
 * The brand team's catalog pages under /brands/:username/ (product list, product form with
 * variants, images, collections, CSV import), registered by the shop pages after theirs.
 */
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams } from '../../../http/params';
import type { MessageKey } from '../../../web/i18n';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, type Account } from '../../accounts';
import { addProductImage, deleteProductImage, updateProductImage } from './images';
import { canManageCatalog } from './access';
import { collectionIdsOf, createCollection, deleteCollection, listCollections } from './collections';
import { deleteProduct } from './products';
import { getProduct, listProducts } from './read';
import { saveProduct } from './edit-form';
import type { ProductView } from './model';
import { decodeCsv } from '../csv';
import { importCatalog } from './csv-import';
import { ImportPage } from '../views/catalog-import';
import { OPTION_COLUMNS, type FieldErrors, type ProductFormValues } from '../views/product-admin';
import { ProductFormPage } from '../views/product-form';
import { ProductListPage } from '../views/product-list';
import { fileServiceError, inputFromValues, textOf, valuesFromParams, valuesFromProduct } from './product-form';
import { ADMIN_PAGE, type Ctx, catalogErrorText, importErrorText, query, UUID_PARAM, viewOf } from './page-helpers';

export const catalogAdminPages: RouteModule = (app, ctx) => {
  const media = { db: ctx.db, media: ctx.media, config: ctx.config };
  const notFoundPage = (c: Ctx, key: MessageKey = 'catalog.product.not_found') => renderError(c, 404, tOf(c)(key), ctx);

  /** The brand named in the URL, when the signed-in person may manage its catalog; else the page to answer. */
  const managedBrand = async (c: Ctx): Promise<{ brand: Account; actorId: string } | Response> => {
    const viewer = c.get('viewer');
    if (!viewer) return loginRedirect(c);
    const brand = await findBrand(ctx, c.req.param('username') ?? '');
    if (!brand) return renderError(c, 404, tOf(c)('catalog.shop.not_found'), ctx);
    if (!(await canManageCatalog(ctx, viewer.accountId, brand.id)))
      return renderError(c, 403, tOf(c)('catalog.admin.forbidden'), ctx);
    return { brand, actorId: viewer.accountId };
  };

  const listPage = async (
    c: Ctx,
    brand: Account,
    actorId: string,
    extra: { flash?: string | null; error?: string | null; status?: 404 | 422 } = {},
  ) => {
    const v = viewOf(c, ctx);
    const maxId = query(c, 'max_id');
    const [products, collections] = await Promise.all([
      listProducts(ctx, actorId, brand.id, { maxId, limit: ADMIN_PAGE }),
      listCollections(ctx, actorId, brand.id),
    ]);
    const older =
      products.length === ADMIN_PAGE
        ? `/brands/${brand.username}/products?max_id=${products[products.length - 1].id}`
        : null;
    const saved = c.req.query('saved');
    const flash =
      extra.flash ??
      (saved === 'collection'
        ? v.t('catalog.admin.collection_saved')
        : saved === 'deleted'
          ? v.t('catalog.admin.deleted')
          : saved === 'collection_deleted'
            ? v.t('catalog.admin.collection_deleted')
            : null);
    return renderPage(c, {
      meta: { title: v.t('catalog.admin.title', { name: brand.displayName || brand.username }), noindex: true },
      theme: brandTheme(brand),
      status: extra.status,
      body: (
        <ProductListPage
          v={v}
          brand={brand}
          products={products}
          collections={collections}
          older={older}
          flash={flash}
          error={extra.error}
        />
      ),
    });
  };

  app.get('/brands/:username/products', async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    return listPage(c, m.brand, m.actorId);
  });

  app.post('/brands/:username/collections', async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    const params = await readParams(c);
    try {
      await createCollection(ctx, m.actorId, m.brand.id, { title: textOf(params, 'title') });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return listPage(c, m.brand, m.actorId, { error: catalogErrorText(tOf(c), error), status: 422 });
    }
    return c.redirect(`/brands/${m.brand.username}/products?saved=collection`, 303);
  });

  app.post(`/brands/:username/collections/:collection{${UUID_PARAM}}/delete`, async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    try {
      await deleteCollection(ctx, m.actorId, m.brand.id, c.req.param('collection'));
    } catch (error) {
      if (!(error instanceof AppError && error.status === 404)) throw error;
      // Another brand's collection, or one already gone: nothing was deleted, so no success message.
      const error404 = tOf(c)('catalog.admin.collection_not_found');
      return listPage(c, m.brand, m.actorId, { error: error404, status: 404 });
    }
    return c.redirect(`/brands/${m.brand.username}/products?saved=collection_deleted`, 303);
  });

  const formPage = async (
    c: Ctx,
    brand: Account,
    product: ProductView | null,
    values: ProductFormValues,
    errors: FieldErrors,
    status?: 422,
    imageErrors?: FieldErrors,
  ) => {
    const v = viewOf(c, ctx);
    const collections = await listCollections(ctx, c.get('viewer')?.accountId, brand.id);
    const saved = c.req.query('saved');
    const flash =
      saved === 'created'
        ? v.t('catalog.admin.created')
        : saved === 'image'
          ? v.t('catalog.admin.image_saved')
          : saved
            ? v.t('catalog.admin.saved')
            : null;
    return renderPage(c, {
      meta: {
        title: product ? v.t('catalog.admin.edit_title', { title: product.title }) : v.t('catalog.admin.new_title'),
        noindex: true,
      },
      theme: brandTheme(brand),
      status,
      body: (
        <ProductFormPage
          v={v}
          brand={brand}
          product={product}
          values={values}
          errors={errors}
          collections={collections}
          flash={status ? null : flash}
          imageErrors={imageErrors}
        />
      ),
    });
  };

  /** The product of the URL, when it is one of the brand's; null otherwise. */
  const brandProduct = async (c: Ctx, brand: Account, actorId: string): Promise<ProductView | null> => {
    try {
      const product = await getProduct(ctx, actorId, c.req.param('id') ?? '');
      return product.brandId === brand.id ? product : null;
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    }
  };

  const submitForm = async (c: Ctx, brand: Account, actorId: string, product: ProductView | null) => {
    const t = tOf(c);
    const params = await readParams(c);
    const values = valuesFromParams(params);
    if (params.intent === 'add_row') {
      values.variants.push({
        ...values.variants[0],
        id: undefined,
        stockSeen: undefined,
        remove: false,
        sku: '',
        values: Array(OPTION_COLUMNS).fill(''),
        price: '',
        compareAt: '',
        stock: '0',
        weight: '',
      });
      return formPage(c, brand, product, values, {});
    }
    const errors: FieldErrors = {};
    const { input, rowOf } = inputFromValues(t, values, errors);
    if (Object.values(errors).some(Boolean)) return formPage(c, brand, product, values, errors, 422);
    let saved: ProductView;
    try {
      saved = await saveProduct(ctx, actorId, brand.id, product?.id ?? null, input);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 403 || error.status === 404) throw error;
      fileServiceError(t, error, errors, rowOf, values);
      return formPage(c, brand, product, values, errors, 422);
    }
    return c.redirect(`/brands/${brand.username}/products/${saved.id}/edit?saved=${product ? '1' : 'created'}`, 303);
  };

  app.get('/brands/:username/products/new', async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    return formPage(c, m.brand, null, valuesFromProduct(null, [], c.get('locale')), {});
  });

  app.post('/brands/:username/products/new', async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    return submitForm(c, m.brand, m.actorId, null);
  });

  app.get(`/brands/:username/products/:id{${UUID_PARAM}}/edit`, async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    const product = await brandProduct(c, m.brand, m.actorId);
    if (!product) return notFoundPage(c);
    return formPage(
      c,
      m.brand,
      product,
      valuesFromProduct(product, await collectionIdsOf(ctx, product.id), c.get('locale')),
      {},
    );
  });

  app.post(`/brands/:username/products/:id{${UUID_PARAM}}/edit`, async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    const product = await brandProduct(c, m.brand, m.actorId);
    if (!product) return notFoundPage(c);
    return submitForm(c, m.brand, m.actorId, product);
  });

  app.post(`/brands/:username/products/:id{${UUID_PARAM}}/delete`, async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    const product = await brandProduct(c, m.brand, m.actorId);
    if (!product) return notFoundPage(c);
    await deleteProduct(media, m.actorId, product.id);
    return c.redirect(`/brands/${m.brand.username}/products?saved=deleted`, 303);
  });

  app.post(`/brands/:username/products/:id{${UUID_PARAM}}/images`, async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    const product = await brandProduct(c, m.brand, m.actorId);
    if (!product) return notFoundPage(c);
    const params = await readParams(c);
    const file = params.file;
    const imageErrors: FieldErrors = {};
    if (!(file instanceof Blob) || file.size === 0) imageErrors.file = tOf(c)('catalog.error.file_missing');
    else {
      try {
        await addProductImage(
          media,
          m.actorId,
          product.id,
          new Uint8Array(await file.arrayBuffer()),
          textOf(params, 'alt'),
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 403 || error.status === 404) throw error;
        imageErrors.file = catalogErrorText(tOf(c), error);
      }
    }
    if (imageErrors.file) {
      return formPage(
        c,
        m.brand,
        product,
        valuesFromProduct(product, await collectionIdsOf(ctx, product.id), c.get('locale')),
        {},
        422,
        imageErrors,
      );
    }
    return c.redirect(`/brands/${m.brand.username}/products/${product.id}/edit?saved=image#images-title`, 303);
  });

  app.post(`/brands/:username/products/:id{${UUID_PARAM}}/images/:image{${UUID_PARAM}}`, async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    const product = await brandProduct(c, m.brand, m.actorId);
    if (!product) return notFoundPage(c);
    const params = await readParams(c);
    const imageId = c.req.param('image');
    try {
      if (params.intent === 'delete') await deleteProductImage(media, m.actorId, product.id, imageId);
      else if (params.intent === 'first')
        await updateProductImage(ctx, m.actorId, product.id, imageId, { position: 0 });
      else await updateProductImage(ctx, m.actorId, product.id, imageId, { alt: textOf(params, 'alt') });
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 403) throw error;
      if (error.status === 404) return notFoundPage(c);
      const fresh = await brandProduct(c, m.brand, m.actorId);
      return formPage(
        c,
        m.brand,
        fresh,
        valuesFromProduct(fresh, await collectionIdsOf(ctx, product.id), c.get('locale')),
        {},
        422,
        { _form: catalogErrorText(tOf(c), error) },
      );
    }
    return c.redirect(`/brands/${m.brand.username}/products/${product.id}/edit?saved=image#images-title`, 303);
  });

  // CSV import -------------------------------------------------------------------------------
  const importPage = (
    c: Ctx,
    brand: Account,
    result: Parameters<typeof ImportPage>[0]['result'],
    error?: string | null,
    status?: 422,
  ) => {
    const v = viewOf(c, ctx);
    return renderPage(c, {
      meta: { title: v.t('catalog.import.title'), noindex: true },
      theme: brandTheme(brand),
      status,
      body: <ImportPage v={v} brand={brand} result={result} error={error} />,
    });
  };

  app.get('/brands/:username/catalog/import', async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    return importPage(c, m.brand, null);
  });

  app.post('/brands/:username/catalog/import', async (c) => {
    const m = await managedBrand(c);
    if (m instanceof Response) return m;
    const t = tOf(c);
    const params = await readParams(c);
    const file = params.file;
    if (!(file instanceof Blob) || file.size === 0)
      return importPage(c, m.brand, null, t('catalog.error.file_missing'), 422);
    try {
      const result = await importCatalog(
        ctx,
        m.actorId,
        m.brand.id,
        decodeCsv(new Uint8Array(await file.arrayBuffer())),
      );
      return importPage(c, m.brand, {
        ...result,
        errors: result.errors.map((e) => ({ row: e.row, field: e.field, message: importErrorText(t, e) })),
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 403) throw error;
      return importPage(c, m.brand, null, catalogErrorText(t, error), 422);
    }
  });
};
