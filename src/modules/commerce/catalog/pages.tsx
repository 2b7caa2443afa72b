/**
 * Shop pages: a brand's Shop tab (/@brand/shop), every product's page (/@brand/products/:id) with
 * its link-preview tags, and the brand team's catalog pages under /brands/:username/ (product
 * list, product form with variants, images, collections, CSV import). Server-rendered, FR/EN,
 * no JavaScript required.
 */
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../context';
import { queryRows } from '../../../db/client';
import { isUuid } from '../../../db/ids';
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import { readParams } from '../../../http/params';
import type { AppEnv } from '../../../http/types';
import type { MessageKey, T } from '../../../web/i18n';
import { fr } from '../../../web/i18n/fr';
import { brandTheme, loginRedirect, renderError, renderPage, tOf } from '../../../web/page';
import { findBrand, type Account } from '../../accounts';
import { addProductImage, deleteProductImage, updateProductImage } from './images';
import { canManageCatalog, seesDrafts } from './access';
import { collectionIdsOf, createCollection, deleteCollection, listCollections } from './collections';
import { deleteProduct } from './products';
import { descriptionText } from './description';
import { getProduct, listProducts } from './read';
import { productPagePath } from './present';
import { saveProduct } from './edit-form';
import type { ProductView } from './model';
import { decodeCsv } from '../csv';
import { importCatalog, type ImportError } from './csv-import';
import { loadProductBadges, loadProductPageExtensions } from '../extensions';
import { ImportPage } from '../views/catalog-import';
import { OPTION_COLUMNS, type FieldErrors, type ProductFormValues } from '../views/product-admin';
import { ProductFormPage } from '../views/product-form';
import { ProductListPage } from '../views/product-list';
import { pickVariant, ProductHead, ProductPage } from '../views/product-page';
import { ShopPage, type CatalogView } from '../views/product-shop';
import { fileServiceError, inputFromValues, textOf, valuesFromParams, valuesFromProduct } from './product-form';

type Ctx = Context<AppEnv>;

const HANDLE = ':handle{@[A-Za-z0-9_]{1,30}}';
const UUID_PARAM = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SHOP_PAGE = 24;
const ADMIN_PAGE = 50;

const viewOf = (c: Ctx, ctx: AppContext): CatalogView => ({
  t: tOf(c),
  locale: c.get('locale'),
  csrf: c.get('csrfToken'),
  publicUrl: ctx.config.publicUrl,
});
const viewerIdOf = (c: Ctx) => c.get('viewer')?.accountId ?? null;

/** A service error in the reader's language when we have words for it. */
export function catalogErrorText(t: T, error: AppError): string {
  const key = `catalog.error.${error.code}`;
  if (key in fr) {
    const params: Record<string, string | number> = {};
    for (const [k, value] of Object.entries(error.details ?? {}))
      if (typeof value === 'string' || typeof value === 'number') params[k] = value;
    if (typeof error.details?.max_bytes === 'number') params.size = Math.round(error.details.max_bytes / 1024 / 1024);
    return t(key as MessageKey, params);
  }
  return error.message;
}

/** A CSV row's problem in the reader's language (the API keeps the English message). */
export function importErrorText(t: T, e: ImportError): string {
  for (const key of [`catalog.csv.${e.code}`, `catalog.error.${e.code}`]) {
    if (e.code && key in fr) return t(key as MessageKey, { value: e.value ?? '', field: e.field });
  }
  return e.message;
}

const query = (c: Ctx, name: string) => {
  const value = c.req.query(name);
  return value && isUuid(value) ? value.toLowerCase() : undefined;
};

async function franceVatRate(ctx: AppContext): Promise<number | null> {
  const [row] = await queryRows<{ rate_bp: number }>(ctx.db, sql`select rate_bp from vat_rates where country = 'FR'`);
  return row ? Number(row.rate_bp) : null;
}

// Routes -----------------------------------------------------------------------------------------

export const shopPages: RouteModule = (app, ctx) => {
  const media = { db: ctx.db, media: ctx.media, config: ctx.config };

  const brandByHandle = (c: Ctx): Promise<Account | null> => findBrand(ctx, c.req.param('handle')!.slice(1));
  const notFoundPage = (c: Ctx, key: MessageKey = 'catalog.product.not_found') => renderError(c, 404, tOf(c)(key), ctx);

  // The Shop tab ------------------------------------------------------------------------------
  app.get(`/${HANDLE}/shop`, async (c) => {
    const brand = await brandByHandle(c);
    if (!brand) return notFoundPage(c, 'catalog.shop.not_found');
    if (`@${brand.username}` !== c.req.param('handle')) {
      const url = new URL(c.req.url);
      return c.redirect(`/@${brand.username}/shop${url.search}`, 301);
    }
    const v = viewOf(c, ctx);
    const viewerId = viewerIdOf(c);
    const collectionId = query(c, 'collection') ?? null;
    const maxId = query(c, 'max_id');
    const [products, collections, manages] = await Promise.all([
      listProducts(ctx, viewerId, brand.id, {
        status: 'published',
        collectionId: collectionId ?? undefined,
        maxId,
        limit: SHOP_PAGE,
      }),
      listCollections(ctx, null, brand.id),
      canManageCatalog(ctx, viewerId, brand.id),
    ]);
    const badges = await loadProductBadges(
      ctx.db,
      products.map((p) => p.id),
    );
    const older =
      products.length === SHOP_PAGE
        ? `/@${brand.username}/shop?${new URLSearchParams({ ...(collectionId ? { collection: collectionId } : {}), max_id: products[products.length - 1].id })}`
        : null;
    const name = brand.displayName || brand.username;
    return renderPage(c, {
      meta: {
        title: v.t('catalog.shop.meta_title', { name }),
        description: v.t('catalog.shop.meta_description', { name }),
        url: `${ctx.config.publicUrl}/@${brand.username}/shop${collectionId ? `?collection=${collectionId}` : ''}`,
        image: products[0]?.images[0]
          ? `${ctx.config.publicUrl}/media/${products[0].images[0].path}`
          : brand.avatarPath
            ? `${ctx.config.publicUrl}/media/${brand.avatarPath}`
            : undefined,
        noindex: Boolean(maxId),
      },
      theme: brandTheme(brand),
      body: (
        <ShopPage
          v={v}
          brand={brand}
          manages={manages}
          products={products}
          collections={collections}
          collectionId={collectionId}
          older={older}
          badges={badges}
        />
      ),
    });
  });

  // The product page --------------------------------------------------------------------------
  app.get(`/${HANDLE}/products/:id{${UUID_PARAM}}`, async (c) => {
    const brand = await brandByHandle(c);
    if (!brand) return notFoundPage(c);
    const viewerId = viewerIdOf(c);
    let product: ProductView;
    try {
      product = await getProduct(ctx, viewerId, c.req.param('id'));
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return notFoundPage(c);
      throw error;
    }
    if (product.brandId !== brand.id) return notFoundPage(c);
    if (`@${brand.username}` !== c.req.param('handle') || c.req.param('id') !== product.id) {
      const url = new URL(c.req.url);
      return c.redirect(`${productPagePath(brand, product)}${url.search}`, 301);
    }
    const v = viewOf(c, ctx);
    const selected = pickVariant(product, query(c, 'variant'));
    const [vatRateBp, team, manages] = await Promise.all([
      franceVatRate(ctx),
      seesDrafts(ctx, viewerId, brand.id),
      canManageCatalog(ctx, viewerId, brand.id),
    ]);
    const extensions = await loadProductPageExtensions(ctx.db, {
      productId: product.id,
      brandId: brand.id,
      productTitle: product.title,
      viewerId,
      query: c.req.query(),
      publicUrl: ctx.config.publicUrl,
    });
    const plain =
      descriptionText(product.description, 300) ||
      v.t('catalog.product.meta_description', { title: product.title, brand: brand.displayName || brand.username });
    const image = product.images[0];
    return renderPage(c, {
      meta: {
        title: product.title,
        description: plain,
        url: `${ctx.config.publicUrl}${productPagePath(brand, product)}`,
        image: image ? `${ctx.config.publicUrl}/media/${image.path}` : undefined,
        // Layout's PageMeta lists website/profile/article; Open Graph's product type is what link previews read here.
        type: 'product',
        noindex: product.status !== 'published' || Boolean(c.req.query('variant')),
        head: (
          <ProductHead
            publicUrl={ctx.config.publicUrl}
            product={product}
            selected={selected}
            plainDescription={plain}
            extensions={extensions}
          />
        ),
      },
      theme: brandTheme(brand),
      body: (
        <ProductPage
          v={v}
          product={product}
          selected={selected}
          vatRateBp={vatRateBp}
          team={team}
          manages={manages}
          extensions={extensions}
        />
      ),
    });
  });

  // The team's catalog pages ---------------------------------------------------------------------

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
    extra: { flash?: string | null; error?: string | null; status?: 422 } = {},
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
    await deleteCollection(ctx, m.actorId, m.brand.id, c.req.param('collection')).catch((error) => {
      if (!(error instanceof AppError && error.status === 404)) throw error;
    });
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

export const routes: RouteModule[] = [shopPages];
