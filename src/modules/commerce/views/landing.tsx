/**
 * The visitors' landing page: a short, honest pitch with a search box, the brands to follow,
 * products with their photo, and recent posts that sell something (product cards and Buy
 * buttons come with the posts). Everything is a plain link or GET form: no script needed.
 */
import type { FC } from 'hono/jsx';
import { Avatar, ButtonLink, mediaSrc } from '../../../web/components';
import { StatusList, type Hydrated, type ViewContext } from '../../social';
import type { SalePrice } from '../extensions';
import { formatMoney } from '../money';
import { productPath } from './product-card';
import { SaleTag } from './sale-tag';

export type LandingBrand = {
  username: string;
  displayName: string;
  note: string;
  avatarPath: string | null;
  followersCount: number;
};
export type LandingProduct = {
  id: string;
  title: string;
  brandUsername: string;
  brandName: string;
  previewPath: string;
  alt: string;
  price: number | null;
  currency: string | null;
  /** While a price rule runs on the cheapest variant: its reference price (struck through) and the sale. */
  was: number | null;
  sale: SalePrice | null;
};

/** The first sentence or so of a bio: cards stay the same height. */
const shortBio = (note: string) => {
  const text = note.replace(/\s+/g, ' ').trim();
  return text.length > 140 ? `${text.slice(0, 137).trimEnd()}…` : text;
};

const BrandCard: FC<{ v: ViewContext; brand: LandingBrand }> = ({ v, brand }) => {
  const name = brand.displayName || brand.username;
  const profile = `/@${brand.username}`;
  return (
    <li class="card landing-brand">
      <a href={profile} class="landing-brand-head">
        <Avatar account={brand} size="md" class="is-brand" />
        <span>
          <strong>{name}</strong>
          <span class="muted">@{brand.username}</span>
        </span>
      </a>
      {brand.note ? <p class="landing-brand-bio">{shortBio(brand.note)}</p> : null}
      <p class="muted landing-brand-followers">{v.t('landing.followers', { count: brand.followersCount })}</p>
      <div class="landing-brand-actions">
        <ButtonLink href={`${profile}/shop`} variant="secondary">
          {v.t('landing.visit_shop')}
        </ButtonLink>
        <ButtonLink href={`/login?next=${encodeURIComponent(profile)}`}>{v.t('landing.follow')}</ButtonLink>
      </div>
    </li>
  );
};

const ProductTile: FC<{ v: ViewContext; product: LandingProduct }> = ({ v, product }) => {
  const href = productPath({ id: product.id, brandUsername: product.brandUsername });
  return (
    <li class="product-tile landing-product">
      <a href={href} class="product-tile-link" tabindex={-1} aria-hidden="true">
        <img
          class="product-tile-image"
          src={mediaSrc(product.previewPath)}
          alt=""
          width="400"
          height="400"
          loading="lazy"
          decoding="async"
        />
      </a>
      <div class="product-tile-body">
        <h3 class="product-tile-title">
          <a href={href}>{product.title}</a>
        </h3>
        <p class="muted landing-product-brand">{product.brandName || product.brandUsername}</p>
        {product.price !== null && product.currency ? (
          <p class="landing-product-price">
            {v.t('landing.from_price', { price: formatMoney(product.price, product.currency, v.locale) })}
            {product.was ? (
              <>
                {' '}
                <s class="price-old">
                  <span class="visually-hidden">{v.t('catalog.price.was')} </span>
                  {formatMoney(product.was, product.currency, v.locale)}
                </s>
              </>
            ) : null}
            {product.sale ? (
              <>
                {' '}
                <SaleTag v={v} sale={product.sale} />
              </>
            ) : null}
          </p>
        ) : null}
      </div>
    </li>
  );
};

export const Landing: FC<{
  v: ViewContext;
  brands: LandingBrand[];
  products: LandingProduct[];
  posts: { h: Hydrated; ids: string[] };
}> = ({ v, brands, products, posts }) => (
  <div class="landing">
    <section class="landing-hero" aria-labelledby="landing-title">
      <p class="eyebrow">{v.t('landing.eyebrow')}</p>
      <h1 id="landing-title">{v.t('app.tagline')}</h1>
      <p class="lead">{v.t('landing.lead')}</p>
      <form method="get" action="/search" role="search" class="landing-search">
        <label for="landing-q" class="visually-hidden">
          {v.t('landing.search_label')}
        </label>
        <input
          type="search"
          id="landing-q"
          name="q"
          placeholder={v.t('landing.search_placeholder')}
          maxlength={600}
          autocomplete="off"
        />
        <button type="submit" class="button primary">
          {v.t('landing.search_submit')}
        </button>
      </form>
      <div class="actions">
        <ButtonLink href="/signup">{v.t('landing.cta_signup')}</ButtonLink>
        <ButtonLink href="/login" variant="secondary">
          {v.t('nav.login')}
        </ButtonLink>
        <a class="arrow-link" href="/local">
          {v.t('landing.cta_local')}
        </a>
      </div>
    </section>

    {brands.length ? (
      <section class="landing-section" aria-labelledby="landing-brands">
        <h2 id="landing-brands">{v.t('landing.brands_title')}</h2>
        <ul class="landing-brands">
          {brands.map((brand) => (
            <BrandCard v={v} brand={brand} />
          ))}
        </ul>
      </section>
    ) : null}

    {products.length ? (
      <section class="landing-section" aria-labelledby="landing-products">
        <h2 id="landing-products">{v.t('landing.products_title')}</h2>
        <ul class="product-grid landing-products">
          {products.map((product) => (
            <ProductTile v={v} product={product} />
          ))}
        </ul>
      </section>
    ) : null}

    {posts.ids.length ? (
      <section class="landing-section landing-posts" aria-labelledby="landing-posts">
        <h2 id="landing-posts">{v.t('landing.posts_title')}</h2>
        <StatusList v={v} h={posts.h} ids={posts.ids} empty="" label={v.t('landing.posts_title')} />
        <p>
          <a class="arrow-link" href="/local">
            {v.t('landing.cta_local')}
          </a>
        </p>
      </section>
    ) : null}

    <section class="landing-section" aria-labelledby="landing-works">
      <h2 id="landing-works">{v.t('landing.features_title')}</h2>
      <ul class="grid cols-3 landing-works">
        <li class="card feature">
          <h3>{v.t('landing.f1_title')}</h3>
          <p>{v.t('landing.f1_text')}</p>
        </li>
        <li class="card feature">
          <h3>{v.t('landing.f2_title')}</h3>
          <p>{v.t('landing.f2_text')}</p>
        </li>
        <li class="card feature">
          <h3>{v.t('landing.f3_title')}</h3>
          <p>{v.t('landing.f3_text')}</p>
        </li>
      </ul>
    </section>
  </div>
);
