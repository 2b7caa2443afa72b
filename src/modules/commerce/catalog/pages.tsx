/**
 * Shop pages: a brand's Shop tab (/@brand/shop), every product's page (/@brand/products/:id) with
 * its link-preview tags, and the brand team's catalog pages under /brands/:username/ (product
 * list, product form with variants, images, collections, CSV import). Server-rendered, FR/EN,
 * no JavaScript required.
 */
import type { RouteModule } from '../../../http/app';
import { AppError } from '../../../http/errors';
import type { MessageKey } from '../../../web/i18n';
import { brandTheme, renderError, renderPage, tOf } from '../../../web/page';
import { pageCache } from '../../../web/page-cache';
import { findBrand, type Account } from '../../accounts';
import { canManageCatalog, seesDrafts } from './access';
import { listCollections } from './collections';
import { descriptionText } from './description';
import { getProduct, listProducts } from './read';
import { productPagePath } from './present';
import type { ProductView } from './model';
import { loadProductBadges, loadProductPageExtensions } from '../extensions';
import { pickVariant, ProductHead, ProductPage } from '../views/product-page';
import { ShopPage } from '../views/product-shop';
import { catalogAdminPages } from './admin-pages';
import { type Ctx, franceVatRate, HANDLE, query, SHOP_PAGE, UUID_PARAM, viewerIdOf, viewOf } from './page-helpers';

export { catalogErrorText, importErrorText } from './page-helpers';

// Routes -----------------------------------------------------------------------------------------

export const shopPages: RouteModule = (app, ctx) => {
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
  // The same for every logged-out visitor: rendered once per version of the data (web/page-cache.ts).
  app.get(
    `/${HANDLE}/products/:id{${UUID_PARAM}}`,
    pageCache(ctx).page(
      async (c) => {
        const brand = await brandByHandle(c);
        if (!brand) return notFoundPage(c);
        const viewerId = viewerIdOf(c);
        let product: ProductView;
        try {
          product = await getProduct(ctx, viewerId, c.req.param('id')!);
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
          franceVatRate(ctx, product.taxClass),
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
            noindex: product.status !== 'published' || Boolean(c.req.query('variant') || c.req.query('image')),
            oembed: product.status === 'published',
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
              image={/^\d{1,2}$/.test(c.req.query('image') ?? '') ? Number(c.req.query('image')) : 0}
              variantParam={query(c, 'variant')}
            />
          ),
        });
      },
      { params: ['variant', 'image'] },
    ),
  );

  // The team's catalog pages ---------------------------------------------------------------------

  catalogAdminPages(app, ctx);
};

export const routes: RouteModule[] = [shopPages];
